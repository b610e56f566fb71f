package io.github.scratchimage.image;

import java.util.LinkedHashMap;
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
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType());
        node.put("manifests", manifests.stream().map(Descriptor::toJson).toList());
        if (format == ImageFormat.OCI && !annotations.isEmpty()) {
            node.put("annotations", new TreeMap<>(annotations));
        }
        return Json.bytes(node);
    }
}
