package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PerFileLayersTest {
    private static final Instant TIME = Instant.parse("2024-01-31T12:00:00Z");
    private static final LayerEntry SRV = LayerEntry.directory("srv", 0755, 0, 0, TIME);
    private static final LayerEntry WWW = LayerEntry.directory("srv/www", 0750, 101, 102, TIME);
    private static final LayerEntry CSS = LayerEntry.directory("srv/www/css", 0750, 101, 102, TIME);
    private static final LayerEntry STYLE = file("srv/www/css/style.css");
    private static final LayerEntry EMPTY = LayerEntry.directory("srv/www/empty", 0700, 101, 102, TIME);
    private static final LayerEntry DEEP = LayerEntry.directory("srv/www/empty/deeper", 0700, 101, 102, TIME);
    private static final LayerEntry INDEX = file("srv/www/index.html");
    private static final LayerEntry LATEST = LayerEntry.symlink("srv/www/latest.html", 101, 102, TIME, "index.html");

    private static LayerEntry file(String path) {
        return LayerEntry.file(path, 0644, 101, 102, TIME, Path.of("/src/" + path), 10);
    }

    @Test
    void eachFileAndLinkGetsItsDirectoriesWithTheirOwnModesAndOwners() {
        List<PerFileLayers.Part> parts = PerFileLayers.split(List.of(SRV, WWW, CSS, STYLE, INDEX, LATEST));

        assertThat(parts).containsExactly(
                new PerFileLayers.Part("srv/www/css/style.css", List.of(SRV, WWW, CSS, STYLE)),
                new PerFileLayers.Part("srv/www/index.html", List.of(SRV, WWW, INDEX)),
                new PerFileLayers.Part("srv/www/latest.html", List.of(SRV, WWW, LATEST)));
    }

    @Test
    void directoriesWithoutFilesGoFirstInOnePartWithTheirParents() {
        List<LayerEntry> whole = List.of(SRV, WWW, CSS, STYLE, EMPTY, DEEP, INDEX);

        List<PerFileLayers.Part> parts = PerFileLayers.split(whole);

        assertThat(parts).extracting(PerFileLayers.Part::path)
                .containsExactly(null, "srv/www/css/style.css", "srv/www/index.html");
        assertThat(parts.get(0).entries()).containsExactly(SRV, WWW, EMPTY, DEEP);
        // stacked, the parts hold exactly the entries of the whole layer
        Set<LayerEntry> union = new LinkedHashSet<>();
        parts.forEach(part -> union.addAll(part.entries()));
        assertThat(union).containsExactlyInAnyOrderElementsOf(whole);
        for (PerFileLayers.Part part : parts) {
            assertThat(part.entries()).isSortedAccordingTo(
                    (a, b) -> LayerResolver.PATH_ORDER.compare(a.path(), b.path()));
        }
    }

    @Test
    void aLayerOfDirectoriesOnlyStaysWhole() {
        assertThat(PerFileLayers.split(List.of(SRV, WWW, EMPTY)))
                .containsExactly(new PerFileLayers.Part(null, List.of(SRV, WWW, EMPTY)));
        assertThat(PerFileLayers.split(List.of())).containsExactly(new PerFileLayers.Part(null, List.of()));
    }

    @Test
    void aFileAtTheTopHasNoDirectories() {
        LayerEntry top = file("top.txt");
        assertThat(PerFileLayers.split(List.of(SRV, top)))
                .containsExactly(new PerFileLayers.Part(null, List.of(SRV)), new PerFileLayers.Part("top.txt", List.of(top)));
    }

    /** The file a hard link names is in another part, so the link's part holds a full copy. */
    @Test
    void aHardLinkBecomesACopyInItsOwnPart() {
        LayerEntry copy = file("srv/www/copy.html");
        LayerEntry link = copy.hardLinkTo("srv/www/index.html");

        List<PerFileLayers.Part> parts = PerFileLayers.split(List.of(SRV, WWW, link, INDEX));

        assertThat(parts).containsExactly(
                new PerFileLayers.Part("srv/www/copy.html", List.of(SRV, WWW, copy)),
                new PerFileLayers.Part("srv/www/index.html", List.of(SRV, WWW, INDEX)));
    }
}
