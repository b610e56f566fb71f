package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import org.junit.jupiter.api.Test;

/**
 * Which Apache client carries the requests. Without a proxy the minimal one: it loads about a hundred
 * classes fewer in the fresh JVM of every build. A proxy needs the full one (route planner, proxy
 * login); {@code ProxiedPushTest} pushes through both.
 */
class HttpTransportsTest {
    /** Apache's minimal client class, package-private in httpclient. */
    private static final String MINIMAL = "MinimalHttpClient";

    @Test
    void minimalClientWithoutAProxy() throws Exception {
        ApacheHttpTransport transport = (ApacheHttpTransport) HttpTransports.create(RegistryOptions.builder().build(), Tls.of(RegistryOptions.builder().build()));
        try {
            assertThat(transport.getHttpClient().getClass().getSimpleName()).isEqualTo(MINIMAL);
        } finally {
            transport.shutdown();
        }
    }

    @Test
    void fullClientThroughAProxy() throws Exception {
        RegistryOptions options = RegistryOptions.builder()
                .proxy(new ProxyConfig("127.0.0.1", 3128, "user", "secret", null)).build();
        ApacheHttpTransport transport = (ApacheHttpTransport) HttpTransports.create(options, Tls.of(options));
        try {
            assertThat(transport.getHttpClient().getClass().getSimpleName()).isNotEqualTo(MINIMAL);
        } finally {
            transport.shutdown();
        }
    }
}
