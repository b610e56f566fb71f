package io.github.scratchimage.layer;

import java.util.List;

/**
 * One layer as configured: a name (shown in history and logs) and its file entries.
 *
 * @param parameter where this layer sits in the POM, e.g. {@code layers/layer[1]}
 */
public record LayerSpec(String name, List<FileSpec> files, String parameter) {
    public LayerSpec {
        files = List.copyOf(files);
    }
}
