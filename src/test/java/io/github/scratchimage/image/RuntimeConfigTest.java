package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.testing.JsonTrees;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeConfigTest {

    @Test
    void configJsonCarriesPlatformRuntimeAndKeepsEnvironmentOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZED", "1");
        env.put("APP_MODE", "prod");
        env.put("PATH", "/usr/local/bin");
        RuntimeConfig runtime = RuntimeConfig.validated(env, List.of("/app"), List.of("--serve"), "/", "65532:65532",
                List.of("8080", "53/udp"), List.of("/data"), Map.of("b", "2", "a", "1"), "SIGTERM");
        Digest diffId = Digest.sha256("layer");
        ImageConfig config = new ImageConfig(Platform.parse("linux/arm64/v8", "5.1"),
                Instant.parse("2024-01-31T12:00:00Z"), runtime, List.of(diffId), List.of("scratch-maven-plugin layer app"));

        JsonNode json = JsonTrees.parse(config.toJsonBytes());
        assertThat(json.path("architecture").asText()).isEqualTo("arm64");
        assertThat(json.path("variant").asText()).isEqualTo("v8");
        assertThat(json.path("os").asText()).isEqualTo("linux");
        assertThat(json.path("os.version").asText()).isEqualTo("5.1");
        assertThat(json.path("created").asText()).isEqualTo("2024-01-31T12:00:00Z");
        JsonNode c = json.path("config");
        assertThat(c.path("Env").toString()).isEqualTo("[\"ZED=1\",\"APP_MODE=prod\",\"PATH=/usr/local/bin\"]");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/app\"]");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"--serve\"]");
        assertThat(c.path("User").asText()).isEqualTo("65532:65532");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/");
        assertThat(c.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(c.path("ExposedPorts").has("53/udp")).isTrue();
        assertThat(c.path("Volumes").has("/data")).isTrue();
        assertThat(c.path("Labels").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(c.path("StopSignal").asText()).isEqualTo("SIGTERM");
        assertThat(json.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(diffId.toString());
        assertThat(json.path("history").get(0).path("created_by").asText()).isEqualTo("scratch-maven-plugin layer app");
    }

    @Test
    void sameInputGivesSameBytes() {
        RuntimeConfig a = RuntimeConfig.validated(Map.of("A", "1"), null, null, null, null, null, null, null, null);
        RuntimeConfig b = RuntimeConfig.validated(Map.of("A", "1"), null, null, null, null, null, null, null, null);
        Platform p = Platform.linuxAmd64();
        assertThat(new ImageConfig(p, Instant.EPOCH, a, List.of(), List.of()).toJsonBytes())
                .isEqualTo(new ImageConfig(p, Instant.EPOCH, b, List.of(), List.of()).toJsonBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A=B"})
    void rejectsBadEnvironmentNames(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(name, "x");
        assertThatThrownBy(() -> RuntimeConfig.validated(env, null, null, null, null, null, null, null, null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.ENVIRONMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "80/http", "abc", "8080/tcp/udp", "90-80"})
    void rejectsBadPorts(String port) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, List.of(port), null, null, null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.EXPOSED_PORTS)
                .hasMessageContaining(port);
    }

    @Test
    void normalisesPorts() {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, null, null,
                List.of("8080", "53/UDP", "9000-9002/sctp", "1", "65535/tcp"), null, null, null);
        assertThat(config.exposedPorts()).containsExactlyInAnyOrder("8080/tcp", "53/udp", "9000/sctp", "9001/sctp",
                "9002/sctp", "1/tcp", "65535/tcp");
    }

    /** The OCI config's ExposedPorts keys are port/proto: a range becomes one key per port. */
    @Test
    void portRangeExpandsToOneKeyPerPort() {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, null, null,
                List.of("8000-8003/tcp", "8002/tcp", "7-7/udp"), null, null, null);

        assertThat(config.exposedPorts()).containsExactly("7/udp", "8000/tcp", "8001/tcp", "8002/tcp", "8003/tcp");
        JsonNode json = JsonTrees.parse(new ImageConfig(Platform.linuxAmd64(), Instant.EPOCH, config, List.of(),
                List.of()).toJsonBytes());
        assertThat(json.path("config").path("ExposedPorts").toString())
                .isEqualTo("{\"7/udp\":{},\"8000/tcp\":{},\"8001/tcp\":{},\"8002/tcp\":{},\"8003/tcp\":{}}");
    }

    @Test
    void portRangeOfUpTo1024PortsIsAccepted() {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, null, null, List.of("64512-65535/udp"),
                null, null, null);
        assertThat(config.exposedPorts()).hasSize(1024).contains("64512/udp", "65535/udp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000-2024", "1-65535/tcp"})
    void portRangeOfMoreThan1024PortsIsRejected(String range) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, List.of(range), null, null,
                null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.EXPOSED_PORTS)
                .hasMessageContaining(range).hasMessageContaining("1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-5", "65535-65536/tcp", "10-9/udp", "8000-/tcp", "-8000"})
    void rejectsBadPortRanges(String range) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, List.of(range), null, null,
                null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.EXPOSED_PORTS)
                .hasMessageContaining(range);
    }

    /** Maven gives null (or "") for an empty {@code <arg/>}: an empty argument, written as "". */
    @Test
    void emptyArgumentIsAnEmptyString() {
        RuntimeConfig config = RuntimeConfig.validated(null, Arrays.asList("/app", null, ""),
                Arrays.asList((String) null), null, null, null, null, null, null);

        assertThat(config.entrypoint()).containsExactly("/app", "", "");
        assertThat(config.cmd()).containsExactly("");
        JsonNode c = JsonTrees.parse(new ImageConfig(Platform.linuxAmd64(), Instant.EPOCH, config, List.of(),
                List.of()).toJsonBytes()).path("config");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/app\",\"\",\"\"]");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"\"]");
    }

    @Test
    void emptyArgumentOfAPlatformsEntrypointIsAnEmptyString() {
        RuntimeConfig merged = RuntimeConfig.empty().mergedWith(null, Arrays.asList("/app", null),
                Arrays.asList(null, "x"));

        assertThat(merged.entrypoint()).containsExactly("/app", "");
        assertThat(merged.cmd()).containsExactly("", "x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIGTERM", "SIGKILL", "SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH",
        "SIGSTKFLT", "SIGPWR", "SIGSYS", "SIGIOT", "SIGRTMIN", "SIGRTMIN+1", "SIGRTMIN+15", "SIGRTMAX-14",
        "SIGRTMAX-1", "SIGRTMAX", "1", "9", "15", "64", "09"})
    void acceptsLinuxSignalsAndWritesThemAsGiven(String signal) {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, null, null, null, null, null, " " + signal);
        assertThat(config.stopSignal()).isEqualTo(signal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIGFOO", "SIG", "SIGTERM2", "SIGKILL+1", "SIGRTMIN+0", "SIGRTMIN+16", "SIGRTMIN-1",
        "SIGRTMAX+1", "SIGRTMAX-15", "SIGRTMAX-0", "SIGRTMIN+01", "0", "65", "99", "-9", "sigterm", "TERM",
        "SIG TERM", "9x"})
    void rejectsSignalsLinuxDoesNotHave(String signal) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, null, null, null, signal))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.STOP_SIGNAL)
                .hasMessageContaining("'" + signal + "'").hasMessageContaining("SIGTERM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65532", "2147483647", "0:0", "65532:65532", "nobody", "www-data", "app:app",
        "_apt", "user.name", "app:65532", "65532:app", "a"})
    void acceptsUsersAndGroupsByNameOrId(String user) {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, null, user, null, null, null, null);
        assertThat(config.user()).isEqualTo(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1:0", "0:-1", "2147483648", "0:2147483648", "99999999999999999999", "a/b",
        "../root", "app:", ":app", "1:2:3", "-app", ".app", "app name", "app\u00e9", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void rejectsUsersOutOfRangeOrOddlyNamed(String user) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, user, null, null, null, null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.USER)
                .hasMessageContaining(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/..", "/..", "/app/../etc", "/../app", "/app/../"})
    void rejectsDotDotInWorkingDirectoryAndVolumes(String path) {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, path, null, null, null, null, null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.WORKING_DIRECTORY)
                .hasMessageContaining(path).hasMessageContaining("..");
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, null, List.of(path), null,
                null))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.VOLUMES)
                .hasMessageContaining(path).hasMessageContaining("..");
    }

    @Test
    void dotsInNamesAreNotParentDirectories() {
        RuntimeConfig config = RuntimeConfig.validated(null, null, null, "/app/..data/x..", null, null,
                List.of("/data/...", "/a.b"), null, null);
        assertThat(config.workingDirectory()).isEqualTo("/app/..data/x..");
        assertThat(config.volumes()).containsExactly("/a.b", "/data/...");
    }

    @Test
    void rejectsRelativeWorkingDirectoryAndVolumes() {
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, "app", null, null, null, null, null))
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.WORKING_DIRECTORY);
        assertThatThrownBy(() -> RuntimeConfig.validated(null, null, null, null, null, null, List.of("data"), null, null))
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.VOLUMES);
    }

    @Test
    void mergedWithOverridesEnvironmentInPlaceAndAppends() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "1");
        env.put("B", "2");
        RuntimeConfig base = RuntimeConfig.validated(env, List.of("/a"), List.of("x"), null, null, null, null, null, null);
        Map<String, String> over = new LinkedHashMap<>();
        over.put("A", "9");
        over.put("C", "3");
        RuntimeConfig merged = base.mergedWith(over, null, List.of("y"));
        assertThat(merged.environmentList()).containsExactly("A=9", "B=2", "C=3");
        assertThat(merged.entrypoint()).containsExactly("/a");
        assertThat(merged.cmd()).containsExactly("y");
    }
}
