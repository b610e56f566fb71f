package io.github.scratchimage.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An image manifest (OCI, or Docker schema 2): the config descriptor and the layer descriptors. */
public record Manifest(ImageFormat format, Descriptor config, List<Descriptor> layers,
        Map<String, String> annotations) {

    public Manifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public String mediaType() {
        return format.manifestMediaType();
    }

    /** The exact bytes that are hashed and pushed. Docker schema 2 has no annotations, so they are left out there. */
    public byte[] toJsonBytes() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType());
        node.put("config", config.toJson());
        node.put("layers", layers.stream().map(Descriptor::toJson).toList());
        if (format == ImageFormat.OCI && !annotations.isEmpty()) {
            node.put("annotations", new TreeMap<>(annotations));
        }
        return Json.bytes(node);
    }
}
