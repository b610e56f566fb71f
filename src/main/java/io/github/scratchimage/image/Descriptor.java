package io.github.scratchimage.image;

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

    /** The descriptor as a JSON object (see {@link Json}); annotations sorted by key. */
    public Map<String, Object> toJson() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        if (platform != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.osVersion() != null) {
                p.put("os.version", platform.osVersion());
            }
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
            node.put("platform", p);
        }
        if (!annotations.isEmpty()) {
            node.put("annotations", new TreeMap<>(annotations));
        }
        return node;
    }
}
