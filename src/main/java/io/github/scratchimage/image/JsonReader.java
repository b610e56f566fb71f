package io.github.scratchimage.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON text with jackson-core's streaming parser (see {@link Json#parse}). */
final class JsonReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReader() {
    }

    static JsonValue parse(byte[] json) {
        return withParser(json, parser -> {
            if (parser.nextToken() == null) {
                throw new MalformedJsonException("no JSON value: the input is empty");
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("more content after the JSON value" + at(parser));
            }
            return new JsonValue(value);
        });
    }

    /** Every JSON value of a sequence of them (as a streamed answer sends them), in order; none for empty input. */
    static List<JsonValue> parseSequence(byte[] json) {
        return withParser(json, parser -> {
            List<JsonValue> values = new ArrayList<>();
            while (parser.nextToken() != null) {
                values.add(new JsonValue(read(parser)));
            }
            return values;
        });
    }

    /** What {@link #withParser} does with the parser. */
    @FunctionalInterface
    private interface Reading<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** Runs {@code reading} on a parser of {@code json}, turning the parser's errors into {@link MalformedJsonException}s. */
    private static <T> T withParser(byte[] json, Reading<T> reading) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return reading.read(parser);
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
        return at(parser.currentLocation());
    }

    private static String at(JsonProcessingException e) {
        return at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
