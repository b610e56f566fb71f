package io.github.scratchimage.sign;

import io.github.scratchimage.image.Digest;
import java.nio.charset.StandardCharsets;

/**
 * A signed in-toto statement: the DSSE envelope (one line of JSON, stored as a blob and in
 * {@code *.intoto.jsonl} files) and the statement's predicate type (the layer's {@value #ANNOTATION}
 * annotation), with the digest of the statement it signs.
 */
public record Attestation(String envelope, String predicateType, Digest statement) {
    public static final String ANNOTATION = "predicateType";

    public byte[] envelopeBytes() {
        return envelope.getBytes(StandardCharsets.UTF_8);
    }
}
