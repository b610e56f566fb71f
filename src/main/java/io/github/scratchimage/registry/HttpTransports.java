package io.github.scratchimage.registry;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import io.github.scratchimage.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
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
 * Builds the HTTP transport for registry traffic: Apache HttpClient (it has PATCH), TLS trusting the
 * JVM's CAs plus the configured PEM files, the configured proxy through a route planner, no automatic
 * retries or redirects (the caller handles both), no JVM-wide settings read or written.
 *
 * <p>Timeouts: google-http-client's Apache transport gives every request its own {@code RequestConfig},
 * which replaces any default set on the client, with the connect and read timeouts of the google
 * request (20 s each unless set). {@link #requestTimeouts} sets them from the options.
 */
final class HttpTransports {
    private HttpTransports() {
    }

    /** Sets the connect and read timeouts of every request made with it. */
    static HttpRequestInitializer requestTimeouts(RegistryOptions options) {
        int connect = (int) options.connectTimeout().toMillis();
        int read = (int) options.timeout().toMillis();
        return request -> request.setConnectTimeout(connect).setReadTimeout(read);
    }

    static HttpTransport create(RegistryOptions options) {
        // Read the <caCertificates> files now, so a bad one fails before anything is sent.
        KeyStore extraCas = options.caCertificates().isEmpty() ? null : caKeyStore(options.caCertificates());
        ConnectionSocketFactory tls = new LazyTlsSocketFactory(() -> options.allowInsecureRegistries()
                ? new SSLConnectionSocketFactory(insecureContext(), NoopHostnameVerifier.INSTANCE)
                : new SSLConnectionSocketFactory(verifyingContext(extraCas), new DefaultHostnameVerifier()));
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", tls)
                        .build(), new QuietConnectionFactory(), null, null, 60, TimeUnit.SECONDS);
        connections.setMaxTotal(4 * options.parallelUploads() + 8);
        connections.setDefaultMaxPerRoute(2 * options.parallelUploads() + 4);
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
     * Sets up TLS (loading the JVM's CA certificates, a noticeable part of a short build) only when
     * the first HTTPS connection is made, so plain-HTTP loopback registries never pay for it.
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

    private static KeyStore caKeyStore(List<Path> pemFiles) {
        try {
            return keyStore(pemFiles);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trusts the JVM's CAs and, when given, the certificates in {@code extraCas}. */
    private static SSLContext verifyingContext(KeyStore extraCas) {
        try {
            X509TrustManager jvm = trustManager(null);
            X509TrustManager extra = extraCas == null ? null : trustManager(extraCas);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(jvm, extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext insecureContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAllManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(List<Path> pemFiles) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path file : pemFiles) {
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(file)) {
                certificates = factory.generateCertificates(in);
            } catch (IOException e) {
                throw new InvalidImageException("caCertificates", "cannot read " + file + ": " + e.getMessage(), e);
            } catch (CertificateException e) {
                throw new InvalidImageException("caCertificates", file + " is not a PEM certificate file: "
                        + e.getMessage(), e);
            }
            if (certificates.isEmpty()) {
                throw new InvalidImageException("caCertificates", file + " holds no certificate; expected PEM "
                        + "blocks '-----BEGIN CERTIFICATE-----'");
            }
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the JVM has no X.509 trust manager");
    }

    /** Trusts what the JVM trusts, or else what the configured PEM files trust. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager jvm;
        private final X509TrustManager extra;

        EitherTrustManager(X509TrustManager jvm, X509TrustManager extra) {
            this.jvm = jvm;
            this.extra = extra;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jvm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jvm.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                if (extra == null) {
                    throw e;
                }
                extra.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(jvm.getAcceptedIssuers()));
            if (extra != null) {
                all.addAll(List.of(extra.getAcceptedIssuers()));
            }
            return all.toArray(new X509Certificate[0]);
        }
    }

    /** Only with allowInsecureRegistries. */
    private static final class TrustAllManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
