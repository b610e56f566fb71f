package io.github.scratchimage.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commit checked out in the git work tree that holds a directory, read from the {@code .git}
 * files themselves: no {@code git} executable is needed. Handles a {@code .git} directory, a
 * {@code .git} file ({@code gitdir: PATH}, as in a worktree or a submodule), a symbolic {@code HEAD}
 * whose ref is loose or in {@code packed-refs} (in the common directory of a worktree), and a
 * detached {@code HEAD}. Anything it cannot read (no repository, a branch without commits, the
 * reftable ref format) gives no revision rather than an error.
 */
final class GitRevision {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String GITDIR_PREFIX = "gitdir:";
    private static final String REF_PREFIX = "ref:";
    /** How many symbolic refs are followed before giving up (git itself stops at 5). */
    private static final int MAX_SYMBOLIC_DEPTH = 5;

    private GitRevision() {
    }

    /**
     * The commit id (lower-case hex) of {@code HEAD} in the repository whose work tree contains
     * {@code directory}, or null when there is none or it cannot be read.
     */
    static String of(Path directory) {
        if (directory == null) {
            return null;
        }
        try {
            Path gitDir = findGitDir(directory.toAbsolutePath().normalize());
            if (gitDir == null) {
                return null;
            }
            Path commonDir = commonDir(gitDir);
            String head = readFirstLine(gitDir.resolve("HEAD"));
            return resolve(head, gitDir, commonDir, 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The git directory of the nearest {@code .git} found walking up from {@code start}, or null. */
    private static Path findGitDir(Path start) throws IOException {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return dotGit;
            }
            if (Files.isRegularFile(dotGit)) {
                String line = readFirstLine(dotGit);
                if (line == null || !line.startsWith(GITDIR_PREFIX)) {
                    return null;
                }
                return dir.resolve(line.substring(GITDIR_PREFIX.length()).trim()).normalize();
            }
        }
        return null;
    }

    /** A worktree's git directory names the repository's shared one in {@code commondir}. */
    private static Path commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        if (!Files.isRegularFile(file)) {
            return gitDir;
        }
        String line = readFirstLine(file);
        return line == null || line.isBlank() ? gitDir : gitDir.resolve(line.trim()).normalize();
    }

    private static String resolve(String value, Path gitDir, Path commonDir, int depth) throws IOException {
        if (value == null) {
            return null;
        }
        if (OBJECT_ID.matcher(value).matches()) {
            return value;
        }
        if (!value.startsWith(REF_PREFIX) || depth >= MAX_SYMBOLIC_DEPTH) {
            return null;
        }
        String ref = value.substring(REF_PREFIX.length()).trim();
        if (!ref.startsWith("refs/") || ref.contains("..")) {
            return null;
        }
        for (Path dir : gitDir.equals(commonDir) ? List.of(gitDir) : List.of(gitDir, commonDir)) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return resolve(readFirstLine(loose), gitDir, commonDir, depth + 1);
            }
        }
        return packed(commonDir.resolve("packed-refs"), ref);
    }

    /** The id of {@code ref} in a {@code packed-refs} file: lines {@code <id> <ref>}, {@code #} and {@code ^} lines skipped. */
    private static String packed(Path packedRefs, String ref) throws IOException {
        if (!Files.isRegularFile(packedRefs)) {
            return null;
        }
        for (String line : Files.readAllLines(packedRefs, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.startsWith("^")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space > 0 && line.substring(space + 1).trim().equals(ref)) {
                String id = line.substring(0, space);
                return OBJECT_ID.matcher(id).matches() ? id : null;
            }
        }
        return null;
    }

    private static String readFirstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? null : lines.get(0).trim();
    }
}
