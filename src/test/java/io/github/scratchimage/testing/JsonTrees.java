package io.github.scratchimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads JSON in tests with jackson-databind: a parser other than the plugin's own, so that tests check
 * what the plugin writes rather than what its reader makes of it.
 */
public final class JsonTrees {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {
    }

    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
