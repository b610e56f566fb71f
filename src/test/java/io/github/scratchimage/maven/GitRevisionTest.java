package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitRevision} against repositories made here by the {@code git} executable: it must name the
 * commit {@code git rev-parse HEAD} names, without running git itself.
 */
class GitRevisionTest {

    /** The user's and the system's git configuration left out, an author given. */
    private static final ProcessRunner GIT = ProcessRunner.create().withEnvironment(Map.of(
            "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_AUTHOR_NAME", "Test", "GIT_AUTHOR_EMAIL", "test@example.org",
            "GIT_COMMITTER_NAME", "Test", "GIT_COMMITTER_EMAIL", "test@example.org"));

    @TempDir
    Path dir;

    private static String git(Path workTree, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", workTree.toString()));
        command.addAll(List.of(arguments));
        return GIT.runChecked(command).stdout().trim();
    }

    private static void commit(Path workTree, String file) throws IOException {
        Files.writeString(workTree.resolve(file), file);
        git(workTree, "add", file);
        git(workTree, "commit", "-q", "-m", "add " + file);
    }

    private Path repository() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        git(repo, "symbolic-ref", "HEAD", "refs/heads/main");
        return repo;
    }

    private static void assertRevision(Path directory, Path workTree) {
        String expected = git(workTree, "rev-parse", "HEAD");
        assertThat(expected).matches("[0-9a-f]{40}");
        assertThat(GitRevision.of(directory)).isEqualTo(expected);
    }

    @Test
    void outsideAnyRepositoryThereIsNone() {
        for (Path parent = dir; parent != null; parent = parent.getParent()) {
            assumeTrue(!Files.exists(parent.resolve(".git")), "the temporary directory is inside " + parent);
        }
        assertThat(GitRevision.of(dir)).isNull();
        assertThat(GitRevision.of(null)).isNull();
    }

    @Test
    void aBranchWithoutCommitsHasNone() throws IOException {
        Path repo = repository();
        assertThat(GitRevision.of(repo)).isNull();
    }

    @Test
    void aLooseBranchRefFromTheWorkTreeAndFromASubdirectory() throws IOException {
        Path repo = repository();
        commit(repo, "a.txt");
        Path module = Files.createDirectories(repo.resolve("modules/app"));

        assertRevision(repo, repo);
        assertRevision(module, repo);
        assertThat(repo.resolve(".git/refs/heads/main")).isRegularFile();
    }

    @Test
    void anotherBranchAndThenPackedRefs() throws IOException {
        Path repo = repository();
        commit(repo, "a.txt");
        git(repo, "checkout", "-q", "-b", "feature/x");
        commit(repo, "b.txt");
        assertRevision(repo, repo);

        git(repo, "pack-refs", "--all");
        assertThat(repo.resolve(".git/refs/heads/feature/x")).doesNotExist();
        assertThat(Files.readString(repo.resolve(".git/packed-refs"))).contains("refs/heads/feature/x");
        assertRevision(repo, repo);

        git(repo, "checkout", "-q", "main");
        assertRevision(repo, repo);
    }

    @Test
    void aDetachedHead() throws IOException {
        Path repo = repository();
        commit(repo, "a.txt");
        commit(repo, "b.txt");
        git(repo, "checkout", "-q", "--detach", "HEAD~1");

        assertThat(Files.readString(repo.resolve(".git/HEAD"))).doesNotStartWith("ref:");
        assertRevision(repo, repo);
        assertThat(GitRevision.of(repo)).isNotEqualTo(git(repo, "rev-parse", "main"));
    }

    @Test
    void aWorktreeWithItsOwnBranchLooseAndPacked() throws IOException {
        Path repo = repository();
        commit(repo, "a.txt");
        Path worktree = dir.resolve("worktree");
        git(repo, "worktree", "add", "-b", "wt-branch", worktree.toString());
        commit(worktree, "b.txt");

        assertThat(worktree.resolve(".git")).isRegularFile();
        assertRevision(worktree, worktree);
        assertRevision(repo, repo);
        assertThat(GitRevision.of(worktree)).isNotEqualTo(GitRevision.of(repo));

        git(repo, "pack-refs", "--all");
        assertRevision(worktree, worktree);

        git(worktree, "checkout", "-q", "--detach", "HEAD~1");
        assertRevision(worktree, worktree);
    }

    @Test
    void aSubmoduleWithItsGitFile() throws IOException {
        Path library = Files.createDirectories(dir.resolve("library"));
        git(library, "init", "-q");
        commit(library, "lib.txt");
        Path repo = repository();
        commit(repo, "a.txt");
        git(repo, "-c", "protocol.file.allow=always", "submodule", "add", library.toString(), "lib");

        Path submodule = repo.resolve("lib");
        assertThat(submodule.resolve(".git")).isRegularFile();
        assertRevision(submodule, submodule);
        assertThat(GitRevision.of(submodule)).isEqualTo(git(library, "rev-parse", "HEAD"));
    }
}
