package io.github.scratchimage.sign;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload cosign signs for an image (its "simple signing" format): the repository and the
 * manifest digest, under {@code critical}. The bytes are what is signed and stored as a blob, so
 * they are written once and kept as they are.
 */
public final class SimpleSigningPayload {
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String TYPE = "cosign container image signature";

    private SimpleSigningPayload() {
    }

    /** The payload naming {@code digest} in {@code repository} (e.g. {@code registry:5000/team/app}). */
    public static byte[] of(String repository, Digest digest) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("docker-reference", repository);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("docker-manifest-digest", digest.toString());
        Map<String, Object> critical = new LinkedHashMap<>();
        critical.put("identity", identity);
        critical.put("image", image);
        critical.put("type", TYPE);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("critical", critical);
        payload.put("optional", null);
        return Json.bytes(payload);
    }
}
