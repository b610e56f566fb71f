#!/usr/bin/env python3
"""Deterministic inputs and Maven projects for the benchmark (python3 stdlib only).

Subcommands:
  inputs DIR             200 x 256,000 random bytes in DIR/files, a few small files in DIR/small
  many DIR               20,000 small files (100..1,000 bytes) in DIR/many/dNN/
  big FILE               one 2 GiB file of random bytes
  change FILE ROUND      rewrite FILE (same size) with new deterministic content for ROUND
  fresh DIR SIZE         8 files of SIZE bytes of compressible text in DIR/fresh (f0.txt .. f7.txt)
  change-text FILE ROUND rewrite FILE (same size) with new deterministic text for ROUND
  bigtext FILE SIZE      one file of SIZE bytes of the same kind of text, written block by block
  projects WORK LAYOUT   write the Maven projects under WORK/projects (LAYOUT: see projects())
  base-projects WORK     copy each WORK/projects/ours-NAME to base-NAME, for the baseline
"""
import os
import random
import sys

SEED = 20260105
FILE_COUNT = 200
FILE_SIZE = 256_000
MANY_COUNT = 20_000
BIG_SIZE = 2 * 1024 ** 3
CHUNK = 8 * 1024 * 1024
OURS = ("io.github.scratchimage", "scratch-maven-plugin", "0.1.0-SNAPSHOT")
JIB = ("com.google.cloud.tools", "jib-maven-plugin", "3.5.2")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)


def inputs(root):
    rnd = random.Random(SEED)
    for i in range(FILE_COUNT):
        write(os.path.join(root, "files", "f%03d.bin" % i), rnd.randbytes(FILE_SIZE))
    small = {
        "etc/app.conf": b"mode=bench\nthreads=2\n" * 20,
        "etc/motd": b"benchmark image\n",
        "share/doc/README": b"Benchmark input, generated with a fixed seed.\n" * 40,
        "share/doc/LICENSE": rnd.randbytes(1500),
        "VERSION": b"1\n",
    }
    for name, data in small.items():
        write(os.path.join(root, "small", name), data)


def many(root):
    rnd = random.Random(SEED + 1)
    for i in range(MANY_COUNT):
        size = rnd.randint(100, 1000)
        write(os.path.join(root, "many", "d%02d" % (i // 200), "f%05d.dat" % i), rnd.randbytes(size))


def big(path):
    rnd = random.Random(SEED + 2)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        left = BIG_SIZE
        while left:
            n = min(CHUNK, left)
            out.write(rnd.randbytes(n))
            left -= n


def change(path, round_no):
    size = os.path.getsize(path)
    write(path, random.Random(SEED * 1000 + int(round_no)).randbytes(size))


FRESH_COUNT = 8


def text_lines():
    """20,000 lines of words from a fixed vocabulary, each ending in a number."""
    rnd = random.Random(SEED + 9)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 10)))
             for _ in range(2000)]
    return [(" ".join(rnd.choice(vocab) for _ in range(rnd.randint(4, 12))) + " %d\n" % rnd.randint(0, 99999)).encode()
            for _ in range(20000)]


def text_blocks(rnd, size):
    """size bytes of text-like data in blocks of about 200 KB: the lines of text_lines() in an
    order drawn from rnd, compressing about as well as logs or source code do. A new draw for every
    line, never a repeated block, so that no compressor with a window larger than gzip's finds
    long repeats that real text would not have."""
    lines = text_lines()
    left = size
    while left > 0:
        block = b"".join(rnd.choices(lines, k=4096))[:left]
        yield block
        left -= len(block)


def text(rnd, size):
    return b"".join(text_blocks(rnd, size))


def fresh(root, size):
    for i in range(FRESH_COUNT):
        write(os.path.join(root, "fresh", "f%d.txt" % i), text(random.Random(SEED + 10 + i), int(size)))


def change_text(path, round_no):
    size = os.path.getsize(path)
    write(path, text(random.Random(SEED * 1000 + 500 + int(round_no)), size))


def bigtext(path, size):
    """Written as it is drawn (about 3 s per GiB here), never held whole in memory."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        for block in text_blocks(random.Random(SEED + 20), int(size)):
            out.write(block)


def plugin(coords, config, extra=""):
    g, a, v = coords
    return f"""      <plugin>
        <groupId>{g}</groupId>
        <artifactId>{a}</artifactId>
        <version>{v}</version>
{extra}        <configuration>
{config}        </configuration>
      </plugin>
"""


def pom(artifact, packaging, plugins):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>{artifact}</artifactId>
  <version>1</version>
  <packaging>{packaging}</packaging>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
    <bench.registry>127.0.0.1:5000</bench.registry>
    <bench.tag>1</bench.tag>
    <bench.cache>${{project.build.directory}}/scratch/cache</bench.cache>
  </properties>
  <build>
    <plugins>
{plugins}    </plugins>
  </build>
</project>
"""


def entries(layers, template, include_xml):
    """One XML block per layer: layers are (name, source dir, target, include or None, per file)."""
    return "".join(template.format(name=n, src=src, target=target,
                                   inc=include_xml.format(include) if include else "",
                                   perfile="\n              <layerPerFile>true</layerPerFile>" if per_file else "")
                   for n, src, target, include, per_file in layers)


OURS_LAYER = """            <layer>
              <name>{name}</name>{perfile}
              <files>
                <file>
                  <source>{src}</source>
                  <target>{target}</target>{inc}
                </file>
              </files>
            </layer>
"""
JIB_PATH = """              <path>
                <from>{src}</from>
                <into>{target}</into>{inc}
              </path>
"""


def ours_project(name, layers):
    out = entries(layers, OURS_LAYER, "\n                  <includes><include>{}</include></includes>")
    config = f"""          <image>${{bench.registry}}/bench/{name}:${{bench.tag}}</image>
          <allowInsecureRegistries>true</allowInsecureRegistries>
          <cacheDirectory>${{bench.cache}}</cacheDirectory>
          <format>oci</format>
          <outputFile>${{project.build.directory}}/scratch/image.tar</outputFile>
          <layers>
{out}          </layers>
"""
    return pom("ours-" + name, "pom", plugin(OURS, config))


def jib_project(name, layers):
    paths = entries(layers, JIB_PATH, "\n                <includes>{}</includes>")
    config = f"""          <from><image>scratch</image></from>
          <to><image>${{bench.registry}}/bench/{name}-jib:${{bench.tag}}</image></to>
          <allowInsecureRegistries>true</allowInsecureRegistries>
          <container>
            <format>OCI</format>
            <entrypoint>INHERIT</entrypoint>
          </container>
          <extraDirectories>
            <paths>
{paths}            </paths>
          </extraDirectories>
"""
    return pom("jib-" + name, "jar", plugin(JIB, config))


def projects(work, layout):
    """layout: per-file (ours: one <layer> with <layerPerFile>; Jib: one path per file),
    per-file-blocks (both: one block per file), or single (one layer holds the 200 files)."""
    inp = os.path.join(work, "input")
    small = ("small", inp + "/small", "/app", None, False)
    one_per_file = [("f%03d" % i, inp + "/files", "/data", "f%03d.bin" % i, False) for i in range(FILE_COUNT)]
    if layout == "per-file":
        ours_main = [("files", inp + "/files", "/data", None, True), small]
        jib_main = one_per_file + [small]
    elif layout == "per-file-blocks":
        ours_main = jib_main = one_per_file + [small]
    elif layout == "single":
        ours_main = jib_main = [("files", inp + "/files", "/data", None, False), small]
    else:
        sys.exit("unknown LAYOUT " + layout + "; use per-file, per-file-blocks or single")
    cases = {
        "app": (ours_main, jib_main),
        "many": ([("many", inp + "/many", "/many", None, False)],) * 2,
        "big": ([("big", inp + "/big", "/big", None, False)],) * 2,
        # one layer per file in both tools (Jib: one extraDirectories path per file)
        "fresh": ([("f%d" % i, inp + "/fresh", "/data", "f%d.txt" % i, False) for i in range(FRESH_COUNT)],) * 2,
        "bigtext": ([("bigtext", inp + "/bigtext", "/data", "bigtext.txt", False)],) * 2,
    }
    for name, (ours_layers, jib_layers) in cases.items():
        d = os.path.join(work, "projects", "ours-" + name)
        write(os.path.join(d, "pom.xml"), ours_project(name, ours_layers).encode())
        d = os.path.join(work, "projects", "jib-" + name)
        write(os.path.join(d, "pom.xml"), jib_project(name, jib_layers).encode())
        os.makedirs(os.path.join(d, "target", "classes"), exist_ok=True)


def base_projects(work):
    """The baseline (an older build of our plugin) gets a copy of each of our projects: the same
    POM, so the same plugin configuration, with its own artifactId and image repository
    (bench/NAME-base), so that its target/ and its pushes stay apart from ours."""
    root = os.path.join(work, "projects")
    for entry in sorted(os.listdir(root)):
        if not entry.startswith("ours-"):
            continue
        name = entry[len("ours-"):]
        with open(os.path.join(root, entry, "pom.xml"), encoding="utf-8") as f:
            text = f.read()
        for old, new in (("<artifactId>ours-%s</artifactId>" % name, "<artifactId>base-%s</artifactId>" % name),
                         ("/bench/%s:" % name, "/bench/%s-base:" % name)):
            if text.count(old) != 1:
                sys.exit("%s/pom.xml: expected %r once" % (entry, old))
            text = text.replace(old, new)
        write(os.path.join(root, "base-" + name, "pom.xml"), text.encode())


def main(argv):
    cmd = argv[1]
    if cmd == "inputs":
        inputs(argv[2])
    elif cmd == "many":
        many(argv[2])
    elif cmd == "big":
        big(argv[2])
    elif cmd == "change":
        change(argv[2], argv[3])
    elif cmd == "fresh":
        fresh(argv[2], argv[3])
    elif cmd == "change-text":
        change_text(argv[2], argv[3])
    elif cmd == "bigtext":
        bigtext(argv[2], argv[3])
    elif cmd == "projects":
        projects(argv[2], argv[3])
    elif cmd == "base-projects":
        base_projects(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
