package io.github.scratchimage.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The image config blob: platform, creation time, runtime config, the layers' uncompressed digests
 * and one history entry per layer.
 */
public record ImageConfig(Platform platform, Instant created, RuntimeConfig runtime, List<Digest> diffIds,
        List<String> layerHistory) {

    public ImageConfig {
        diffIds = List.copyOf(diffIds);
        layerHistory = List.copyOf(layerHistory);
        if (diffIds.size() != layerHistory.size()) {
            throw new IllegalArgumentException("one history entry per layer");
        }
    }

    /** The exact bytes that are hashed and stored. */
    public byte[] toJsonBytes() {
        ObjectNode node = Json.object();
        node.put("created", Timestamps.format(created));
        node.put("architecture", platform.architecture());
        if (platform.variant() != null) {
            node.put("variant", platform.variant());
        }
        node.put("os", platform.os());
        if (platform.osVersion() != null) {
            node.put("os.version", platform.osVersion());
        }
        node.set("config", runtime.toJson());
        ObjectNode rootfs = node.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        ArrayNode history = node.putArray("history");
        for (String createdBy : layerHistory) {
            ObjectNode entry = history.addObject();
            entry.put("created", Timestamps.format(created));
            entry.put("created_by", createdBy);
        }
        return Json.bytes(node);
    }
}
