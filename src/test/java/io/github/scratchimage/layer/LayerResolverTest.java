package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.layer.LayerEntry.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerResolverTest {
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09.750Z");

    @TempDir
    Path dir;

    static FileSpec spec(int index, Path source, String target) {
        return new FileSpec(source, target, null, null, 0, 0, null, null, "layers/layer[1]/files/file[" + index + "]");
    }

    static LayerSpec layer(FileSpec... files) {
        return new LayerSpec("app", List.of(files), "layers/layer[1]");
    }

    static List<String> describe(List<LayerEntry> entries) {
        return entries.stream().map(e -> e.type() + " " + e.path() + " " + Integer.toOctalString(e.mode()) + " "
                + e.uid() + ":" + e.gid() + (e.linkTarget() != null ? " -> " + e.linkTarget() : "")).toList();
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void fileSourceGoesToTargetWithParentDirectories() throws IOException {
        Path app = write(dir.resolve("target/app"), "binary");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-x---"));
        Path conf = write(dir.resolve("app.conf"), "x=1");

        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, app, "/usr/local/bin/app"),
                spec(2, conf, "/etc/app.conf")), TIME);

        assertThat(describe(entries)).containsExactly(
                "DIRECTORY etc 755 0:0",
                "FILE etc/app.conf 644 0:0",
                "DIRECTORY usr 755 0:0",
                "DIRECTORY usr/local 755 0:0",
                "DIRECTORY usr/local/bin 755 0:0",
                "FILE usr/local/bin/app 755 0:0");
        LayerEntry file = entries.get(5);
        assertThat(file.source()).isEqualTo(app);
        assertThat(file.size()).isEqualTo(6);
        assertThat(entries).allSatisfy(e -> assertThat(e.mtime()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z")));
    }

    @Test
    void modeAndOwnerOverrideDefaults() throws IOException {
        Path app = write(dir.resolve("app"), "binary");
        FileSpec spec = new FileSpec(app, "/opt/app", 04750, null, 65532, 1000, null, null, "layers/layer[1]/files/file[1]");

        assertThat(describe(LayerResolver.resolve(layer(spec), TIME)))
                .containsExactly("DIRECTORY opt 755 0:0", "FILE opt/app 4750 65532:1000");
    }

    @Test
    void fileTargetEndingWithSlashKeepsTheFileName() throws IOException {
        Path app = write(dir.resolve("app"), "binary");
        assertThat(describe(LayerResolver.resolve(layer(spec(1, app, "/bin/")), TIME)))
                .containsExactly("DIRECTORY bin 755 0:0", "FILE bin/app 644 0:0");
    }

    @Test
    void directorySourceCopiesContentsWithSymlinksEmptyDirectoriesAndModes() throws IOException {
        Path root = dir.resolve("site");
        write(root.resolve("index.html"), "<html/>");
        Path run = write(root.resolve("bin/run.sh"), "#!/bin/sh");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("home.html"), Path.of("index.html"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("../nowhere/at/all"));
        Files.createSymbolicLink(root.resolve("binlink"), Path.of("bin"));
        FileSpec spec = new FileSpec(root, "/srv/www", null, 0750, 33, 33, null, null, "layers/layer[1]/files/file[1]");

        assertThat(describe(LayerResolver.resolve(layer(spec), TIME))).containsExactly(
                "DIRECTORY srv 755 0:0",
                "DIRECTORY srv/www 750 33:33",
                "DIRECTORY srv/www/bin 750 33:33",
                "FILE srv/www/bin/run.sh 755 33:33",
                "SYMLINK srv/www/binlink 777 33:33 -> bin",
                "SYMLINK srv/www/dangling 777 33:33 -> ../nowhere/at/all",
                "DIRECTORY srv/www/empty 750 33:33",
                "SYMLINK srv/www/home.html 777 33:33 -> index.html",
                "FILE srv/www/index.html 644 33:33");
    }

    @Test
    void directorySourceAtRootAddsNoRootEntry() throws IOException {
        write(dir.resolve("rootfs/etc/passwd"), "root:x:0:0::/:/bin/sh");
        assertThat(describe(LayerResolver.resolve(layer(spec(1, dir.resolve("rootfs"), "/")), TIME)))
                .containsExactly("DIRECTORY etc 755 0:0", "FILE etc/passwd 644 0:0");
    }

    @Test
    void includesAndExcludesAreRelativeToTheDirectorySource() throws IOException {
        Path root = dir.resolve("classes");
        write(root.resolve("com/example/A.class"), "a");
        write(root.resolve("com/example/A.java"), "a");
        write(root.resolve("com/example/internal/B.class"), "b");
        write(root.resolve("META-INF/MANIFEST.MF"), "m");
        write(root.resolve("tmp/x.class"), "t");
        Files.createDirectories(root.resolve("com/empty"));
        FileSpec spec = new FileSpec(root, "/app", null, null, 0, 0, List.of("**/*.class", "META-INF/"),
                List.of("**/internal/**", "tmp"), "layers/layer[1]/files/file[1]");

        assertThat(describe(LayerResolver.resolve(layer(spec), TIME))).containsExactly(
                "DIRECTORY app 755 0:0",
                "DIRECTORY app/META-INF 755 0:0",
                "FILE app/META-INF/MANIFEST.MF 644 0:0",
                "DIRECTORY app/com 755 0:0",
                "DIRECTORY app/com/example 755 0:0",
                "FILE app/com/example/A.class 644 0:0");
    }

    @Test
    void literalIncludesPickExactPathsAndSkipTheRest() throws IOException {
        Path root = dir.resolve("files");
        write(root.resolve("f001.bin"), "1");
        write(root.resolve("f002.bin"), "2");
        write(root.resolve("sub/f001.bin"), "3");
        write(root.resolve("sub/deep/x.txt"), "4");
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        FileSpec spec = new FileSpec(root, "/data", null, null, 0, 0, List.of("f001.bin", "/sub/deep/x.txt"),
                List.of(), "layers/layer[1]/files/file[1]");

        assertThat(describe(LayerResolver.resolve(layer(spec), TIME))).containsExactly(
                "DIRECTORY data 755 0:0",
                "FILE data/f001.bin 644 0:0",
                "DIRECTORY data/sub 755 0:0",
                "DIRECTORY data/sub/deep 755 0:0",
                "FILE data/sub/deep/x.txt 644 0:0");
    }

    @Test
    void topLevelSymlinkIsFollowed() throws IOException {
        Path real = write(dir.resolve("real/app-1.0"), "binary");
        Path fileLink = Files.createSymbolicLink(dir.resolve("app"), real);
        Path dirLink = Files.createSymbolicLink(dir.resolve("current"), Path.of("real"));

        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, fileLink, "/bin/app"),
                spec(2, dirLink, "/opt")), TIME);

        assertThat(describe(entries)).containsExactly(
                "DIRECTORY bin 755 0:0",
                "FILE bin/app 644 0:0",
                "DIRECTORY opt 755 0:0",
                "FILE opt/app-1.0 644 0:0");
        assertThat(Files.readString(entries.get(1).source())).isEqualTo("binary");
    }

    @Test
    void orderDoesNotDependOnCreationOrder() throws IOException {
        String[] names = {"b", "a", "a-b", "a.b", "Z", "é", "a/c", "a/b"};
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (int i = 0; i < names.length; i++) {
            write(first.resolve(names[i] + "/f"), names[i]);
            write(second.resolve(names[names.length - 1 - i] + "/f"), names[names.length - 1 - i]);
        }
        List<String> a = describe(LayerResolver.resolve(layer(spec(1, first, "/x")), TIME));
        List<String> b = describe(LayerResolver.resolve(layer(spec(1, second, "/x")), TIME));

        assertThat(a).isEqualTo(b);
        assertThat(a).containsSubsequence("DIRECTORY x/a 755 0:0", "DIRECTORY x/a/b 755 0:0",
                "DIRECTORY x/a/c 755 0:0", "DIRECTORY x/a-b 755 0:0");
    }

    @Test
    void identicalDuplicatesCollapseAndExplicitDirectoryBeatsImpliedParent() throws IOException {
        Path app = write(dir.resolve("app"), "binary");
        Path copy = write(dir.resolve("copy-of-app"), "binary");
        Path tree = dir.resolve("tree");
        write(tree.resolve("bin/tool"), "t");
        FileSpec ownedTree = new FileSpec(tree, "/opt", null, 0700, 7, 7, null, null, "layers/layer[1]/files/file[3]");

        List<String> entries = describe(LayerResolver.resolve(layer(spec(1, app, "/opt/bin/app"),
                spec(2, copy, "/opt/bin/app"), ownedTree, spec(4, app, "/opt/bin/app")), TIME));

        assertThat(entries).containsExactly(
                "DIRECTORY opt 700 7:7",
                "DIRECTORY opt/bin 700 7:7",
                "FILE opt/bin/app 644 0:0",
                "FILE opt/bin/tool 644 7:7");
    }

    @Test
    void twoDifferentFilesForOnePathAreRejectedNamingBoth() throws IOException {
        Path a = write(dir.resolve("a"), "one");
        Path b = write(dir.resolve("b"), "two");

        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/bin/app"), spec(2, b, "/bin/app")), TIME))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("/bin/app")
                .hasMessageContaining("layers/layer[1]/files/file[1]")
                .hasMessageContaining("layers/layer[1]/files/file[2]");
    }

    @Test
    void sameContentWithDifferentModeOrOwnerIsRejected() throws IOException {
        Path a = write(dir.resolve("a"), "one");
        FileSpec other = new FileSpec(a, "/bin/app", 0700, null, 0, 0, null, null, "layers/layer[1]/files/file[2]");
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/bin/app"), other), TIME))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("file[1]").hasMessageContaining("file[2]").hasMessageContaining("/bin/app");

        FileSpec owned = new FileSpec(a, "/bin/app", null, null, 1, 1, null, null, "layers/layer[1]/files/file[3]");
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/bin/app"), owned), TIME))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("file[3]");
    }

    @Test
    void fileWhereAnotherEntryNeedsADirectoryIsRejected() throws IOException {
        Path a = write(dir.resolve("a"), "one");
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/bin"), spec(2, a, "/bin/app")), TIME))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("/bin")
                .satisfies(e -> assertThat(((InvalidImageException) e).origin() + " " + e.getMessage())
                        .as("both entries named: one as the origin, the other in the message")
                        .contains("layers/layer[1]/files/file[1]").contains("layers/layer[1]/files/file[2]"));
    }

    /** A name whose bytes are not UTF-8 (made by the shell: Java cannot write one) is named, not "not found". */
    @Test
    void aFileNameThatIsNotUtf8NamesTheDirectoryAndTheFix() throws IOException {
        write(dir.resolve("site/ok.txt"), "ok");
        io.github.scratchimage.testing.ProcessRunner.create().inDirectory(dir.resolve("site"))
                .run("sh", "-c", "printf x > \"$(printf 'bad\\377.txt')\"").requireSuccess();
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "the JVM reads file names as UTF-8 (run the tests with a UTF-8 locale)");

        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, dir.resolve("site"), "/srv")), TIME))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.SOURCE).hasFieldOrPropertyWithValue("origin", "layers/layer[1]/files/file[1]")
                .hasMessageContaining("a file in " + dir.resolve("site") + " is not valid UTF-8 (read as 'bad\uFFFD.txt')")
                .hasMessageContaining("rename it");
    }

    @Test
    void missingSourceNamesFileAndBasedir() {
        Path missing = dir.resolve("target/missing");
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(2, missing, "/app")), TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("SOURCE layers/layer[1]/files/file[2]"))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("${basedir}");
    }

    @Test
    void sourceThatIsALinkIsFollowedAndADanglingOneDoesNotExist() throws IOException {
        write(dir.resolve("real/app.conf"), "x=1");
        Path link = Files.createSymbolicLink(dir.resolve("conf-link"), dir.resolve("real"));
        assertThat(LayerResolver.resolve(layer(spec(1, link, "/etc/app")), TIME))
                .extracting(e -> e.type() + " " + e.path()).containsExactly("DIRECTORY etc", "DIRECTORY etc/app",
                        "FILE etc/app/app.conf");

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(4, dangling, "/app")), TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("SOURCE layers/layer[1]/files/file[4]"))
                .hasMessageContaining(dangling.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void unreadableSourceIsRejected() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path secret = write(dir.resolve("secret"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, secret, "/secret")), TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("SOURCE layers/layer[1]/files/file[1]"))
                .hasMessageContaining(secret.toString());
    }

    @Test
    void relativeTargetOrDotDotIsRejected() throws IOException {
        Path a = write(dir.resolve("a"), "one");
        for (String target : new String[] {"usr/bin/app", "/usr/../etc/passwd", "/..", "", "./app"}) {
            assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(3, a, target)), TIME))
                    .as(target)
                    .isInstanceOfSatisfying(InvalidImageException.class,
                            e -> assertThat(e.field() + " " + e.origin()).isEqualTo("TARGET layers/layer[1]/files/file[3]"))
                    .hasMessageContaining("absolute")
                    .hasMessageContaining("without ..");
        }
    }

    @Test
    void plainFileAtRootIsRejected() throws IOException {
        Path a = write(dir.resolve("a"), "one");
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/")), TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("TARGET layers/layer[1]/files/file[1]"));
    }

    @Test
    void symlinkLoopsInSourceDirectoryAreRejected() throws IOException {
        Path pair = dir.resolve("pair");
        Files.createDirectories(pair);
        Files.createSymbolicLink(pair.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(pair.resolve("b"), Path.of("a"));
        assertLoop(pair, "a");

        Path self = dir.resolve("self");
        Files.createDirectories(self.resolve("sub"));
        Files.createSymbolicLink(self.resolve("sub/me"), self.resolve("sub/me"));
        assertLoop(self, "me");

        Path viaDirectory = dir.resolve("via");
        Files.createDirectories(viaDirectory);
        Files.createSymbolicLink(viaDirectory.resolve("d"), Path.of("e/x"));
        Files.createSymbolicLink(viaDirectory.resolve("e"), Path.of("d"));
        assertLoop(viaDirectory, "d");
    }

    private void assertLoop(Path source, String linkName) {
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, source, "/x")), TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("SOURCE layers/layer[1]/files/file[1]"))
                .hasMessageContaining("loop")
                .hasMessageContaining(linkName);
    }

    @Test
    void topLevelSymlinkLoopIsRejectedAsLoop() throws IOException {
        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("a"));
        assertThatThrownBy(() -> LayerResolver.resolve(layer(spec(1, a, "/x")), TIME))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("loop");
    }

    @Test
    void linksThroughOtherLinksAreNotLoops() throws IOException {
        Path root = dir.resolve("chain");
        write(root.resolve("real/file"), "x");
        Files.createSymbolicLink(root.resolve("one"), Path.of("real"));
        Files.createSymbolicLink(root.resolve("two"), Path.of("one/file"));
        Files.createSymbolicLink(root.resolve("up"), Path.of(".."));

        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, root, "/c")), TIME);

        assertThat(entries).filteredOn(e -> e.type() == Type.SYMLINK).extracting(LayerEntry::linkTarget)
                .containsExactly("real", "one/file", "..");
    }

    @Test
    void nonAsciiNamesAreKept() throws IOException {
        Path root = dir.resolve("données");
        write(root.resolve("résumé-日本.txt"), "x".repeat(3));
        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, root, "/données")), TIME);
        assertThat(entries).extracting(LayerEntry::path).containsExactly("données", "données/résumé-日本.txt");
        assertThat(new String(entries.get(1).path().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("données/résumé-日本.txt");
    }

    /**
     * Names of one file in one walked directory: the first in path order is the file, the others link
     * to it, whichever name was created first; a name whose other names are outside the walk is a file.
     */
    @Test
    void hardLinksWithinOneDirectoryLinkToTheFirstNameInPathOrder() throws IOException {
        Path data = write(dir.resolve("src/z/data.bin"), "shared");
        Files.createLink(dir.resolve("src/a-copy"), data);
        Files.createLink(dir.resolve("src/z/b"), data);
        Path lonely = write(dir.resolve("src/lonely"), "one name here");
        Files.createLink(dir.resolve("outside"), lonely);

        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, dir.resolve("src"), "/opt")), TIME);

        assertThat(describe(entries)).containsExactly(
                "DIRECTORY opt 755 0:0",
                "FILE opt/a-copy 644 0:0",
                "FILE opt/lonely 644 0:0",
                "DIRECTORY opt/z 755 0:0",
                "HARDLINK opt/z/b 644 0:0 -> opt/a-copy",
                "HARDLINK opt/z/data.bin 644 0:0 -> opt/a-copy");
        LayerEntry link = entries.get(4);
        assertThat(link.source()).isEqualTo(dir.resolve("src/z/b"));
        assertThat(link.size()).isEqualTo(6);
        assertThat(link.stamp()).isEqualTo(entries.get(1).stamp());
    }

    /** Each file spec keeps its own copy: a hard link only points within what one walk wrote. */
    @Test
    void twoFileSpecsOfOneHardLinkedFileWriteTwoFiles() throws IOException {
        Path data = write(dir.resolve("one/data"), "shared");
        Files.createDirectories(dir.resolve("two"));
        Files.createLink(dir.resolve("two/data"), data);

        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, dir.resolve("one"), "/one"),
                spec(2, dir.resolve("two"), "/two")), TIME);

        assertThat(describe(entries)).containsExactly("DIRECTORY one 755 0:0", "FILE one/data 644 0:0",
                "DIRECTORY two 755 0:0", "FILE two/data 644 0:0");
    }
}
