package io.github.scratchimage.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("created", Timestamps.format(created));
        node.put("architecture", platform.architecture());
        if (platform.variant() != null) {
            node.put("variant", platform.variant());
        }
        node.put("os", platform.os());
        if (platform.osVersion() != null) {
            node.put("os.version", platform.osVersion());
        }
        node.put("config", runtime.toJson());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds.stream().map(Digest::toString).toList());
        node.put("rootfs", rootfs);
        List<Object> history = new ArrayList<>();
        for (String createdBy : layerHistory) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("created", Timestamps.format(created));
            entry.put("created_by", createdBy);
            history.add(entry);
        }
        node.put("history", history);
        return Json.bytes(node);
    }
}
