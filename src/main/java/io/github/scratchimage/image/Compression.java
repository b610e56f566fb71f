package io.github.scratchimage.image;

import java.util.Locale;

/**
 * How layer blobs are compressed, with the levels each algorithm takes and its default level. The
 * media type of a layer depends on it ({@link ImageFormat#layerMediaType(Compression)}).
 */
public enum Compression {
    GZIP("gzip", 0, 9, 6),
    /** Levels 1-19: 20-22 need far more memory to compress and to decompress. */
    ZSTD("zstd", 1, 19, 3),
    NONE("none", 0, 0, 0);

    private final String id;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    Compression(String id, int minLevel, int maxLevel, int defaultLevel) {
        this.id = id;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    /** Parses {@code gzip}, {@code zstd} or {@code none}, case-insensitively; null or blank is gzip. */
    public static Compression parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "none" -> NONE;
            default -> throw new InvalidImageException(InvalidImageException.Field.COMPRESSION,
                    "'" + value + "' is not a known layer compression; use 'gzip' (the default), 'zstd' or 'none'");
        };
    }

    /** {@code gzip}, {@code zstd} or {@code none}, as written in the POM. */
    public String id() {
        return id;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    /** The level used when {@code compressionLevel} is not set: gzip 6, zstd 3 (each tool's own default). */
    public int defaultLevel() {
        return defaultLevel;
    }

    public boolean acceptsLevel(int level) {
        return level >= minLevel && level <= maxLevel;
    }

    /**
     * What identifies the compressed bytes besides the content: {@code gzip-6}, {@code zstd-3},
     * {@code none}; part of the layer cache key and of the delivery record.
     */
    public String id(int level) {
        return this == NONE ? id : id + "-" + level;
    }
}
