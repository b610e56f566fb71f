package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
import java.util.Locale;

/** Which family of media types an image is written with. */
public enum ImageFormat {
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP),
    DOCKER(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_CONFIG,
            MediaTypes.DOCKER_LAYER_GZIP);

    private final String manifestMediaType;
    private final String indexMediaType;
    private final String configMediaType;
    private final String layerMediaType;

    ImageFormat(String manifest, String index, String config, String layer) {
        this.manifestMediaType = manifest;
        this.indexMediaType = index;
        this.configMediaType = config;
        this.layerMediaType = layer;
    }

    /** Parses {@code oci} or {@code docker}, case-insensitively. */
    public static ImageFormat parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "oci" -> OCI;
            case "docker" -> DOCKER;
            default -> throw new InvalidImageException(Field.FORMAT,
                    "'" + value + "' is not a known image format; use 'oci' or 'docker'");
        };
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String indexMediaType() {
        return indexMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    public String layerMediaType() {
        return layerMediaType;
    }
}
