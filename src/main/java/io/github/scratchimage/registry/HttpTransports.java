package io.github.scratchimage.registry;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.PublicSuffixMatcher;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.DefaultHttpResponseParserFactory;
import org.apache.http.impl.conn.DefaultManagedHttpClientConnection;
import org.apache.http.impl.conn.DefaultProxyRoutePlanner;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;

/**
 * Builds google-http-client's Apache transport for {@link RegistryHttp}: Apache HttpClient (it has
 * PATCH and streams large bodies), TLS from {@link Tls}, the configured proxy through a route planner,
 * no automatic retries or redirects (the caller handles both), no JVM-wide settings read or written.
 *
 * <p>Timeouts: google-http-client's Apache transport gives every request its own {@code RequestConfig},
 * which replaces any default set on the client, with the connect and read timeouts of the google
 * request (20 s each unless set). {@link RegistryHttp} sets them on every request from the options.
 */
final class HttpTransports {
    private HttpTransports() {
    }

    static HttpTransport create(RegistryOptions options, Tls tlsSetup) {
        ConnectionSocketFactory tls = new LazyTlsSocketFactory(() -> tlsSetup.verifiesHostnames()
                ? new SSLConnectionSocketFactory(tlsSetup.context(), new DefaultHostnameVerifier())
                : new SSLConnectionSocketFactory(tlsSetup.context(), NoopHostnameVerifier.INSTANCE));
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", tls)
                        .build(), new QuietConnectionFactory(), null, null, 60, TimeUnit.SECONDS);
        // per host: a push session's blobs at once (each checked, or uploaded while its check waits) and
        // a few for its other requests; in all, as much again for a token server or a storage host
        int perRegistry = PushSession.blobsAtOnce(options) + 4;
        connections.setMaxTotal(2 * perRegistry);
        connections.setDefaultMaxPerRoute(perRegistry);
        connections.setValidateAfterInactivity(500);
        ProxyConfig proxy = options.proxy();
        if (proxy == null) {
            // The registry protocol needs no more than requests on pooled connections: our own code
            // handles auth, redirects and retries. Apache's minimal client is exactly that; its full
            // client loaded 56 more classes (auth schemes, cookie specs, redirect and retry stages)
            // into the fresh JVM of every build, unused.
            return new ApacheHttpTransport(HttpClients.createMinimal(connections));
        }
        // A proxy needs the full client: its route planner and, for a proxy login, its auth stages.
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // Only cookie specs (off here) would use it; the default loads and parses the whole
                // public suffix list (about 10,000 rules) on every build.
                .setPublicSuffixMatcher(new PublicSuffixMatcher(List.of(), List.of()))
                .disableContentCompression()
                .setRoutePlanner(new ProxyRoutePlanner(proxy));
        if (proxy.username() != null && !proxy.username().isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(proxy.host(), proxy.port()),
                    new UsernamePasswordCredentials(proxy.username(), proxy.password() == null ? "" : proxy.password()));
            builder.setDefaultCredentialsProvider(credentials);
        }
        return new ApacheHttpTransport(builder.build());
    }

    /**
     * Connections without HttpClient's header and wire logs: at debug level (e.g. {@code mvn -X}, where
     * commons-logging reaches Maven's log) those print Authorization headers and token responses.
     */
    static final class QuietConnectionFactory implements HttpConnectionFactory<HttpRoute, ManagedHttpClientConnection> {
        private static final AtomicLong COUNTER = new AtomicLong();

        @Override
        public ManagedHttpClientConnection create(HttpRoute route, ConnectionConfig config) {
            ConnectionConfig c = config == null ? ConnectionConfig.DEFAULT : config;
            return new DefaultManagedHttpClientConnection("scratch-http-" + COUNTER.incrementAndGet(),
                    c.getBufferSize(), c.getFragmentSizeHint(), null, null, c.getMessageConstraints(), null, null,
                    null, DefaultHttpResponseParserFactory.INSTANCE);
        }
    }

    /**
     * Makes Apache's TLS socket factory (and with it the {@link Tls} context) only when the first
     * HTTPS connection is made, so plain-HTTP loopback registries never pay for it.
     */
    static final class LazyTlsSocketFactory implements LayeredConnectionSocketFactory {
        private final Supplier<SSLConnectionSocketFactory> factory;
        private volatile SSLConnectionSocketFactory delegate;

        LazyTlsSocketFactory(Supplier<SSLConnectionSocketFactory> factory) {
            this.factory = factory;
        }

        private SSLConnectionSocketFactory delegate() {
            SSLConnectionSocketFactory current = delegate;
            if (current == null) {
                synchronized (this) {
                    if (delegate == null) {
                        delegate = factory.get();
                    }
                    current = delegate;
                }
            }
            return current;
        }

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return delegate().createSocket(context);
        }

        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                InetSocketAddress localAddress, HttpContext context) throws IOException {
            return delegate().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
        }

        @Override
        public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
                throws IOException {
            return delegate().createLayeredSocket(socket, target, port, context);
        }
    }

    /** Sends traffic through the proxy except to hosts listed in nonProxyHosts. */
    static final class ProxyRoutePlanner extends DefaultProxyRoutePlanner {
        private final ProxyConfig proxy;

        ProxyRoutePlanner(ProxyConfig proxy) {
            super(new HttpHost(proxy.host(), proxy.port()));
            this.proxy = proxy;
        }

        @Override
        protected HttpHost determineProxy(HttpHost target, HttpRequest request, HttpContext context)
                throws HttpException {
            return proxy.bypasses(target.getHostName()) ? null : super.determineProxy(target, request, context);
        }
    }
}
