package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** skopeo read-back and secret checks shared by the registry tests. */
final class RegistryTestSupport {
    private RegistryTestSupport() {
    }

    /** Options for loopback tests: fast retries, no lookup in this machine's docker/podman files. */
    static RegistryOptions.Builder options(java.nio.file.Path home) {
        return RegistryOptions.builder()
                .credentialLookup(Map.of("PATH", "/usr/bin:/bin"), home)
                .initialBackoff(Duration.ofMillis(20));
    }

    /** {@code skopeo inspect --raw [--config]} of docker://hostPort/repo:tag (TLS not verified), as bytes. */
    static byte[] skopeoRaw(String hostPort, String repositoryAndTag, boolean config, String creds) throws IOException {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        if (config) {
            command.add("--config");
        }
        if (creds != null) {
            command.add("--creds");
            command.add(creds);
        } else {
            command.add("--no-creds");
        }
        command.add("docker://" + hostPort + "/" + repositoryAndTag);
        return LocalRegistry.run(command).getBytes(StandardCharsets.UTF_8);
    }

    /** True when skopeo finds the tag. */
    static boolean tagExists(String hostPort, String repositoryAndTag, String creds) {
        try {
            skopeoRaw(hostPort, repositoryAndTag, false, creds);
            return true;
        } catch (IOException e) {
            assertThat(e.getMessage()).containsAnyOf("manifest unknown", "not found", "unknown");
            return false;
        }
    }

    static Digest digestOf(byte[] bytes) {
        return Digest.sha256(bytes);
    }

    /** Asserts that no log line shows the secret, its Basic encoding or an Authorization header. */
    static void assertNoSecret(CapturingLog log, String username, String secret) {
        String basic = Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
        for (String line : log.lines()) {
            assertThat(line).doesNotContain(secret).doesNotContain(basic)
                    .doesNotContainIgnoringCase("authorization:").doesNotContain("Bearer ey");
        }
    }
}
