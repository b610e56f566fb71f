package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.testing.CapturingLog;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.junit.jupiter.api.Test;

/** The small parts: challenge parsing, Retry-After, backoff, loopback, proxy routes, plain-HTTP refusal. */
class RegistryPartsTest {

    @Test
    void parsesBearerAndBasicChallenges() {
        AuthChallenge bearer = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"reg\","
                + "scope=\"repository:a/b:pull,push\",error=\"invalid_token\"");
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.parameter("realm")).isEqualTo("https://auth.example/token");
        assertThat(bearer.parameter("scope")).isEqualTo("repository:a/b:pull,push");
        assertThat(bearer.parameter("error")).isEqualTo("invalid_token");
        assertThat(AuthChallenge.select(List.of("Basic realm=\"r\"", "Bearer realm=\"x\"")).scheme()).isEqualTo("bearer");
        assertThat(AuthChallenge.select(List.of("Basic realm=r")).parameter("realm")).isEqualTo("r");
        assertThat(AuthChallenge.select(List.of("Negotiate"))).isNull();
    }

    @Test
    void retryAfterSecondsOrDate() {
        assertThat(Retrier.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Retrier.parseRetryAfter(null)).isNull();
        assertThat(Retrier.parseRetryAfter("soon")).isNull();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(Retrier.parseRetryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(11));
    }

    @Test
    void backoffGrowsWithJitterAndHonoursRetryAfter() {
        Retrier retrier = new Retrier("r", 5, Duration.ofMillis(100), new CapturingLog());
        for (int i = 0; i < 20; i++) {
            assertThat(retrier.waitBefore(0, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(retrier.waitBefore(3, null)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        }
        assertThat(retrier.waitBefore(3, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(retrier.waitBefore(30, null)).isLessThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void retriesThenNamesRegistryOperationAndStatus() {
        CapturingLog log = new CapturingLog();
        Retrier retrier = new Retrier("reg.example:5000", 2, Duration.ofMillis(1), log);
        int[] calls = {0};
        assertThatThrownBy(() -> retrier.run("put manifest app:v1", () -> {
            calls[0]++;
            throw new RetryableException(503, List.of("UNAVAILABLE: busy"), null, "HTTP 503", null);
        })).isInstanceOf(RegistryException.class)
                .hasMessage("Registry reg.example:5000: put manifest app:v1 failed: HTTP 503: UNAVAILABLE: busy "
                        + "(gave up after 3 attempts)")
                .satisfies(e -> assertThat(((RegistryException) e).statusCode()).isEqualTo(503));
        assertThat(calls[0]).isEqualTo(3);
        assertThat(log.lines()).hasSize(2);
    }

    @Test
    void loopbackHosts() {
        assertThat(Hosts.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(Hosts.isLoopback("127.1.2.3")).isTrue();
        assertThat(Hosts.isLoopback("localhost:80")).isTrue();
        assertThat(Hosts.isLoopback("[::1]:5000")).isTrue();
        assertThat(Hosts.isLoopback("::1")).isTrue();
        assertThat(Hosts.isLoopback("128.0.0.1")).isFalse();
        assertThat(Hosts.isLoopback("127.example.com")).isFalse();
        assertThat(Hosts.isLoopback("registry.example.com:5000")).isFalse();
    }

    @Test
    void proxyRoutesHonourNonProxyHosts() throws Exception {
        ProxyConfig proxy = new ProxyConfig("proxy.example", 3128, null, null, "*.internal|localhost,10.0.0.1");
        HttpTransports.ProxyRoutePlanner planner = new HttpTransports.ProxyRoutePlanner(proxy);
        HttpClientContext context = HttpClientContext.create();
        assertThat(planner.determineRoute(new HttpHost("ghcr.io", 443, "https"), new HttpGet("/"), context).getProxyHost())
                .isEqualTo(new HttpHost("proxy.example", 3128));
        assertThat(planner.determineRoute(new HttpHost("reg.internal", 443, "https"), new HttpGet("/"), context)
                .getProxyHost()).isNull();
        assertThat(planner.determineRoute(new HttpHost("10.0.0.1", 80, "http"), new HttpGet("/"), context)
                .getProxyHost()).isNull();
        assertThat(proxy.bypasses("LOCALHOST")).isTrue();
        assertThat(proxy.bypasses("internal")).isFalse();
    }

    @Test
    void neverSendsCredentialsOverPlainHttpToARemoteHost() throws Exception {
        RegistryAuth plain = new RegistryAuth("reg.example", Credential.of("u", "p"), List.of("repository:a:pull,push"),
                new RegistryHttp(RegistryOptions.builder().build()), new CapturingLog());
        plain.registryBase("http://reg.example");
        assertThat(plain.onUnauthorized("http://reg.example/v2/", List.of("Basic realm=\"r\""), null)).isTrue();
        assertThatThrownBy(() -> plain.authorization("http://reg.example/v2/"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refusing to send credentials over plain HTTP");

        RegistryAuth loopback = new RegistryAuth("127.0.0.1:5000", Credential.of("u", "p"), List.of(),
                new RegistryHttp(RegistryOptions.builder().build()), new CapturingLog());
        loopback.registryBase("http://127.0.0.1:5000");
        assertThat(loopback.onUnauthorized("http://127.0.0.1:5000/v2/", List.of("Basic realm=\"r\""), null)).isTrue();
        assertThat(loopback.authorization("http://127.0.0.1:5000/v2/")).startsWith("Basic ");

        RegistryAuth bearer = new RegistryAuth("reg.example", Credential.of("u", "p"), List.of("repository:a:pull,push"),
                new RegistryHttp(RegistryOptions.builder().build()), new CapturingLog());
        bearer.registryBase("https://reg.example");
        assertThatThrownBy(() -> bearer.onUnauthorized("https://reg.example/v2/",
                List.of("Bearer realm=\"http://auth.example/token\""), null))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("plain HTTP to the token server auth.example");
    }

    @Test
    void sendsAuthorizationOnlyToTheRegistrysOwnSchemeHostAndPort() throws Exception {
        RegistryAuth auth = new RegistryAuth("reg.example", Credential.of("u", "p"), List.of("repository:a:pull,push"),
                new RegistryHttp(RegistryOptions.builder().build()), new CapturingLog());
        assertThat(auth.onUnauthorized("https://reg.example/v2/", List.of("Basic realm=\"r\""), null))
                .as("no challenge is learnt before the registry's origin is known").isFalse();
        auth.registryBase("https://reg.example");
        assertThat(auth.onUnauthorized("https://reg.example/v2/", List.of("Basic realm=\"r\""), null)).isTrue();

        assertThat(auth.authorization("https://reg.example/v2/a/blobs/uploads/")).startsWith("Basic ");
        assertThat(auth.authorization("https://REG.example:443/v2/a/blobs/uploads/x?_state=s")).startsWith("Basic ");
        assertThat(auth.authorization("https://storage.example/v2/a/blobs/uploads/x")).isNull();
        assertThat(auth.authorization("https://reg.example:8443/v2/")).isNull();
        assertThat(auth.authorization("http://reg.example:443/v2/")).isNull();
        assertThat(auth.authorization("https://reg.example.evil.example/v2/")).isNull();
        assertThat(auth.authorization("not a url")).isNull();

        // a 401 from another host names no realm we would send the credential to
        RegistryAuth bearer = new RegistryAuth("reg.example", Credential.of("u", "p"), List.of(),
                new RegistryHttp(RegistryOptions.builder().build()), new CapturingLog());
        bearer.registryBase("https://reg.example");
        assertThat(bearer.onUnauthorized("https://storage.example/upload",
                List.of("Bearer realm=\"https://storage.example/token\""), null)).isFalse();
        assertThat(bearer.authorization("https://reg.example/v2/")).isNull();
    }
}
