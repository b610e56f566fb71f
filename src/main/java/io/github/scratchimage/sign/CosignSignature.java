package io.github.scratchimage.sign;

import java.nio.charset.StandardCharsets;

/**
 * A signed simple-signing payload: the payload (its UTF-8 bytes are stored as a blob and are what
 * was signed) and the signature over them, base64 (stored in the layer's annotation
 * {@value io.github.scratchimage.attach.Attachment.Placement#SIGNATURE_ANNOTATION}).
 */
public record CosignSignature(String payload, String signature) {
    /** The exact bytes that were signed. */
    public byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
