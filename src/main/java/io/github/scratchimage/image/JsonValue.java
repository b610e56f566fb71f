package io.github.scratchimage.image;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON value (see {@link Json#parse}), read leniently: asking for a member that is absent
 * or of another type gives a missing value or the fallback instead of an error, so that documents
 * from registries and credential files with extra or odd fields are still read.
 *
 * @param value a {@code Map<String, Object>}, {@code List<Object>}, {@link String}, {@link Long},
 *              {@link BigInteger}, {@link Double}, {@link Boolean}, or {@code null} (JSON null, or missing)
 */
public record JsonValue(Object value) {
    private static final JsonValue MISSING = new JsonValue(null);

    /** The member {@code name} of an object; missing when this is not an object or the member is absent or null. */
    public JsonValue get(String name) {
        return value instanceof Map<?, ?> object && object.get(name) != null ? new JsonValue(object.get(name)) : MISSING;
    }

    /** The elements of an array, in order; empty when this is not an array. */
    public List<JsonValue> elements() {
        return value instanceof List<?> array ? array.stream().map(JsonValue::new).toList() : List.of();
    }

    /** The member names of an object, in document order; empty when this is not an object. */
    public Set<String> names() {
        if (!(value instanceof Map<?, ?> object)) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        object.keySet().forEach(name -> names.add((String) name));
        return names;
    }

    /** A string as it is, a number or boolean as its JSON text; {@code fallback} for anything else. */
    public String text(String fallback) {
        if (value instanceof String text) {
            return text;
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : fallback;
    }

    /**
     * A number that fits a long (a fraction cut off), or a string holding a whole number;
     * {@code fallback} for anything else.
     */
    public long number(long fallback) {
        if (value instanceof Long whole) {
            return whole;
        }
        if (value instanceof Double real && real >= Long.MIN_VALUE && real <= Long.MAX_VALUE) {
            return real.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
