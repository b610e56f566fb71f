package io.github.scratchimage.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI image index (or Docker manifest list): one manifest descriptor per platform. */
public record ImageIndex(ImageFormat format, List<Descriptor> manifests, Map<String, String> annotations) {

    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public String mediaType() {
        return format.indexMediaType();
    }

    public byte[] toJsonBytes() {
        ObjectNode node = Json.object();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType());
        ArrayNode array = node.putArray("manifests");
        manifests.forEach(m -> array.add(m.toJson()));
        if (format == ImageFormat.OCI && !annotations.isEmpty()) {
            node.set("annotations", Json.object(new TreeMap<>(annotations)));
        }
        return Json.bytes(node);
    }
}
