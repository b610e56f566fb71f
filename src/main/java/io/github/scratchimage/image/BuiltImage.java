package io.github.scratchimage.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A built image: one {@link PlatformImage} per platform, and an index over them when the plan asked
 * for one. {@link #root()} is what a tag points at.
 *
 * @param index   the index blob, or null for a single-platform image without index
 * @param created the creation time written into the configs (the epoch when unknown)
 * @param layerFiles the regular files of each layer with their checksums, by the layer's diff_id;
 *                   empty unless the build was asked for them (for an SBOM)
 */
public record BuiltImage(ImageFormat format, List<PlatformImage> images, Blob index, Instant created,
        Map<Digest, List<LayerFile>> layerFiles) {
    public BuiltImage {
        images = List.copyOf(images);
        created = created == null ? Instant.EPOCH : created;
        layerFiles = layerFiles == null ? Map.of() : Map.copyOf(layerFiles);
    }

    /** Without layer file lists. */
    public BuiltImage(ImageFormat format, List<PlatformImage> images, Blob index, Instant created) {
        this(format, images, index, created, Map.of());
    }

    /** The manifest (single platform) or index that tags point at. */
    public Blob root() {
        return index != null ? index : images.get(0).manifest();
    }

    public Digest digest() {
        return root().digest();
    }

    /** Every layer and config blob, each digest once, layers first in platform order. */
    public List<Blob> contentBlobs() {
        Map<Digest, Blob> blobs = new LinkedHashMap<>();
        for (PlatformImage image : images) {
            image.layers().forEach(b -> blobs.putIfAbsent(b.digest(), b));
        }
        for (PlatformImage image : images) {
            blobs.putIfAbsent(image.config().digest(), image.config());
        }
        return new ArrayList<>(blobs.values());
    }

    /** The first platform image that {@linkplain Platform#matches matches} {@code wanted}. */
    public Optional<PlatformImage> imageFor(Platform wanted) {
        return images.stream().filter(image -> image.platform().matches(wanted)).findFirst();
    }

    /**
     * The platform image {@code wanted} names (see {@link #imageFor}).
     *
     * @param field where {@code wanted} came from, for the error when there is none
     * @throws InvalidImageException naming the platforms the image has
     */
    public PlatformImage requireImageFor(Platform wanted, InvalidImageException.Field field) {
        return imageFor(wanted).orElseThrow(() -> new InvalidImageException(field, wanted
                + " is not a platform of this image; it has " + platformNames() + "; choose one of them"));
    }

    /** The platforms of the image, e.g. {@code linux/amd64, linux/arm64/v8}. */
    public String platformNames() {
        return images.stream().map(i -> i.platform().toString()).collect(Collectors.joining(", "));
    }

    /** The image of one of its platforms alone, without the index: what a tag points at when only that platform is wanted. */
    public BuiltImage onePlatform(PlatformImage image) {
        if (!images.contains(image)) {
            throw new IllegalArgumentException(image.platform() + " is not a platform of this image");
        }
        return new BuiltImage(format, List.of(image), null, created);
    }
}
