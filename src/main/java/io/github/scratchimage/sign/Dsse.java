package io.github.scratchimage.sign;

import io.github.scratchimage.image.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dead Simple Signing Envelope (DSSE v1) cosign stores attestations in: the signature is over
 * the pre-authentication encoding (PAE) of the payload type and the payload, never over the payload
 * alone, so a payload cannot be passed off as another type.
 */
public final class Dsse {
    public static final String MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}, lengths in decimal ASCII bytes. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The envelope of {@code payload} signed with {@code key}, as compact JSON (one line). */
    public static String envelope(String payloadType, byte[] payload, SigningKey key) {
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("keyid", "");
        signature.put("sig", base64.encodeToString(key.sign(pae(payloadType, payload))));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("payloadType", payloadType);
        envelope.put("payload", base64.encodeToString(payload));
        envelope.put("signatures", List.of(signature));
        return new String(Json.bytes(envelope), StandardCharsets.UTF_8);
    }
}
