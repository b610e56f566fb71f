package io.github.scratchimage.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scratchimage.testing.PodmanStore;
import io.github.scratchimage.testing.ProcessRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the invoker ITs' verify.groovy scripts (on their class path through
 * {@code addTestClassPath}): run the real tools and read what they say.
 */
public final class ItTools {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ItTools() {
    }

    /** Runs a command in {@code directory}, fails on a non-zero exit, returns stdout and stderr together. */
    public static String run(File directory, String... command) {
        return runOrFail(ProcessRunner.create(), directory, List.of(command));
    }

    /**
     * Runs podman on a {@link PodmanStore} of its own under {@code directory/target/podman}, so an IT
     * never touches the machine's images; fails on a non-zero exit and returns stdout and stderr
     * together. The store's run root is a short directory under /tmp ({@link PodmanStore#in}).
     */
    public static String podman(File directory, String... arguments) throws IOException {
        PodmanStore store = podmanStore(directory);
        return runOrFail(store.runner(), directory, store.command(arguments));
    }

    /**
     * Removes every image from the store {@link #podman} uses for {@code directory}, then the store's
     * run root under /tmp, which would otherwise outlive the IT.
     */
    public static void podmanClean(File directory) throws IOException {
        podman(directory, "rmi", "-a", "-f");
        podmanStore(directory).deleteRunroot();
    }

    private static PodmanStore podmanStore(File directory) {
        return PodmanStore.in(directory.toPath().resolve("target/podman"));
    }

    /**
     * Runs {@code command} in {@code directory} for at most 5 minutes; fails on a non-zero exit,
     * returns stdout and stderr together.
     */
    private static String runOrFail(ProcessRunner runner, File directory, List<String> command) {
        ProcessRunner.Result result = runner.withTimeout(Duration.ofMinutes(5)).inDirectory(directory.toPath())
                .withErrorsInOutput().run(command);
        if (!result.succeeded()) {
            throw new AssertionError("exit " + result.exitCode() + ": " + String.join(" ", command) + "\n"
                    + result.stdout());
        }
        return result.stdout();
    }

    /** Parses JSON into maps, lists, strings and numbers (object keys keep their order). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        try {
            return MAPPER.readValue(text, LinkedHashMap.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** {@code skopeo inspect [options] IMAGE} as a map. */
    public static Map<String, Object> skopeo(File directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect"));
        command.addAll(Arrays.asList(arguments));
        return json(run(directory, command.toArray(String[]::new)));
    }

    /**
     * Extracts the saved tarball (it is an OCI layout) and unpacks the image tagged {@code tag} with
     * umoci, which checks every layer digest and diff_id. Returns the root file system.
     */
    public static Path umociUnpack(File directory, Path tarball, String tag) throws IOException {
        Path layout = directory.toPath().resolve("target/umoci/layout");
        Path bundle = directory.toPath().resolve("target/umoci/bundle");
        Files.createDirectories(layout);
        run(directory, "tar", "-xf", tarball.toString(), "-C", layout.toString());
        if (isRoot()) {
            run(directory, "umoci", "unpack", "--image", layout + ":" + tag, bundle.toString());
        } else {
            run(directory, "umoci", "unpack", "--rootless", "--image", layout + ":" + tag, bundle.toString());
        }
        return bundle.resolve("rootfs");
    }

    /** Whether this JVM runs as root: only then does umoci restore the owners written in the layers. */
    public static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** Mode bits (07777), uid, gid, type and, for a symlink, its target, read without following links. */
    public static Map<String, Object> stat(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", String.format("%04o", (Integer) attributes.get("mode") & 07777));
        result.put("owner", attributes.get("uid") + ":" + attributes.get("gid"));
        result.put("mtime", attributes.get("lastModifiedTime").toString());
        if (Files.isSymbolicLink(path)) {
            result.put("type", "symlink");
            result.put("link", Files.readSymbolicLink(path).toString());
        } else {
            result.put("type", Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "directory" : "file");
        }
        return result;
    }

    /**
     * Checks a build that had to fail on bad input: build.log shows the failure and every expected
     * piece of the message, and no output file was written.
     */
    public static void assertFailedWithoutOutput(File directory, String... expectedInLog) throws IOException {
        String log = Files.readString(directory.toPath().resolve("build.log"));
        if (!log.contains("BUILD FAILURE")) {
            throw new AssertionError("the build did not fail:\n" + log);
        }
        for (String expected : expectedInLog) {
            if (!log.contains(expected)) {
                throw new AssertionError("build.log does not say '" + expected + "':\n" + log);
            }
        }
        for (String name : List.of("image.tar", "image.digest", "image.json")) {
            Path output = directory.toPath().resolve("target/scratch").resolve(name);
            if (Files.exists(output)) {
                throw new AssertionError("written despite the failure: " + output);
            }
        }
    }

    /**
     * Checks {@code path} in an unpacked image: its type and mode, its owner when {@link #isRoot()}
     * (only then can umoci restore owners), and for all but links the mtime {@code created}.
     *
     * @return the {@link #stat} of the path
     */
    public static Map<String, Object> expectStat(Path rootfs, String path, String type, String mode, String owner,
            String created) throws IOException {
        Map<String, Object> stat = stat(rootfs.resolve(path));
        check(type.equals(stat.get("type")), path + ": " + stat + " is not a " + type);
        check(mode.equals(stat.get("mode")), path + ": " + stat + " has not mode " + mode);
        check(!isRoot() || owner.equals(stat.get("owner")), path + ": " + stat + " has not owner " + owner);
        check(type.equals("symlink") || created.equals(stat.get("mtime")), path + ": " + stat + " has not mtime " + created);
        return stat;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /**
     * Writes the files of the site ITs under {@code data}, including what git cannot carry reliably:
     * an executable bit, a symlink, an empty directory, long and non-ASCII names, and a file that an
     * exclude keeps out.
     */
    public static void writeSiteFiles(Path data) throws IOException {
        Path app = write(data, "app", "pretend this is a static binary\n");
        Files.setPosixFilePermissions(app, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        write(data, "config.txt", "mode=prod\n");
        write(data, "site/index.html", "<h1>hello</h1>\n");
        write(data, "site/css/style.css", "h1 { color: teal }\n");
        write(data, "site/notes.secret", "not for the image\n");
        write(data, "site/" + "d".repeat(120) + "/" + "f".repeat(120) + ".txt", "a long name\n");
        write(data, "site/gr\u00fc\u00dfe-\u65e5\u672c.txt", "a non-ASCII name\n");
        Files.createDirectories(data.resolve("site/empty"));
        Files.createSymbolicLink(data.resolve("site/latest.html"), Path.of("index.html"));
    }

    private static Path write(Path data, String relative, String text) throws IOException {
        Path file = data.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** Every path under {@code root}, relative, sorted. */
    public static List<String> tree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * Makes {@code directory} a git repository of its own with one commit of what it holds (an IT's
     * project lies inside the plugin's checkout, whose commit would otherwise be the revision), and
     * returns that commit as {@code git rev-parse HEAD} gives it.
     */
    public static String commitAll(File directory) {
        String[] identity = {"-c", "user.name=scratch IT", "-c", "user.email=it@example.org", "-c",
            "commit.gpgsign=false"};
        run(directory, "git", "init", "-q");
        run(directory, "git", "add", "-A");
        List<String> commit = new ArrayList<>(List.of("git"));
        commit.addAll(Arrays.asList(identity));
        commit.addAll(List.of("commit", "-q", "--allow-empty", "-m", "IT project"));
        run(directory, commit.toArray(String[]::new));
        return headCommit(directory);
    }

    /** {@code git rev-parse HEAD} in {@code directory}. */
    public static String headCommit(File directory) {
        return run(directory, "git", "rev-parse", "HEAD").trim();
    }
}
