package io.github.scratchimage.image;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * JSON text to and from plain Java values: written by {@link JsonWriter}, read with jackson-core's
 * streaming parser (jackson-databind costs a cold JVM some 300 ms to load, and the plugin starts a
 * cold JVM on every build).
 *
 * <p>Values are {@link Map}s with a defined order ({@link LinkedHashMap} for insertion order,
 * {@link SortedMap} for key order), {@link List}s, {@link String}s, {@link Integer}s and {@link Long}s,
 * {@link Boolean}s and {@code null}. The bytes of configs and manifests are part of their digests, so
 * writing is deterministic: members in the map's order, no whitespace, only {@code "}, {@code \} and
 * control characters escaped.
 */
public final class Json {
    private Json() {
    }

    /** Compact UTF-8 JSON, the form that is hashed. A character outside the BMP is written as an escaped surrogate pair. */
    public static byte[] bytes(Object value) {
        return JsonWriter.compact(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Indented JSON for people: two spaces, {@code " : "} between name and value, arrays on one line. */
    public static String pretty(Object value) {
        return JsonWriter.indented(value);
    }

    /**
     * Reads one JSON value: objects become {@link LinkedHashMap}s in document order (the last of
     * duplicate names wins), arrays {@link java.util.ArrayList}s, whole numbers {@link Long}s (or
     * {@link java.math.BigInteger}s when too large), other numbers {@link Double}s.
     *
     * @throws MalformedJsonException when the input is not exactly one JSON value; the message gives
     *                                the position but never quotes the input (it may hold secrets)
     */
    public static JsonValue parse(byte[] json) {
        return JsonReader.parse(json);
    }

    /**
     * Reads a sequence of JSON values written one after the other (with or without whitespace between),
     * as streamed answers are: e.g. the progress messages of a Docker Engine API call.
     *
     * @throws MalformedJsonException as {@link #parse}
     */
    public static List<JsonValue> parseSequence(byte[] json) {
        return JsonReader.parseSequence(json);
    }
}
