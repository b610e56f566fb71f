package io.github.scratchimage.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode node = Json.object();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType());
        node.set("config", config.toJson());
        ArrayNode array = node.putArray("layers");
        layers.forEach(l -> array.add(l.toJson()));
        if (format == ImageFormat.OCI && !annotations.isEmpty()) {
            node.set("annotations", Json.object(new TreeMap<>(annotations)));
        }
        return Json.bytes(node);
    }
}
