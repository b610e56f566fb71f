package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerResolverTest.layer;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryStatesTest {
    private static final Instant TIME = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    Path dir;

    private List<LayerEntry> resolved() throws Exception {
        write(dir.resolve("src/a.txt"), "a");
        write(dir.resolve("src/sub/b.txt"), "bb");
        return LayerResolver.resolve(layer(spec(1, dir.resolve("src"), "/data")), TIME);
    }

    @Test
    void aListsStateIsComputedOnceAndKept() throws Exception {
        List<LayerEntry> entries = resolved();
        EntryStates states = new EntryStates();

        EntriesState first = states.of(entries).orElseThrow();

        assertThat(states.of(entries)).containsSame(first);
        assertThat(first.entryCount()).isEqualTo(entries.size());
    }

    /** Another list with equal entries is another layer: its state is its own, with the same bytes. */
    @Test
    void listsAreToldApartByIdentity() throws Exception {
        List<LayerEntry> entries = resolved();
        EntryStates states = new EntryStates();
        EntriesState first = states.of(entries).orElseThrow();

        EntriesState copy = states.of(new ArrayList<>(entries)).orElseThrow();

        assertThat(copy).isNotSameAs(first);
        assertThat(copy.bytes()).isEqualTo(first.bytes());
    }

    /** The keys built from a kept state are those built from the entries: records written before stay found. */
    @Test
    void aKeptStateAddsTheBytesTheEntriesThemselvesAdd() throws Exception {
        List<LayerEntry> entries = resolved();
        EntriesState state = new EntryStates().of(entries).orElseThrow();

        StateBytes fromEntries = new StateBytes().text("key").number(7);
        assertThat(fromEntries.entries(entries)).isTrue();
        StateBytes fromState = new StateBytes().text("key").number(7).entries(state);

        assertThat(fromState.toByteArray()).isEqualTo(fromEntries.toByteArray()).hasSizeGreaterThan(100);
        assertThat(fromState.newestChangeMillis()).isEqualTo(fromEntries.newestChangeMillis())
                .isGreaterThan(Long.MIN_VALUE);
    }

    @Test
    void aFileWithoutAStampGivesNoState() {
        LayerEntry unstamped = LayerEntry.file("etc/app.conf", 0644, 0, 0, TIME, dir.resolve("app.conf"), 3);
        LayerEntry directory = LayerEntry.directory("etc", 0755, 0, 0, TIME);
        EntryStates states = new EntryStates();

        assertThat(states.of(List.of(directory, unstamped))).isEmpty();
        assertThat(states.of(List.of(directory))).isPresent();
    }
}
