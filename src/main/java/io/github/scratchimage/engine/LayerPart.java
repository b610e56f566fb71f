package io.github.scratchimage.engine;

import io.github.scratchimage.layer.LayerSpec;

/**
 * One layer of the image: a configured layer, or one file's part of a {@code <layerPerFile>} layer.
 * Made once per resolved layer and compared by identity: a record's generated hashCode would link
 * through method handles on first use and hash the whole spec on every map lookup, which took a
 * third of the resolving time of a warm build with 200 parts.
 */
final class LayerPart {
    private final LayerSpec spec;
    /** The part's file in the image; null for a whole layer (or the directories-only part). */
    private final String path;

    LayerPart(LayerSpec spec, String path) {
        this.spec = spec;
        this.path = path;
    }

    LayerSpec spec() {
        return spec;
    }

    String path() {
        return path;
    }

    /** Stable across plugin versions: it is part of the config digest. */
    String historyText() {
        return "scratch-maven-plugin layer " + (spec.name() == null ? "" : spec.name().trim())
                + (path == null ? "" : " /" + path);
    }

    /** The name the layer builder logs and caches under: the configured name, and a part's file. */
    String layerName() {
        String name = spec.name();
        return path == null ? name : (name == null ? "" : name + " ") + "/" + path;
    }

    /** The layer as the log names it: its name (or place in the POM), and a part's file. */
    String displayName() {
        String layer = spec.name() == null || spec.name().isBlank() ? spec.origin() : "'" + spec.name() + "'";
        return path == null ? layer : layer + " /" + path;
    }
}
