package io.github.scratchimage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob is, its digest and its size, with optional platform and annotations. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
        Map<String, String> annotations) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    /** Describes a JSON document (config, manifest, index) by its bytes. */
    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.sha256(content), content.length);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, newPlatform, annotations);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, platform, newAnnotations);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        if (platform != null) {
            ObjectNode p = node.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.osVersion() != null) {
                p.put("os.version", platform.osVersion());
            }
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
        }
        if (!annotations.isEmpty()) {
            node.set("annotations", Json.object(new TreeMap<>(annotations)));
        }
        return node;
    }

    public static Descriptor fromJson(JsonNode node) {
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null) {
            platform = new Platform(p.path("os").asText(), p.path("architecture").asText(),
                    p.path("variant").asText(null), p.path("os.version").asText(null));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(node.path("mediaType").asText(), Digest.parse(node.path("digest").asText()),
                node.path("size").asLong(), platform, annotations);
    }
}
