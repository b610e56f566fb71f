package io.github.scratchimage.image;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes plain Java values as JSON text, in two layouts: compact (the bytes of configs and manifests,
 * which are hashed) and indented (files for people). A few dozen lines of our own instead of a JSON
 * library's generator: the plugin starts in a fresh JVM on every build, and loading and initialising
 * a generator cost more than writing every JSON document of an image.
 *
 * <p>The output is the one Jackson's generators produce (the image digests of earlier versions stay
 * the same): only {@code "}, {@code \} and control characters are escaped, control characters as
 * {@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f} or {@code &#92;u00XX}; in the compact form a
 * character outside the Basic Multilingual Plane is written as an escaped surrogate pair, in the
 * indented form as itself. Indented: two spaces per level, {@code " : "} between name and value,
 * arrays on one line ({@code [ "a", "b" ]}), empty containers as {@code { }} and {@code [ ]}.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean indented;
    private int depth;

    private JsonWriter(boolean indented) {
        this.indented = indented;
    }

    /** Compact JSON; characters outside the BMP as escaped surrogate pairs. */
    static String compact(Object value) {
        JsonWriter writer = new JsonWriter(false);
        writer.value(value);
        return writer.out.toString();
    }

    /** Indented JSON for people. */
    static String indented(Object value) {
        JsonWriter writer = new JsonWriter(true);
        writer.value(value);
        return writer.out.toString();
    }

    private void value(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            out.append(flag.booleanValue());
        } else if (value instanceof List<?> list) {
            array(list);
        } else if (value instanceof java.util.LinkedHashMap<?, ?> || value instanceof SortedMap<?, ?>) {
            object((Map<?, ?>) value);
        } else if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException("a " + value.getClass().getName()
                    + " has no defined order of members; use a LinkedHashMap or a TreeMap");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private void array(List<?> list) {
        out.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.append(',');
            }
            if (indented) {
                out.append(' ');
            }
            value(element);
            first = false;
        }
        if (indented) {
            out.append(' ');
        }
        out.append(']');
    }

    private void object(Map<?, ?> object) {
        out.append('{');
        depth++;
        boolean first = true;
        for (Map.Entry<?, ?> member : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            newLine();
            string((String) member.getKey());
            out.append(indented ? " : " : ":");
            value(member.getValue());
            first = false;
        }
        depth--;
        if (!first) {
            newLine();
        } else if (indented) {
            out.append(' ');
        }
        out.append('}');
    }

    private void newLine() {
        if (indented) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (!indented && Character.isSurrogate(c))) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
