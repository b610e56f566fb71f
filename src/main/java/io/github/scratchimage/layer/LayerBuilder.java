package io.github.scratchimage.layer;

import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Builds one layer in one streaming pass: resolve the spec's files, write a reproducible tar,
 * hash it (diff_id), gzip it, hash that (digest) and store it as {@code blobDirectory/<hex>}
 * (written under a temporary name, then moved). Thread-safe: layers are built in parallel.
 */
public final class LayerBuilder {
    private final Path blobDirectory;
    private final LayerOptions options;
    private final BuildLog log;

    public LayerBuilder(Path blobDirectory, LayerOptions options, BuildLog log) {
        this.blobDirectory = blobDirectory;
        this.options = options;
        this.log = log;
    }

    /**
     * @param fileTime mtime written for every entry
     * @throws io.github.scratchimage.image.InvalidImageException for bad input (names spec.parameter()...)
     */
    public BuiltLayer build(LayerSpec spec, Instant fileTime) throws IOException {
        throw new UnsupportedOperationException("not yet written");
    }
}
