#!/usr/bin/env python3
"""Turns the benchmark's raw timings into the Markdown table (python3 stdlib only).

usage: report.py TIMES.tsv NOTES.tsv OUT.md [KEY=VALUE ...]
TIMES rows: case, tool, kind (validate | run | pigz | receive | receive-layers), seconds, exit code
NOTES rows: case, tool, key, value
"""
import collections
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys


def read_rows(path, width):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == width:
                rows.append(parts)
    return rows


class Results:
    def __init__(self, times, notes, meta):
        self.ok = collections.defaultdict(list)
        self.failed = collections.Counter()
        for case, tool, kind, seconds, rc in times:
            if rc == "0":
                self.ok[(case, tool, kind)].append(float(seconds))
            else:
                self.failed[(case, tool, kind)] += 1
        self.notes = collections.defaultdict(list)
        for case, tool, key, value in notes:
            self.notes[(case, tool, key)].append(value)
        self.meta = meta

    def median(self, case, tool, kind):
        values = self.ok.get((case, tool, kind))
        return statistics.median(values) if values else None

    def plugin_time(self, case, tool):
        """Median wall time of the goal minus median wall time of `mvn validate`."""
        run = self.median(case, tool, "run")
        base = self.median(case, tool, "validate")
        if run is None or base is None or self.failed[(case, tool, "run")]:
            return None
        return max(run - base, 0.0)

    def ran(self, case, tool):
        return bool(self.ok.get((case, tool, "run")) or self.failed[(case, tool, "run")])

    def bound(self, name, receive="receive"):
        """pigz time plus the median of one receive kind: "receive" (one blob), "receive-layers"
        (the image's blobs, one per layer) or None (pigz alone)."""
        pigz = self.median("bound-" + name, "bound", "pigz")
        rec = self.median("bound-" + name, "bound", receive) if receive else 0.0
        if pigz is None or rec is None:
            return None
        return pigz + rec


def fmt(seconds):
    return "—" if seconds is None else "%.2f" % seconds


def ratio(ours, jib):
    return "—" if ours is None or jib is None or jib == 0 else "%.2f" % (ours / jib)


def ours_cell(r, case, goal, tool="ours"):
    """Our plugin's time in CASE, or why there is none; TOOL names the variant (gzip, zstd) or the
    older build (base)."""
    t = r.plugin_time(case, tool)
    if t is not None:
        return fmt(t)
    if not r.ran(case, tool):
        has_goal = r.meta.get(("BASE_" if tool == "base" else "") + goal.upper()) == "1"
        return "not run" if has_goal else "not run (goal %s missing)" % goal
    return "FAILED %d/%d" % (r.failed[(case, tool, "run")],
                            r.failed[(case, tool, "run")] + len(r.ok.get((case, tool, "run"), [])))


def verdict(conditions, failures=0):
    """conditions: list of (description, bool or None); None means not measured."""
    if failures:
        return "FAIL (%d run(s) of ours failed)" % failures
    if any(c is None for _, c in conditions):
        return "not measured"
    failed = [d for d, c in conditions if not c]
    return "PASS" if not failed else "FAIL (" + "; ".join(failed) + ")"


def ints(values):
    return [int(v) for v in values if re.fullmatch(r"\d+", v)]


def output_bytes(r, case, tool):
    """Median size of the image tarball the save runs of TOOL wrote in CASE, or None."""
    sizes = [int(m.group(1)) for v in r.notes.get((case, tool, "output"), [])
             for m in [re.fullmatch(r"(\d+) bytes", v)] if m]
    return int(statistics.median(sizes)) if sizes else None


def size_label(r, key):
    size = r.meta.get(key, "?")
    return "{:,} B".format(int(size)) if size.isdigit() else size


def upload_counts(r, case):
    """Blob uploads per push: all of them, and those of the pushed image itself (config and layers;
    the rest are attachments such as the SBOM). Older runs noted only the first: then both are it."""
    uploads = ints(r.notes.get((case, "ours", "uploads"), []))
    image_uploads = ints(r.notes.get((case, "ours", "image-uploads"), [])) or uploads
    return uploads, image_uploads


def rows(r):
    out = []

    def speed_row(label, case, goal, target_ratio, bound, bound_factor, bound_cell=None):
        ours, jib = r.plugin_time(case, "ours"), r.plugin_time(case, "jib")
        conds = [("> %.2f × Jib" % target_ratio,
                  None if ours is None or jib is None else ours <= target_ratio * jib)]
        target = "≤ %.2f × Jib" % target_ratio
        if bound_factor:
            conds.append(("> %.1f × bound" % bound_factor,
                          None if ours is None or bound is None else ours <= bound_factor * bound))
            target += ", ≤ %.1f × bound" % bound_factor
        out.append((case, goal, [label, ours_cell(r, case, goal), fmt(jib), ratio(ours, jib), target,
                                 bound_cell or fmt(bound), verdict(conds, r.failed[(case, "ours", "run")])]))

    # With one layer per file the registry must take 202 blobs (one POST and one PUT each), not one:
    # the bound is then pigz plus receiving those blobs; the one-blob figure is shown beside it.
    one_blob, layer_blobs = r.bound("app"), r.bound("app", "receive-layers")
    if layer_blobs is None:
        speed_row("Cold build + push (200 × 256,000 B + small files)", "cold", "push", 0.25, one_blob, 1.5)
    else:
        speed_row("Cold build + push (200 × 256,000 B + small files)", "cold", "push", 0.25, layer_blobs, 1.5,
                  "%s (as 1 blob: %s)" % (fmt(layer_blobs), fmt(one_blob)))

    ours = r.plugin_time("warm", "ours")
    uploads = ints(r.notes.get(("warm", "ours", "uploads"), []))
    conds = [("> 0.3 s", None if ours is None else ours <= 0.3),
             ("uploaded %s blobs" % uploads, None if not uploads else max(uploads) == 0)]
    floor = r.plugin_time("warm", "floor")
    out.append(("warm", "push", ["Warm push, nothing changed", ours_cell(r, "warm", "push"),
                fmt(r.plugin_time("warm", "jib")), ratio(ours, r.plugin_time("warm", "jib")),
                "≤ 0.30 s, no upload", "Maven floor: " + fmt(floor),
                verdict(conds, r.failed[("warm", "ours", "run")])]))

    ours = r.plugin_time("change", "ours")
    uploads, image_uploads = upload_counts(r, "change")
    changed = ints(r.notes.get(("change", "ours", "changed-layers"), []))
    conds = [("layers changed per push: %s" % changed, None if not changed else set(changed) == {1}),
             ("image blobs uploaded per push: %s (all blobs, SBOM included: %s)" % (image_uploads, uploads),
              None if not image_uploads else max(image_uploads) <= 2)]
    out.append(("change", "push", ["One of the 200 files changed, push", ours_cell(r, "change", "push"),
                fmt(r.plugin_time("change", "jib")), ratio(ours, r.plugin_time("change", "jib")),
                "only that layer (+ config) uploaded", "—", verdict(conds, r.failed[("change", "ours", "run")])]))

    ours, jib = r.plugin_time("fresh", "ours"), r.plugin_time("fresh", "jib")
    uploads, image_uploads = upload_counts(r, "fresh")
    changed = ints(r.notes.get(("fresh", "ours", "changed-layers"), []))
    size = size_label(r, "FRESH_SIZE")
    conds = [("> 0.20 × Jib", None if ours is None or jib is None else ours <= 0.2 * jib),
             ("layers changed per push: %s" % changed, None if not changed else set(changed) == {1}),
             ("image blobs uploaded per push: %s (all blobs, SBOM included: %s)" % (image_uploads, uploads),
              None if not image_uploads else max(image_uploads) <= 2)]
    out.append(("fresh", "push", ["Fresh runner, warm registry: 8 × %s text, 1 file changed, no target/ or cache" % size,
                ours_cell(r, "fresh", "push"), fmt(jib), ratio(ours, jib),
                "≤ 0.20 × Jib, only that layer (+ config) uploaded", "—",
                verdict(conds, r.failed[("fresh", "ours", "run")])]))

    speed_row("Save cold (`scratch:save` vs `jib:buildTar`)", "save", "save", 0.25,
              r.bound("app", receive=None), None)
    speed_row("20,000 small files in one layer, cold push", "many", "push", 0.25, r.bound("many"), None)

    ours = r.plugin_time("memory", "ours")
    oom = r.notes.get(("memory", "ours", "oom"))
    passed = None if not r.ran("memory", "ours") else (ours is not None and not oom)
    out.append(("memory", "push", ["2 GiB single file, cold push, `MAVEN_OPTS=-Xmx64m`", ours_cell(r, "memory", "push"),
                "—", "—", "builds and pushes", fmt(r.bound("big")),
                verdict([("failed" + (" (OutOfMemoryError)" if oom else ""), passed)])]))

    # issue 17: one large compressible layer, where the time is the compression's; pigz -6 on the
    # same cores is what a parallel gzip can reach
    ours, jib = r.plugin_time("bigtext", "ours"), r.plugin_time("bigtext", "jib")
    pigz = r.bound("bigtext", receive=None)
    out.append(("bigtext", "save", ["One %s text file as one layer, cold save (`scratch:save` vs `jib:buildTar`)"
                % size_label(r, "BIGTEXT_SIZE"), ours_cell(r, "bigtext", "save"), fmt(jib), ratio(ours, jib),
                "≤ 1.15 × pigz", "pigz: %s (ours/pigz: %s)" % (fmt(pigz), ratio(ours, pigz)),
                verdict([("> 1.15 × pigz", None if ours is None or pigz is None else ours <= 1.15 * pigz)],
                        r.failed[("bigtext", "ours", "run")])]))
    return out


# the cases bench/run also runs the baseline in (not memory, nor zstd, which has its own table)
BASE_CASES = ("cold", "warm", "change", "fresh", "save", "many", "bigtext")


def has_base(r):
    """True when the run measured an older build of ours (BASELINE) beside the current one."""
    return "BASELINE" in r.meta or any(tool == "base" for _, tool, _ in set(r.ok) | set(r.failed))


def main_table(r):
    """The header and rows of the main table; with a baseline, its time and ours / base follow the
    ratio to Jib."""
    head = ["case", "ours (s)", "Jib (s)", "ratio", "target", "bound (s)", "verdict"]
    if not has_base(r):
        return head, [row for _, _, row in rows(r)]
    return (head[:4] + ["base (s)", "ours / base"] + head[4:],
            [row[:4] + base_cells(r, case, goal) + row[4:] for case, goal, row in rows(r)])


def base_cells(r, case, goal):
    """The baseline's time in CASE and our time divided by it, where both exist."""
    if case not in BASE_CASES:
        return ["—", "—"]
    return [ours_cell(r, case, goal, "base"), ratio(r.plugin_time(case, "ours"), r.plugin_time(case, "base"))]


def zstd_rows(r):
    """Cold save of the fresh case's 8 text files, gzip (level 6) against zstd (level 3)."""
    size = r.meta.get("FRESH_SIZE", "")
    original = 8 * int(size) if size.isdigit() else None
    gzip_time, gzip_bytes = r.plugin_time("zstd", "gzip"), output_bytes(r, "zstd", "gzip")
    body = []
    for tool, level in (("gzip", 6), ("zstd", 3)):
        t, n = r.plugin_time("zstd", tool), output_bytes(r, "zstd", tool)
        body.append(["%s -%d" % (tool, level), ours_cell(r, "zstd", "save", tool),
                     "—" if n is None else "{:,}".format(n),
                     ratio(n, original), ratio(t, gzip_time), ratio(n, gzip_bytes),
                     ", ".join(r.notes.get(("zstd", tool, "layer-types"), [])[-1:]) or "—"])
    return body


def table(header, body):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        mvn = subprocess.run(["mvn", "-v"], capture_output=True, text=True, check=False).stdout
        mvn = re.sub(r"\x1b\[[0-9;]*m", "", mvn).splitlines()
        maven = mvn[0].strip() if mvn else "?"
        java = next((l.strip() for l in mvn if l.startswith("Java version")), "?")
    except OSError:
        maven, java = "?", "?"
    return "%d × %s, %s, %s, %s" % (os.cpu_count() or 0, cpu, platform.platform(terse=True), maven, java)


def raw(r):
    body = []
    for key in sorted(set(r.ok) | set(r.failed)):
        values = r.ok.get(key, [])
        body.append([key[0], key[1], key[2], str(len(values)), str(r.failed[key]),
                     fmt(statistics.median(values)) if values else "—",
                     " ".join("%.2f" % v for v in values)])
    return table(["case", "tool", "kind", "ok", "failed", "median (s)", "all (s)"], body)


def notes(r):
    lines = []
    for (case, tool, key), values in sorted(r.notes.items()):
        lines.append("- %s / %s / %s: %s" % (case, tool, key, ", ".join(values)))
    return "\n".join(lines)


def base_intro(r):
    """With a baseline, what its columns are; else nothing, so that the text stays as it was."""
    if not has_base(r):
        return ""
    return (" Base: our plugin at version %s, an older build, measured in the same rounds and the same way "
            "as ours, on its own copy of each project (own `target/`, cache and image repository); "
            "ours / base below 1 means the current code is faster." % r.meta.get("BASELINE", "?"))


def main(argv):
    times = read_rows(argv[1], 5)
    note_rows = read_rows(argv[2], 4)
    meta = dict(a.split("=", 1) for a in argv[4:])
    r = Results(times, note_rows, meta)
    head, body = main_table(r)
    zstd_table = table(["compression", "time (s)", "image tarball (B)", "tarball / input", "time / gzip",
                        "size / gzip", "layer media type"], zstd_rows(r))
    text = "\n\n".join([
        "# Benchmark: scratch-maven-plugin vs Jib 3.5.2",
        "Run %s on %s. %s." % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), machine(),
                                ", ".join("%s=%s" % kv for kv in meta.items())),
        "Each time is the goal's own time: median wall time of `mvn <goal>` minus median wall time of "
        "`mvn validate` on the same project. Bound: `pigz -6` of a tar of the same bytes plus the "
        "time the same registry takes to receive them: with one layer per file as the image's 201 "
        "layer blobs (pigz -6 each, 4 uploads at a time; in brackets: as one monolithic blob), "
        "else as one blob (save: pigz only). Warm push, Maven floor: the same push with `-Dscratch.skip=true`, "
        "measured the same way: what Maven takes to load, configure and run our goal when it returns at once. "
        "Large text file: the bound is `pigz -6 -c` of a tar of the file, timed once in each round after "
        "both tools." + base_intro(r),
        table(head, body),
        "## zstd against gzip\n\n"
        "Cold `scratch:save` of the fresh case's 8 text files (8 × %s, one layer each), default "
        "compression (gzip, level 6) against `-Dscratch.compression=zstd` (level 3), in alternating "
        "order; size: the image tarball.\n\n" % size_label(r, "FRESH_SIZE")
        + zstd_table,
        "## Raw timings\n\n" + raw(r),
        "## Checks\n\n" + (notes(r) or "(none)"),
    ]) + "\n"
    with open(argv[3], "w", encoding="utf-8") as f:
        f.write(text)
    print(table(head, body))
    if r.ran("zstd", "gzip") or r.ran("zstd", "zstd"):
        print()
        print(zstd_table)


if __name__ == "__main__":
    main(sys.argv)
