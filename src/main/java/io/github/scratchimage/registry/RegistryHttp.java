package io.github.scratchimage.registry;

import java.io.IOException;

/**
 * Sends each request of a push over one of two HTTP clients.
 *
 * <ul>
 *   <li>A chunk's PATCH goes over google-http-client with its Apache transport ({@link GoogleHttp}):
 *       {@code HttpURLConnection} refuses the PATCH method.</li>
 *   <li>Everything else (checks, tags, upload sessions, tokens, manifests, and whole blobs, streamed
 *       from their files) goes over the JDK's {@code HttpURLConnection} ({@link JdkHttp}). Its
 *       classes come with the JVM, already parsed and verified, while google-http-client's first
 *       request loads about 400 classes from the plugin jar into a fresh Maven JVM, and the JIT
 *       compiles a second HTTP stack. Only a push with {@code chunkSize} set loads it.</li>
 * </ul>
 *
 * <p>The library client carries everything when a proxy is configured (its route planner honours
 * nonProxyHosts and logs in to the proxy) and when the JDK's own HTTP logger is set to debug level:
 * that logger writes out request headers, the Authorization header included; ours never does.
 */
final class RegistryHttp implements Http {
    /** The logger of the JDK's HTTP client; at FINE (debug) it logs each request's headers. */
    static final String JDK_HTTP_LOGGER = "sun.net.www.protocol.http.HttpURLConnection";

    private final JdkHttp jdk;
    private final GoogleHttp google;

    private RegistryHttp(JdkHttp jdk, GoogleHttp google) {
        this.jdk = jdk;
        this.google = google;
    }

    static RegistryHttp create(RegistryOptions options) {
        Tls tls = Tls.of(options);
        boolean jdkUsable = options.proxy() == null
                && !System.getLogger(JDK_HTTP_LOGGER).isLoggable(System.Logger.Level.DEBUG);
        return new RegistryHttp(jdkUsable ? new JdkHttp(options, tls) : null, new GoogleHttp(options, tls));
    }

    @Override
    public HttpReply send(HttpCall call) throws IOException {
        return clientFor(call).send(call);
    }

    /** The client that sends {@code call}: PATCH bodies go over the library client, which has PATCH. */
    Http clientFor(HttpCall call) {
        return jdk != null && !call.method().equals("PATCH") ? jdk : google;
    }

    @Override
    public void close() {
        google.close();
    }
}
