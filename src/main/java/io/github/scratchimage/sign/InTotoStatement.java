package io.github.scratchimage.sign;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-toto statement (v1): what is attested ({@code predicate}, of {@code predicateType}) about
 * which artifacts (the subjects: the image repository with a manifest or index digest).
 */
public final class InTotoStatement {
    static final String TYPE = "https://in-toto.io/Statement/v1";

    private InTotoStatement() {
    }

    /** The statement as compact JSON; {@code predicate} is a JSON value (see {@link Json}). */
    public static byte[] of(String repository, List<Digest> subjects, String predicateType, Object predicate) {
        return Json.bytes(statement(repository, subjects, predicateType, predicate));
    }

    /**
     * The statement with a JSON document as predicate, embedded byte for byte (an SBOM as written to
     * its file), so the attested document is exactly the one delivered.
     */
    public static byte[] embedding(String repository, List<Digest> subjects, String predicateType, byte[] document) {
        byte[] head = Json.bytes(statement(repository, subjects, predicateType, null));
        String withoutNull = new String(head, StandardCharsets.UTF_8);
        String prefix = withoutNull.substring(0, withoutNull.length() - "null}".length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + document.length);
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(document);
        out.write('}');
        return out.toByteArray();
    }

    private static Map<String, Object> statement(String repository, List<Digest> subjects, String predicateType,
            Object predicate) {
        List<Object> subject = subjects.stream().distinct().<Object>map(digest -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", repository);
            entry.put("digest", new TreeMap<>(Map.of(digest.algorithm(), digest.hex())));
            return entry;
        }).toList();
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", TYPE);
        statement.put("subject", subject);
        statement.put("predicateType", predicateType);
        statement.put("predicate", predicate); // last: embedding relies on it
        return statement;
    }
}
