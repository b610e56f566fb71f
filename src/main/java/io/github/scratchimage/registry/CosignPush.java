package io.github.scratchimage.registry;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.Attachment.Placement;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pushes cosign signatures and attestations ({@link Placement#COSIGN_SIGNATURE},
 * {@link Placement#COSIGN_ATTESTATION}; their layer blobs are already in the repository) as cosign
 * stores them: layers of an image manifest at tag {@code sha256-<hex of subject>.sig} or
 * {@code .att}. The manifest there is read, each new layer added unless the same one is there (same
 * digest and annotations, or the same {@link Placement#SIGNED_ANNOTATION}), the config rewritten
 * with the layers' digests as its diff_ids (cosign's layers are not compressed), and the manifest
 * written back. Layers already there are kept as they are: a push never removes a signature.
 *
 * <p>Two pushes updating the same tag at the same moment may lose one layer (the registry has no
 * lock); the next push adds it again.
 */
final class CosignPush {
    private final RegistryClient client;
    private final String registry;
    private final String repository;
    private final BuildLog log;

    CosignPush(RegistryClient client, String registry, String repository, BuildLog log) {
        this.client = client;
        this.registry = registry;
        this.repository = repository;
        this.log = log;
    }

    /** Adds each attachment to the manifest of its subject's tag: one read and one write per tag. */
    void push(List<Attachment> attachments) {
        Map<String, List<Attachment>> byTag = new LinkedHashMap<>();
        for (Attachment attachment : attachments) {
            byTag.computeIfAbsent(tag(attachment), t -> new ArrayList<>()).add(attachment);
        }
        byTag.forEach(this::pushTag);
    }

    static String tag(Attachment attachment) {
        Digest subject = attachment.subject().digest();
        String suffix = switch (attachment.placement()) {
            case COSIGN_SIGNATURE -> ".sig";
            case COSIGN_ATTESTATION -> ".att";
            case REFERRER -> throw new IllegalArgumentException("not a cosign attachment");
        };
        return subject.algorithm() + "-" + subject.hex() + suffix;
    }

    private void pushTag(String tag, List<Attachment> attachments) {
        List<Object> layers = readLayers(tag);
        int added = 0;
        for (Attachment attachment : attachments) {
            Map<String, Object> layer = attachment.blob().descriptor().withAnnotations(attachment.annotations()).toJson();
            if (layers.stream().anyMatch(existing -> same(existing, layer))) {
                continue;
            }
            layers.add(layer);
            added++;
        }
        if (added == 0) {
            log.info("Already signed: " + repository + ":" + tag + " holds the same " + attachments.size()
                    + " layer(s) signed with this key");
            return;
        }
        Blob config = config(layers);
        if (!client.blobExists(config.digest())) {
            client.upload(config, bytes -> { });
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("config", config.descriptor().toJson());
        manifest.put("layers", layers);
        try {
            client.putManifest(tag, Blob.ofBytes(MediaTypes.OCI_MANIFEST, Json.bytes(manifest)));
        } catch (RegistryException e) {
            throw new RegistryException(registry, "write " + repository + ":" + tag, e.statusCode(),
                    e.registryErrors(), "the image's tags are written; the registry refused the "
                            + (tag.endsWith(".sig") ? "signature" : "attestation") + " tag, so nothing was added to it", e);
        }
        log.info("Added " + added + (tag.endsWith(".sig") ? " signature(s)" : " attestation(s)") + " to "
                + repository + ":" + tag);
    }

    /** Same layer: same digest and annotations, or the same signed content with the same key. */
    private static boolean same(Object existing, Map<String, Object> layer) {
        if (!(existing instanceof Map<?, ?> old)) {
            return false;
        }
        Object annotations = old.get("annotations");
        Map<?, ?> oldAnnotations = annotations instanceof Map<?, ?> map ? map : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> newAnnotations = (Map<String, Object>) layer.getOrDefault("annotations", Map.of());
        Object signed = newAnnotations.get(Placement.SIGNED_ANNOTATION);
        if (signed != null && signed.equals(oldAnnotations.get(Placement.SIGNED_ANNOTATION))) {
            return true;
        }
        return Objects.equals(old.get("digest"), layer.get("digest"))
                && new TreeMap<>(oldAnnotations).equals(new TreeMap<>(newAnnotations));
    }

    /** The layers of the manifest at {@code tag}, as read; empty when there is none. */
    private List<Object> readLayers(String tag) {
        byte[] bytes = client.manifest(repository, tag).map(RegistryClient.Document::bytes).orElse(null);
        if (bytes == null) {
            return new ArrayList<>();
        }
        JsonValue read;
        try {
            read = Json.parse(bytes);
        } catch (MalformedJsonException e) {
            throw notAManifest(tag, e.getMessage());
        }
        if (!(read.get("layers").value() instanceof List<?> layers)) {
            throw notAManifest(tag, "it has no layers list");
        }
        return new ArrayList<>(layers);
    }

    private RegistryException notAManifest(String tag, String why) {
        return new RegistryException(registry, "read " + repository + ":" + tag, 200, List.of(),
                "the tag holds no image manifest (" + why + "); cosign keeps the signatures of a digest there", null);
    }

    /** The config cosign writes: no platform, the layers' digests as diff_ids. */
    private static Blob config(List<Object> layers) {
        List<Object> diffIds = new ArrayList<>();
        for (Object layer : layers) {
            if (layer instanceof Map<?, ?> descriptor) {
                diffIds.add(descriptor.get("digest"));
            }
        }
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "");
        config.put("os", "");
        config.put("config", new LinkedHashMap<>());
        config.put("rootfs", rootfs);
        return Blob.ofBytes(MediaTypes.OCI_CONFIG, Json.bytes(config));
    }
}
