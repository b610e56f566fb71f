package io.github.scratchimage.image;

/**
 * A layer an output already holds, which a build may take instead of compressing and sending it
 * again: the diff_id of its uncompressed tar (from an image config's {@code rootfs.diff_ids}), the
 * descriptor of its blob (the same position in that image's manifest), and the image it was read from.
 *
 * @param source the image the pairing was read from, e.g. {@code 127.0.0.1:5000/app:1.0}, for the log
 */
public record KnownLayer(Digest diffId, Descriptor descriptor, String source) {
    /**
     * The layer descriptor annotation that records how this plugin compressed a layer, e.g.
     * {@code gzip-6} (see {@code LayerOptions#compressionId}). A layer without it was written by
     * another tool, whose compression is unknown, and is never reused.
     */
    public static final String COMPRESSION = "io.github.scratchimage.layer.compression";

    /** The compression recorded on the layer; null when there is none. */
    public String compression() {
        return descriptor.annotations().get(COMPRESSION);
    }
}
