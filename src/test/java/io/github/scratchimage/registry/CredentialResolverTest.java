package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.CapturingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential lookup in docker's and podman's files, with a real helper script on a temporary PATH. */
class CredentialResolverTest {
    @TempDir
    Path dir;
    final CapturingLog log = new CapturingLog();

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Credential> resolve(Map<String, String> env, String host, String repository) {
        return new CredentialResolver(null, env, dir.resolve("home"), log).resolve(host, repository);
    }

    @Test
    void explicitCredentialWins() throws Exception {
        Files.createDirectories(dir.resolve("home/.docker"));
        Files.writeString(dir.resolve("home/.docker/config.json"),
                "{\"auths\":{\"example.com\":{\"auth\":\"" + auth("docker", "pw") + "\"}}}");
        Credential explicit = Credential.of("pom", "pom-pw");
        assertThat(new CredentialResolver(explicit, Map.of(), dir.resolve("home"), log).resolve("example.com", "a"))
                .contains(explicit);
        assertThat(resolve(Map.of(), "example.com", "a")).map(Credential::username).contains("docker");
    }

    @Test
    void dockerHubKeyVariants() throws Exception {
        Path config = Files.createDirectories(dir.resolve("dc"));
        Files.writeString(config.resolve("config.json"),
                "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hubuser", "hubpw") + "\"}}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        assertThat(resolve(env, "registry-1.docker.io", "library/app")).map(Credential::secret).contains("hubpw");
        assertThat(resolve(env, "docker.io", "library/app")).map(Credential::secret).contains("hubpw");
        assertThat(resolve(env, "quay.io", "x/app")).isEmpty();

        Files.writeString(config.resolve("config.json"),
                "{\"auths\":{\"docker.io\":{\"auth\":\"" + auth("u2", "p2") + "\"}}}");
        assertThat(resolve(env, "registry-1.docker.io", "library/app")).map(Credential::username).contains("u2");
    }

    @Test
    void identityTokenAndUnusableEntries() throws Exception {
        Path config = Files.createDirectories(dir.resolve("dc"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{"
                + "\"token.example\":{\"auth\":\"" + auth("<token>", "") + "\",\"identitytoken\":\"refresh-me\"},"
                + "\"empty.example\":{},"
                + "\"bad.example\":{\"auth\":\"%%%\"}}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        Credential token = resolve(env, "token.example", "a").orElseThrow();
        assertThat(token.identityToken()).isTrue();
        assertThat(token.secret()).isEqualTo("refresh-me");
        assertThat(resolve(env, "empty.example", "a")).isEmpty();
        assertThat(resolve(env, "bad.example", "a")).isEmpty();
        assertThat(log.text()).contains("not base64").doesNotContain("%%%");
    }

    @Test
    void credsStoreHelperGetsTheServerOnStdin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-store");
        Files.writeString(helper, "#!/bin/sh\nread server\nif [ \"$server\" = \"https://index.docker.io/v1/\" ]; then\n"
                + "  echo '{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"idtok\"}'\nelse\n"
                + "  echo 'credentials not found in native keychain'; exit 1\nfi\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.createDirectories(dir.resolve("dc"));
        Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"store\",\"auths\":{\"other.example\":{\"auth\":\""
                + auth("fileuser", "filepw") + "\"}}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin + ":/usr/bin:/bin");

        Credential hub = resolve(env, "registry-1.docker.io", "library/app").orElseThrow();
        assertThat(hub.identityToken()).isTrue();
        assertThat(hub.source()).contains("credsStore 'store'");
        assertThat(resolve(env, "other.example", "a")).map(Credential::username).contains("fileuser");
        assertThat(resolve(env, "nothing.example", "a")).isEmpty();
        assertThat(log.text()).doesNotContain("failed");
    }

    @Test
    void missingHelperIsAWarning() throws Exception {
        Path config = Files.createDirectories(dir.resolve("dc"));
        Files.writeString(config.resolve("config.json"), "{\"credHelpers\":{\"ecr.example\":\"absent\"}}");
        assertThat(resolve(Map.of("DOCKER_CONFIG", config.toString(), "PATH", "/nonexistent"), "ecr.example", "a")).isEmpty();
        assertThat(log.text()).contains("docker-credential-absent").contains("not on the PATH");
    }

    @Test
    void podmanAuthFiles() throws Exception {
        Path authFile = dir.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"quay.example\":{\"auth\":\"" + auth("generic", "g") + "\"},"
                + "\"quay.example/team\":{\"auth\":\"" + auth("team", "t") + "\"}}}");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", authFile.toString());
        assertThat(resolve(env, "quay.example", "team/app")).map(Credential::username).contains("team");
        assertThat(resolve(env, "quay.example", "teamx/app")).map(Credential::username).contains("generic");
        assertThat(resolve(env, "quay.example", "other/app").orElseThrow().source()).contains("podman").contains("auth.json");

        Path runtime = Files.createDirectories(dir.resolve("run/containers"));
        Files.writeString(runtime.resolve("auth.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth("xdg", "x") + "\"}}}");
        assertThat(resolve(Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString()), "127.0.0.1:5000", "a"))
                .map(Credential::username).contains("xdg");
        assertThat(resolve(Map.of(), "127.0.0.1:5000", "a")).isEmpty();
    }

    @Test
    void brokenJsonIsIgnoredWithoutQuotingIt() throws Exception {
        Path config = Files.createDirectories(dir.resolve("dc"));
        Files.writeString(config.resolve("config.json"), "{\"auths\": SECRETVALUE");
        assertThat(resolve(Map.of("DOCKER_CONFIG", config.toString()), "a.example", "a")).isEmpty();
        assertThat(log.text()).contains("not valid JSON").doesNotContain("SECRETVALUE");
    }

    @Test
    void toStringHidesSecrets() {
        assertThat(Credential.of("user", "hunter2").toString()).contains("user").doesNotContain("hunter2");
        assertThat(new ProxyConfig("proxy", 3128, "pu", "proxypw", null).toString()).doesNotContain("proxypw");
        assertThat(RegistryOptions.builder().credential(Credential.of("u", "optpw"))
                .proxy(new ProxyConfig("p", 1, "u", "ppw", null)).build().toString()).doesNotContain("optpw").doesNotContain("ppw");
    }
}
