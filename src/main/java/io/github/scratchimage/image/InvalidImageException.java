package io.github.scratchimage.image;

/**
 * Bad input to the engine, in the engine's own words: which {@link Field} of the image description
 * is wrong, which spec it belongs to when there are several ({@link #origin}), and what is
 * expected. Whoever wrote the description (the Maven adapter) turns the field into the name its
 * user wrote.
 */
public class InvalidImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The part of an image description that is wrong. */
    public enum Field {
        /** The image reference ({@code [registry/]repository[:tag]}). */
        REFERENCE,
        /** One more tag of the image. */
        TAG,
        /** One platform ({@code os/arch[/variant]}). */
        PLATFORM,
        /** The set of platforms of the image. */
        PLATFORMS,
        /** The manifest format (OCI or Docker). */
        FORMAT,
        /** What the platform check does with its findings. */
        PLATFORM_CHECK,
        /** The image's creation time. */
        CREATION_TIME,
        ENVIRONMENT,
        WORKING_DIRECTORY,
        USER,
        STOP_SIGNAL,
        EXPOSED_PORTS,
        VOLUMES,
        ANNOTATIONS,
        /** A layer as a whole ({@link #origin} names it). */
        LAYER,
        /** A file spec as a whole ({@link #origin} names it). */
        FILE,
        /** Where a file spec's files come from. */
        SOURCE,
        /** Where a file spec's files go in the image. */
        TARGET,
        /** A file spec's file mode. */
        MODE,
        /** The mode of the directories a file spec creates. */
        DIRECTORY_MODE,
        /** A file spec's owner. */
        OWNER,
        /** How the layers are compressed (gzip, zstd or none). */
        COMPRESSION,
        /** The certificates trusted for a registry's TLS. */
        TRUSTED_CERTIFICATES,
        /** The one platform of several to load into a container engine, or to list in a docker-archive. */
        LOAD_PLATFORM,
        /** The container engine's socket. */
        DOCKER_HOST,
        /** The images of the same registry whose layers a push may reuse. */
        CACHE_FROM,
        /** The private key images are signed with, and its password. */
        SIGNING_KEY
    }

    private final Field field;
    private final String origin;

    public InvalidImageException(Field field, String message) {
        this(field, null, message, null);
    }

    /**
     * @param origin the label of the layer or file spec at fault, as its author gave it (e.g.
     *               {@link io.github.scratchimage.layer.FileSpec#origin()}); null for the image as a whole
     */
    public InvalidImageException(Field field, String origin, String message) {
        this(field, origin, message, null);
    }

    public InvalidImageException(Field field, String origin, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.origin = origin;
    }

    public Field field() {
        return field;
    }

    /** The label of the layer or file spec at fault; null when the field belongs to the image as a whole. */
    public String origin() {
        return origin;
    }
}
