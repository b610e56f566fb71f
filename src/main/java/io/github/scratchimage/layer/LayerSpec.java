package io.github.scratchimage.layer;

import java.util.List;

/**
 * One layer as configured: a name (shown in history and logs) and its file entries.
 *
 * @param origin    the label its author gives this layer, for messages (the Maven adapter writes
 *                  where it sits in the POM, e.g. {@code layers/layer[1]})
 * @param perFile   whether each file and link becomes a layer of its own ({@link PerFileLayers})
 */
public record LayerSpec(String name, List<FileSpec> files, String origin, boolean perFile) {
    public LayerSpec {
        files = List.copyOf(files);
    }

    /** One layer holding all its files. */
    public LayerSpec(String name, List<FileSpec> files, String origin) {
        this(name, files, origin, false);
    }
}
