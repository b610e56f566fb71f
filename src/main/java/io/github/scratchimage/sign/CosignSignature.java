package io.github.scratchimage.sign;

import java.nio.charset.StandardCharsets;

/**
 * A signed simple-signing payload: the payload (its UTF-8 bytes are stored as a blob and are what
 * was signed) and the signature over them, base64 (stored in the layer's {@value #ANNOTATION} annotation).
 */
public record CosignSignature(String payload, String signature) {
    public static final String ANNOTATION = "dev.cosignproject.cosign/signature";

    /** The exact bytes that were signed. */
    public byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
