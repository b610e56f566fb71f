package io.github.scratchimage.registry;

import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.registry.RegistryClient.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads which layers an image in the registry holds, as {@link KnownLayer}s: for each platform's
 * manifest (an index is followed to each of its manifests), {@code layers[i]} of the manifest paired
 * with {@code rootfs.diff_ids[i]} of its config. Reading is best effort: an image that cannot be read
 * (missing, malformed, refused) gives no layers and a warning, and the build compresses and pushes as
 * usual.
 */
final class RegistryLayers {
    private final RegistryClient client;
    private final BuildLog log;

    RegistryLayers(RegistryClient client, BuildLog log) {
        this.client = client;
        this.log = log;
    }

    /**
     * The layers of the image {@code reference} (a tag or a digest) of {@code repository}.
     *
     * @param source how the log names the image, e.g. {@code 127.0.0.1:5000/app:1.0}
     */
    List<KnownLayer> read(String repository, String reference, String source) {
        try {
            Optional<Document> root = client.manifest(repository, reference);
            if (root.isEmpty()) {
                log.warn("Cannot reuse the layers of " + source + ": there is no such image");
                return List.of();
            }
            Map<Digest, KnownLayer> known = new LinkedHashMap<>();
            for (Document manifest : platformManifests(repository, root.get())) {
                for (KnownLayer layer : pairs(repository, manifest, source)) {
                    known.putIfAbsent(layer.descriptor().digest(), layer);
                }
            }
            log.debug("Reusing layers: " + source + " holds " + known.size() + " layer(s)");
            return new ArrayList<>(known.values());
        } catch (RegistryException | MalformedJsonException | IllegalArgumentException e) {
            log.warn("Cannot read the layers of " + source + " to reuse them (" + e.getMessage()
                    + "); its layers are not reused");
            return List.of();
        }
    }

    /** The manifest itself, or each manifest an index lists (each digest once). */
    private List<Document> platformManifests(String repository, Document root) {
        JsonValue json = Json.parse(root.bytes());
        String type = json.get("mediaType").text(root.mediaType());
        if (!type.equals(MediaTypes.OCI_INDEX) && !type.equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
            return List.of(root);
        }
        Map<String, Document> manifests = new LinkedHashMap<>();
        for (JsonValue entry : json.get("manifests").elements()) {
            String digest = entry.get("digest").text("");
            if (!manifests.containsKey(digest)) {
                client.manifest(repository, Digest.parse(digest).toString()).ifPresent(m -> manifests.put(digest, m));
            }
        }
        return new ArrayList<>(manifests.values());
    }

    /** {@code layers[i]} with {@code rootfs.diff_ids[i]}; none when the counts differ. */
    private List<KnownLayer> pairs(String repository, Document manifest, String source) {
        JsonValue json = Json.parse(manifest.bytes());
        List<JsonValue> layers = json.get("layers").elements();
        String configDigest = json.get("config").get("digest").text("");
        if (layers.isEmpty() || configDigest.isEmpty()) {
            return List.of();
        }
        JsonValue config = Json.parse(client.smallBlob(repository, Digest.parse(configDigest)));
        List<JsonValue> diffIds = config.get("rootfs").get("diff_ids").elements();
        if (diffIds.size() != layers.size()) {
            log.debug("Reusing layers: " + source + " (" + manifest.digest() + ") has " + layers.size()
                    + " layers but " + diffIds.size() + " diff_ids; none reused");
            return List.of();
        }
        List<KnownLayer> pairs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            pairs.add(new KnownLayer(Digest.parse(diffIds.get(i).text("")), descriptor(layers.get(i)), source));
        }
        return pairs;
    }

    /** A layer descriptor as the manifest gives it; one without a digest or size fails. */
    private static Descriptor descriptor(JsonValue json) {
        long size = json.get("size").number(-1);
        if (size < 0) {
            throw new IllegalArgumentException("a layer descriptor has no size");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        JsonValue given = json.get("annotations");
        for (String name : given.names()) {
            annotations.put(name, given.get(name).text(""));
        }
        return new Descriptor(json.get("mediaType").text(""), Digest.parse(json.get("digest").text("")),
                size, null, annotations);
    }
}
