package io.github.scratchimage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;

/**
 * Sends requests over the JDK's {@link HttpURLConnection}, whose classes come with the JVM, already
 * parsed and verified (see {@link RegistryHttp} for why and when): bodies held in memory, and whole
 * blobs PUT in fixed-length streaming mode from their files. It reads and changes no JVM-wide
 * setting: no system proxy ({@link Proxy#NO_PROXY}), no default {@link Authenticator} (a 401 comes
 * back to the caller), no response cache, the push's own TLS context and host name check.
 * Connections are kept alive by the JDK's keep-alive cache.
 */
final class JdkHttp implements Http {
    private static final int MAX_REDIRECTS = 10;
    /** Beyond this much unread body, closing a reply drops the connection instead of reading on. */
    private static final int MAX_DRAIN = 64 * 1024;
    /** Asked for a password, it has none: a JVM-wide default Authenticator never answers a 401 for us. */
    private static final Authenticator NO_PASSWORDS = new Authenticator() {
    };
    private static final HostnameVerifier ANY_HOST = (host, session) -> true;

    private final int connectTimeout;
    private final int readTimeout;
    private final Tls tls;

    JdkHttp(RegistryOptions options, Tls tls) {
        this.connectTimeout = (int) options.connectTimeout().toMillis();
        this.readTimeout = (int) options.timeout().toMillis();
        this.tls = tls;
    }

    @Override
    public HttpReply send(HttpCall call) throws IOException {
        if (call.body() instanceof BlobBody blob) {
            return sendBlob(call, blob);
        }
        if (call.body() != null && !(call.body() instanceof RequestBody.Bytes)) {
            throw new IllegalArgumentException("JdkHttp sends bodies held in memory or blobs only");
        }
        RequestBody.Bytes body = (RequestBody.Bytes) call.body();
        String method = call.method();
        URL url = url(call.url());
        boolean sameHost = true;
        for (int redirects = 0;; redirects++) {
            HttpURLConnection connection = open(url, method, call.headers(), sameHost);
            if (body != null) {
                connection.setDoOutput(true);
                if (body.type() != null) {
                    connection.setRequestProperty("Content-Type", body.type());
                }
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.bytes());
                }
            }
            int status = connection.getResponseCode();
            JdkReply reply = new JdkReply(connection, status);
            String location = connection.getHeaderField("Location");
            if (!call.followRedirects() || !isRedirect(status) || location == null || redirects == MAX_REDIRECTS) {
                return reply;
            }
            reply.close();
            URL next = new URL(url, location.trim());
            sameHost = sameHost && next.getProtocol().equals(url.getProtocol()) && next.getHost().equals(url.getHost())
                    && next.getPort() == url.getPort();
            url = next;
            if (status == 303) {
                method = "GET";
                body = null;
            }
        }
    }

    /**
     * A blob's whole body, PUT in fixed-length streaming mode: read from its file as it is sent,
     * never held in memory. Redirects are not followed (nor are they for other bodies). A 401 comes
     * back with its challenges as for other requests: the JDK would only refuse it (with an
     * {@code HttpRetryException}) when it meant to answer the challenge itself, and the no-password
     * Authenticator of every connection never lets it.
     */
    private HttpReply sendBlob(HttpCall call, BlobBody blob) throws IOException {
        if (!call.method().equals("PUT")) {
            throw new IllegalArgumentException("JdkHttp streams blob bodies with PUT only, not " + call.method());
        }
        HttpURLConnection connection = open(url(call.url()), "PUT", call.headers(), true);
        connection.setRequestProperty("Content-Type", blob.getType());
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(blob.getLength());
        try (OutputStream out = connection.getOutputStream()) {
            blob.writeTo(out);
        }
        return new JdkReply(connection, connection.getResponseCode());
    }

    /** Nothing to free: idle connections stay in the JDK's keep-alive cache, which closes them after a few seconds. */
    @Override
    public void close() {
    }

    /**
     * A connection for one request: {@code method}, our User-Agent, {@code Accept: *}{@code /*} and
     * {@code headers}, Authorization only when {@code withAuthorization} (not after a redirect to
     * another host).
     */
    private HttpURLConnection open(URL url, String method, Map<String, String> headers, boolean withAuthorization)
            throws IOException {
        HttpURLConnection connection = open(url);
        connection.setRequestMethod(method);
        connection.setRequestProperty("User-Agent", Responses.USER_AGENT);
        // else HttpURLConnection asks for "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
        connection.setRequestProperty("Accept", "*/*");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (withAuthorization || !header.getKey().equalsIgnoreCase("Authorization")) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
        }
        return connection;
    }

    private HttpURLConnection open(URL url) throws IOException {
        if (!url.getProtocol().equals("http") && !url.getProtocol().equals("https")) {
            throw new IOException("not an HTTP URL: " + url);
        }
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout(connectTimeout);
        connection.setReadTimeout(readTimeout);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setAuthenticator(NO_PASSWORDS);
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.context().getSocketFactory());
            if (!tls.verifiesHostnames()) {
                https.setHostnameVerifier(ANY_HOST);
            }
        }
        return connection;
    }

    private static URL url(String url) throws IOException {
        try {
            return new URL(url);
        } catch (MalformedURLException e) {
            throw new IOException("not a URL: " + url, e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static final class JdkReply implements HttpReply {
        private final HttpURLConnection connection;
        private final int status;
        private InputStream body;
        private boolean closed;

        JdkReply(HttpURLConnection connection, int status) {
            this.connection = connection;
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>(1);
            // by position: the map of getHeaderFields() does not keep the order of repeated headers
            for (int i = 0;; i++) {
                String value = connection.getHeaderField(i);
                if (value == null) {
                    return values;
                }
                String key = connection.getHeaderFieldKey(i);
                if (key != null && key.equalsIgnoreCase(name)) {
                    values.add(value);
                }
            }
        }

        @Override
        public InputStream body() throws IOException {
            if (body == null) {
                InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                body = in == null ? InputStream.nullInputStream() : in;
            }
            return body;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (InputStream in = body()) {
                byte[] buffer = new byte[8192];
                long drained = 0;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    drained += n;
                    if (drained > MAX_DRAIN) {
                        connection.disconnect();
                        return;
                    }
                }
            } catch (IOException e) {
                connection.disconnect();
            }
        }
    }
}
