package io.github.scratchimage.sign;

import java.nio.charset.StandardCharsets;

/**
 * A signed in-toto statement: the DSSE envelope (one line of JSON, stored as a blob and in
 * {@code *.intoto.jsonl} files) and the statement's predicate type (the layer's {@value #ANNOTATION}
 * annotation).
 */
public record Attestation(String envelope, String predicateType) {
    public static final String ANNOTATION = "predicateType";

    public byte[] envelopeBytes() {
        return envelope.getBytes(StandardCharsets.UTF_8);
    }
}
