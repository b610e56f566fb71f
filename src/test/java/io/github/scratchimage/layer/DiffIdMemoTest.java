package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerResolverTest.layer;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffIdMemoTest {
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09Z");
    private static final Digest DIFF_ID = Digest.parse("sha256:" + "ab".repeat(32));

    @TempDir
    Path dir;

    private final long[] clock = {System.currentTimeMillis() + 10_000};

    private DiffIdMemo memo() {
        return new DiffIdMemo(dir.resolve("cache"), () -> clock[0]);
    }

    /** The key of {@code entries}' state, computed afresh; empty when a file has no stamp. */
    private static Optional<DiffIdMemo.State> state(DiffIdMemo memo, List<LayerEntry> entries, long takenMillis) {
        return EntriesState.of(entries).map(files -> memo.state(files, takenMillis));
    }

    /** The state comes from the resolver's stat: computing it reads nothing, so it works after the files are gone. */
    @Test
    void theStateComesFromTheResolverStampsWithoutTouchingTheFiles() throws Exception {
        Path file = write(dir.resolve("src/app.conf"), "x=1");
        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, dir.resolve("src"), "/etc")), TIME);
        Optional<DiffIdMemo.State> before = state(memo(), entries, clock[0]);
        Files.delete(file);

        Optional<DiffIdMemo.State> after = state(memo(), entries, clock[0]);

        assertThat(before).isPresent();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aRememberedStateIsFoundAgainAndAnotherStampIsNot() throws Exception {
        write(dir.resolve("src/a"), "1");
        write(dir.resolve("src/b"), "2");
        LayerSpec spec = layer(spec(1, dir.resolve("src"), "/data"));
        DiffIdMemo memo = memo();
        memo.remember(state(memo, LayerResolver.resolve(spec, TIME), clock[0]).orElseThrow(), DIFF_ID);

        assertThat(memo.diffId(state(memo, LayerResolver.resolve(spec, TIME), clock[0]).orElseThrow()))
                .contains(DIFF_ID);
        Thread.sleep(50);
        Files.writeString(dir.resolve("src/b"), "3");
        assertThat(memo.diffId(state(memo, LayerResolver.resolve(spec, TIME), clock[0]).orElseThrow())).isEmpty();
    }

    @Test
    void entriesWithoutAStampHaveNoState() {
        LayerEntry unstamped = LayerEntry.file("etc/app.conf", 0644, 0, 0, TIME, dir.resolve("app.conf"), 3);
        LayerEntry directory = LayerEntry.directory("etc", 0755, 0, 0, TIME);

        assertThat(state(memo(), List.of(directory, unstamped), clock[0])).isEmpty();
        assertThat(state(memo(), List.of(directory), clock[0])).as("no file, nothing to stamp").isPresent();
    }

    @Test
    void aStateIsOnlyRememberedOnceEveryFileSettled() throws Exception {
        write(dir.resolve("src/a"), "1");
        List<LayerEntry> entries = LayerResolver.resolve(layer(spec(1, dir.resolve("src"), "/data")), TIME);
        DiffIdMemo memo = memo();
        long changed = entries.stream().filter(e -> e.stamp() != null).findFirst().orElseThrow()
                .stamp().changed().toMillis();

        memo.remember(state(memo, entries, changed + FileStamp.SETTLED_MILLIS - 1).orElseThrow(), DIFF_ID);
        assertThat(memo.diffId(state(memo, entries, clock[0]).orElseThrow())).isEmpty();
        memo.remember(state(memo, entries, changed + FileStamp.SETTLED_MILLIS).orElseThrow(), DIFF_ID);
        assertThat(memo.diffId(state(memo, entries, clock[0]).orElseThrow())).contains(DIFF_ID);
    }

    /** Files with the same stamps but another hard-link structure are another state: the layer is rebuilt. */
    @Test
    void theHardLinkStructureIsPartOfTheState() throws Exception {
        Path data = write(dir.resolve("src/a"), "1");
        Files.createLink(dir.resolve("src/b"), data);
        List<LayerEntry> linked = LayerResolver.resolve(layer(spec(1, dir.resolve("src"), "/data")), TIME);
        List<LayerEntry> copied = linked.stream().map(LayerEntry::asCopy).toList();
        assertThat(linked.get(2).type()).isEqualTo(LayerEntry.Type.HARDLINK);
        DiffIdMemo memo = memo();

        memo.remember(state(memo, copied, clock[0]).orElseThrow(), DIFF_ID);

        assertThat(memo.diffId(state(memo, linked, clock[0]).orElseThrow())).isEmpty();
        assertThat(memo.diffId(state(memo, copied, clock[0]).orElseThrow())).contains(DIFF_ID);
    }
}
