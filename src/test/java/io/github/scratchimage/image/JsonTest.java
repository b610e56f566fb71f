package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static JsonValue parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesMembersInTheMapsOrderAndEveryKindOfValue() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("z", 1);
        object.put("a", List.of(true, false, -9_000_000_000L));
        object.put("m", null);
        object.put("sorted", new TreeMap<>(Map.of("b", "2", "a", "1")));
        object.put("empty", List.of());
        assertThat(new String(Json.bytes(object), StandardCharsets.UTF_8))
                .isEqualTo("{\"z\":1,\"a\":[true,false,-9000000000],\"m\":null,\"sorted\":{\"a\":\"1\",\"b\":\"2\"},\"empty\":[]}");
        assertThat(Json.pretty(object)).isEqualTo("""
                {
                  "z" : 1,
                  "a" : [ true, false, -9000000000 ],
                  "m" : null,
                  "sorted" : {
                    "a" : "1",
                    "b" : "2"
                  },
                  "empty" : [ ]
                }""");
    }

    @Test
    void refusesMapsWithoutDefinedOrderAndUnknownTypes() {
        assertThatThrownBy(() -> Json.bytes(new HashMap<>(Map.of("a", "1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LinkedHashMap or a TreeMap");
        assertThatThrownBy(() -> Json.bytes(Map.of("a", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.bytes(List.of(1.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Double");
    }

    @Test
    void readsWhatItWrites() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("text", JsonBytesTest.TRICKY);
        object.put("list", List.of("a", 2L, true));
        JsonValue read = Json.parse(Json.bytes(object));
        assertThat(read.value()).isEqualTo(object);
        assertThat(read.names()).containsExactly("text", "list");
        assertThat(read.get("text").text("")).isEqualTo(JsonBytesTest.TRICKY);
    }

    @Test
    void readsObjectsInDocumentOrderWithTheLastDuplicateWinning() {
        JsonValue value = parse(" {\"b\": 1, \"a\": {\"x\": [1, 2.5, null]}, \"b\": 3}\n");
        assertThat(value.names()).containsExactly("b", "a");
        assertThat(value.get("b").number(0)).isEqualTo(3);
        assertThat(value.get("a").get("x").elements()).extracting(JsonValue::value)
                .containsExactly(1L, 2.5, null);
    }

    @Test
    void readsLenientlyWhatRegistriesAndCredentialFilesHold() {
        JsonValue token = parse("{\"access_token\":\"abc\",\"expires_in\":\"3600\",\"issued_at\":7,\"ok\":true,\"n\":null}");
        assertThat(token.get("token").text("")).isEmpty();
        assertThat(token.get("access_token").text("")).isEqualTo("abc");
        assertThat(token.get("expires_in").number(60)).isEqualTo(3600);
        assertThat(token.get("issued_at").text("")).isEqualTo("7");
        assertThat(token.get("ok").text("")).isEqualTo("true");
        assertThat(token.get("n").text("fallback")).isEqualTo("fallback");
        assertThat(token.get("n").get("deeper").elements()).isEmpty();
        assertThat(token.get("access_token").names()).isEmpty();
        assertThat(token.get("access_token").number(60)).isEqualTo(60);
        assertThat(parse("{\"e\":299.9}").get("e").number(60)).isEqualTo(299);
        assertThat(parse("{\"e\":1e300}").get("e").number(60)).isEqualTo(60);
        assertThat(parse("{\"e\":123456789012345678901234567890}").get("e").value())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(parse("{\"e\":123456789012345678901234567890}").get("e").number(60)).isEqualTo(60);
        assertThat(parse("{\"auths\":{}}").get("auths").get("x").get("auth").text("")).isEmpty();
        assertThat(parse("[{\"code\":\"DENIED\"}]").get("errors").elements()).isEmpty();
        assertThat(parse("\"just text\"").text("")).isEqualTo("just text");
    }

    @Test
    void malformedInputIsRejectedWithItsPositionButNotItsContent() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(MalformedJsonException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("  \n ")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> parse("{\"auth\": \"c2VjcmV0"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("ends too early")
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> parse("{\"password\": hunter2}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("line 1, column")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("{\"a\":1}\n{\"b\":2}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("more content after the JSON value at line 2");
        assertThatThrownBy(() -> parse("[1,]")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> parse("{'single': 1}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> parse("<html>502 Bad Gateway</html>"))
                .isInstanceOf(MalformedJsonException.class).hasMessageNotContaining("html");
        assertThatThrownBy(() -> parse("[".repeat(5000) + "]".repeat(5000)))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("limit");
    }

    @Test
    void aSequenceOfValuesAsAStreamedAnswerSendsThem() {
        List<JsonValue> values = Json.parseSequence("{\"stream\":\"one\"}\r\n{\"stream\":\"two\"}{\"error\":\"x\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(values).extracting(v -> v.names().iterator().next()).containsExactly("stream", "stream", "error");
        assertThat(values.get(1).get("stream").text(null)).isEqualTo("two");
        assertThat(Json.parseSequence(new byte[0])).isEmpty();
        assertThatThrownBy(() -> Json.parseSequence("{\"stream\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("ends too early");
    }
}
