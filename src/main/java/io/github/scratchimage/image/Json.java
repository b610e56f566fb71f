package io.github.scratchimage.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * JSON text to and from plain Java values, on jackson-core's streaming API alone (jackson-databind
 * costs a cold JVM some 300 ms to load, and the plugin starts a cold JVM on every build).
 *
 * <p>Values are {@link Map}s with a defined order ({@link LinkedHashMap} for insertion order,
 * {@link SortedMap} for key order), {@link List}s, {@link String}s, {@link Integer}s and {@link Long}s,
 * {@link Boolean}s and {@code null}. The bytes of configs and manifests are part of their digests, so
 * writing is deterministic: members in the map's order, no whitespace, only {@code "}, {@code \} and
 * control characters escaped.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Compact UTF-8 JSON, the form that is hashed. A character outside the BMP is written as an escaped surrogate pair. */
    public static byte[] bytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Indented JSON for people: two spaces, {@code " : "} between name and value, arrays on one line. */
    public static String pretty(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Long || value instanceof Integer) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof LinkedHashMap<?, ?> || value instanceof SortedMap<?, ?>) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
                generator.writeFieldName((String) member.getKey());
                write(generator, member.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Map<?, ?>) {
            throw new IllegalArgumentException("a " + value.getClass().getName()
                    + " has no defined order of members; use a LinkedHashMap or a TreeMap");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * Reads one JSON value: objects become {@link LinkedHashMap}s in document order (the last of
     * duplicate names wins), arrays {@link ArrayList}s, whole numbers {@link Long}s (or
     * {@link java.math.BigInteger}s when too large), other numbers {@link Double}s.
     *
     * @throws MalformedJsonException when the input is not exactly one JSON value; the message gives
     *                                the position but never quotes the input (it may hold secrets)
     */
    public static JsonValue parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException("no JSON value: the input is empty");
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("more content after the JSON value" + at(parser));
            }
            return new JsonValue(value);
        } catch (JsonEOFException e) {
            throw new MalformedJsonException("the JSON text ends too early" + at(e));
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("the JSON text exceeds a limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("malformed JSON" + at(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value starting at the parser's current token. */
    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new MalformedJsonException("the JSON text ends too early" + at(parser));
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, read(parser));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedJsonException("unexpected " + token + at(parser));
        }
    }

    private static String at(JsonParser parser) {
        return " at line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
