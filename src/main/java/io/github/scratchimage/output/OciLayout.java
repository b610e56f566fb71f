package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an OCI image layout, shared by the tarball and the layout directory: the
 * {@code oci-layout} marker, {@code index.json} and the blobs under {@code blobs/<algorithm>/<hex>}.
 */
final class OciLayout {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    static final String BLOBS_DIRECTORY = "blobs";

    /** The annotation OCI tools (skopeo, umoci) look a tag up by. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The annotation containerd (and so {@code docker load} with the containerd store) names images by. */
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private OciLayout() {
    }

    static byte[] layoutFile() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("imageLayoutVersion", "1.0.0");
        return Json.bytes(node);
    }

    /**
     * {@code index.json}: the root (manifest or index) once per tag, each with the tag as ref.name.
     * A single manifest's descriptor carries its platform.
     */
    static byte[] indexFile(BuiltImage image, ImageName name) {
        return index(new LinkedHashMap<>(), indexEntries(image, name));
    }

    /** An index: {@code base}'s members (those of an existing {@code index.json}, or none) with these manifests. */
    static byte[] index(Map<String, Object> base, List<Object> manifests) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("schemaVersion", 2);
        node.put("mediaType", MediaTypes.OCI_INDEX);
        node.putAll(base);
        node.put("manifests", manifests);
        return Json.bytes(node);
    }

    /** The entries of {@code index.json} for the image: the root once per tag, as {@link #indexFile} says. */
    static List<Object> indexEntries(BuiltImage image, ImageName name) {
        Descriptor root = image.root().descriptor();
        if (image.index() == null && root.platform() == null) {
            root = root.withPlatform(image.images().get(0).platform());
        }
        List<Object> manifests = new ArrayList<>();
        for (String tag : name.tags()) {
            Map<String, String> annotations = new LinkedHashMap<>(root.annotations());
            annotations.put(CONTAINERD_NAME, name.fullName(tag));
            annotations.put(REF_NAME, tag);
            manifests.add(root.withAnnotations(annotations).toJson());
        }
        return manifests;
    }

    /** Every blob of the image (layers, configs, manifests, the index), each digest once, sorted by digest. */
    static List<Blob> blobs(BuiltImage image) {
        Map<Digest, Blob> blobs = new TreeMap<>();
        image.contentBlobs().forEach(b -> blobs.putIfAbsent(b.digest(), b));
        for (PlatformImage platformImage : image.images()) {
            blobs.putIfAbsent(platformImage.manifest().digest(), platformImage.manifest());
        }
        if (image.index() != null) {
            blobs.putIfAbsent(image.index().digest(), image.index());
        }
        return new ArrayList<>(blobs.values());
    }

    /** {@code blobs/sha256/<hex>}, relative to the layout root, with '/' separators. */
    static String blobPath(Digest digest) {
        return BLOBS_DIRECTORY + "/" + digest.algorithm() + "/" + digest.encoded();
    }
}
