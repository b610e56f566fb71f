package io.github.scratchimage.image;

/**
 * A regular file of a layer with the checksums of its bytes, for an SBOM.
 *
 * @param path   its path in the image, without a leading slash (as in the layer's tar)
 * @param sha1   the SHA-1 of its bytes, lower-case hex
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 */
public record LayerFile(String path, String sha1, String sha256) {
}
