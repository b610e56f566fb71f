package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes of configs, manifests and indexes: their digests are the image's identity,
 * so a change of key order, escaping or number format would change every image the plugin builds.
 */
class JsonBytesTest {
    static final Instant CREATED = Instant.parse("2024-01-31T12:00:00Z");
    static final Digest DIFF_ID_1 = Digest.parse("sha256:" + "1".repeat(64));
    static final Digest DIFF_ID_2 = Digest.parse("sha256:" + "2".repeat(64));
    static final Digest LAYER_1 = Digest.parse("sha256:" + "a".repeat(64));
    static final Digest LAYER_2 = Digest.parse("sha256:" + "b".repeat(64));
    /** A string with every kind of character the writer treats differently. */
    static final String TRICKY = "\"q\" \\ / \n\t\r\b\f \u0001\u001f\u007f \u2028\u2029 </script> & ' \u00e9 \u2713 \ud83d\ude00";

    static RuntimeConfig fullRuntime() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/bin");
        environment.put("GREETING", "h\u00e9llo w\u00f6rld");
        environment.put("TRICKY", TRICKY);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "\u00dcn\u00efc\u00f6d\u00e9 \u2713");
        labels.put("tricky", TRICKY);
        labels.put("empty", "");
        return RuntimeConfig.validated(environment, List.of("/app", "--flag=<a&b>"), List.of("serve", "it's"),
                "/srv", "1000:1000", List.of("8080", "53/udp"), List.of("/data", "/cache"), labels, "SIGINT");
    }

    static ImageConfig fullConfig() {
        return new ImageConfig(new Platform("linux", "arm64", "v8", "5.15"), CREATED, fullRuntime(),
                List.of(DIFF_ID_1, DIFF_ID_2), List.of("layer 'libs'", "layer \"app\" \u00e9"));
    }

    /** Characters that need an escape are escaped wherever they are in a string, also after plain ones. */
    @Test
    void escapesAfterPlainCharacters() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("plain", "sha256:" + "a".repeat(64));
        value.put("quote", "abc\"def");
        value.put("control", "line 1\nline 2\u0001");
        value.put("emoji", "smile \ud83d\ude00 end");
        value.put("accented", "caf\u00e9 \\ back");
        assertThat(JsonWriter.compact(value)).isEqualTo("{\"plain\":\"sha256:" + "a".repeat(64) + "\","
                + "\"quote\":\"abc\\\"def\",\"control\":\"line 1\\nline 2\\u0001\","
                + "\"emoji\":\"smile \\uD83D\\uDE00 end\",\"accented\":\"caf\u00e9 \\\\ back\"}");
        assertThat(JsonWriter.indented(new java.util.TreeMap<>(Map.of("emoji", "smile \ud83d\ude00 \"end\""))))
                .isEqualTo("{\n  \"emoji\" : \"smile \ud83d\ude00 \\\"end\\\"\"\n}");
    }

    @Test
    void fullImageConfig() {
        assertBytes(fullConfig().toJsonBytes(), "{\"created\":\"2024-01-31T12:00:00Z\",\"architecture\":\"arm64\","
                + "\"variant\":\"v8\",\"os\":\"linux\",\"os.version\":\"5.15\",\"config\":{\"User\":\"1000:1000\","
                + "\"ExposedPorts\":{\"53/udp\":{},\"8080/tcp\":{}},"
                + "\"Env\":[\"PATH=/bin\",\"GREETING=h\u00e9llo w\u00f6rld\",\"TRICKY=" + TRICKY_JSON + "\"],"
                + "\"Entrypoint\":[\"/app\",\"--flag=<a&b>\"],\"Cmd\":[\"serve\",\"it's\"],"
                + "\"Volumes\":{\"/cache\":{},\"/data\":{}},\"WorkingDir\":\"/srv\","
                + "\"Labels\":{\"empty\":\"\",\"org.opencontainers.image.title\":\"\u00dcn\u00efc\u00f6d\u00e9 \u2713\","
                + "\"tricky\":\"" + TRICKY_JSON + "\"},\"StopSignal\":\"SIGINT\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "1".repeat(64) + "\",\"sha256:"
                + "2".repeat(64) + "\"]},\"history\":[{\"created\":\"2024-01-31T12:00:00Z\",\"created_by\":\"layer 'libs'\"},"
                + "{\"created\":\"2024-01-31T12:00:00Z\",\"created_by\":\"layer \\\"app\\\" \u00e9\"}]}");
    }

    /**
     * {@link #TRICKY} as the compact JSON has it: quote, backslash and control characters escaped,
     * other characters as UTF-8, except that a character outside the BMP is written as its escaped
     * surrogate pair (jackson's UTF-8 writer does that unless told otherwise).
     */
    static final String TRICKY_JSON = "\\\"q\\\" \\\\ / \\n\\t\\r\\b\\f \\u0001\\u001F\u007f \u2028\u2029 </script> & ' \u00e9 \u2713 \\uD83D\\uDE00";

    @Test
    void emptyImageConfig() {
        ImageConfig config = new ImageConfig(Platform.linuxAmd64(), Instant.EPOCH, RuntimeConfig.empty(), List.of(),
                List.of());
        assertBytes(config.toJsonBytes(), "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
    }

    static Manifest manifest(ImageFormat format) {
        Descriptor config = new Descriptor(format.configMediaType(), Digest.parse("sha256:" + "c".repeat(64)), 1234);
        Descriptor first = new Descriptor(format.layerMediaType(), LAYER_1, 4096);
        Map<String, String> layerAnnotations = new LinkedHashMap<>();
        layerAnnotations.put("z.last", "\u00fc");
        layerAnnotations.put("a.first", "<&>");
        Descriptor second = new Descriptor(format.layerMediaType(), LAYER_2, 9_876_543_210L).withAnnotations(layerAnnotations);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("org.opencontainers.image.title", "app");
        annotations.put("org.opencontainers.image.created", "2024-01-31T12:00:00Z");
        return new Manifest(format, config, List.of(first, second), annotations);
    }

    @Test
    void ociManifestWithAnnotations() {
        assertBytes(manifest(ImageFormat.OCI).toJsonBytes(), "{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + "c".repeat(64) + "\",\"size\":1234},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:"
                + "a".repeat(64) + "\",\"size\":4096},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:"
                + "b".repeat(64) + "\",\"size\":9876543210,\"annotations\":{\"a.first\":\"<&>\",\"z.last\":\"\u00fc\"}}],"
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2024-01-31T12:00:00Z\","
                + "\"org.opencontainers.image.title\":\"app\"}}");
    }

    @Test
    void dockerManifestLeavesManifestAnnotationsOut() {
        assertBytes(manifest(ImageFormat.DOCKER).toJsonBytes(), "{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"sha256:"
                + "c".repeat(64) + "\",\"size\":1234},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"sha256:"
                + "a".repeat(64) + "\",\"size\":4096},"
                + "{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\"sha256:"
                + "b".repeat(64) + "\",\"size\":9876543210,\"annotations\":{\"a.first\":\"<&>\",\"z.last\":\"\u00fc\"}}]}");
    }

    static ImageIndex index(ImageFormat format) {
        String type = format.manifestMediaType();
        Descriptor amd64 = new Descriptor(type, Digest.parse("sha256:" + "d".repeat(64)), 500)
                .withPlatform(Platform.linuxAmd64());
        Descriptor arm = new Descriptor(type, Digest.parse("sha256:" + "e".repeat(64)), 501)
                .withPlatform(new Platform("linux", "arm", "v7", null));
        Descriptor windows = new Descriptor(type, Digest.parse("sha256:" + "f".repeat(64)), 502)
                .withPlatform(new Platform("windows", "amd64", null, "10.0.17763.1234"))
                .withAnnotations(Map.of("com.example.note", "w\u00efn"));
        return new ImageIndex(format, List.of(amd64, arm, windows), Map.of("org.opencontainers.image.version", "1.0"));
    }

    @Test
    void ociIndexWithPlatformsAndAnnotations() {
        assertBytes(index(ImageFormat.OCI).toJsonBytes(), "{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "d".repeat(64)
                + "\",\"size\":500,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "e".repeat(64)
                + "\",\"size\":501,\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "f".repeat(64)
                + "\",\"size\":502,\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\","
                + "\"os.version\":\"10.0.17763.1234\"},\"annotations\":{\"com.example.note\":\"w\u00efn\"}}],"
                + "\"annotations\":{\"org.opencontainers.image.version\":\"1.0\"}}");
    }

    @Test
    void dockerManifestListLeavesIndexAnnotationsOut() {
        assertBytes(index(ImageFormat.DOCKER).toJsonBytes(), "{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"sha256:"
                + "d".repeat(64) + "\",\"size\":500,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"sha256:"
                + "e".repeat(64) + "\",\"size\":501,\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}},"
                + "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"sha256:"
                + "f".repeat(64) + "\",\"size\":502,\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\","
                + "\"os.version\":\"10.0.17763.1234\"},\"annotations\":{\"com.example.note\":\"w\u00efn\"}}]}");
    }

    /** Compares as text (readable failures) and as bytes (UTF-8, no escapes for non-ASCII). */
    static void assertBytes(byte[] actual, String expected) {
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(actual).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
}
