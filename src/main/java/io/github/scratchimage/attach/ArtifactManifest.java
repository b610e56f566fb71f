package io.github.scratchimage.attach;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI 1.1 artifact manifest of a {@link Attachment.Placement#REFERRER} attachment: an image
 * manifest with {@code artifactType}, the empty config descriptor, one layer holding the content and
 * {@code subject}. Its bytes depend on the attachment alone, so pushing the same attachment twice
 * gives the same digest (and the referrers index no duplicate).
 */
public final class ArtifactManifest {
    /** The OCI empty descriptor's media type; its content is {@code {}}. */
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

    private ArtifactManifest() {
    }

    /** The empty config blob, {@code {}} (2 bytes). */
    public static Blob emptyConfig() {
        return Blob.ofBytes(EMPTY_MEDIA_TYPE, "{}".getBytes(StandardCharsets.US_ASCII));
    }

    /** The manifest blob of {@code attachment}, of media type {@link MediaTypes#OCI_MANIFEST}. */
    public static Blob of(Attachment attachment) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", attachment.artifactType());
        manifest.put("config", emptyConfig().descriptor().toJson());
        Map<String, Object> layer = attachment.blob().descriptor().toJson();
        layer.put("annotations", new TreeMap<>(Map.of("org.opencontainers.image.title", attachment.fileName())));
        manifest.put("layers", List.of(layer));
        manifest.put("subject", attachment.subject().withPlatform(null).toJson());
        if (!attachment.annotations().isEmpty()) {
            manifest.put("annotations", new TreeMap<>(attachment.annotations()));
        }
        return Blob.ofBytes(MediaTypes.OCI_MANIFEST, Json.bytes(manifest));
    }
}
