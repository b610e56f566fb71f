package io.github.scratchimage.registry;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.EmptyContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Sends requests with google-http-client over its Apache transport ({@link HttpTransports}): any
 * method, PATCH included, and blob bodies streamed from their files. The transport is built at the
 * first request, so a push that never needs it never loads it.
 */
final class GoogleHttp implements Http {
    private final RegistryOptions options;
    private final Tls tls;
    private HttpTransport transport;
    private HttpRequestFactory requests;

    GoogleHttp(RegistryOptions options, Tls tls) {
        this.options = options;
        this.tls = tls;
    }

    @Override
    public HttpReply send(HttpCall call) throws IOException {
        HttpRequest request = requests().buildRequest(call.method(), new GenericUrl(call.url(), true),
                content(call.body()));
        prepare(request, call.followRedirects());
        HttpHeaders headers = request.getHeaders();
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Authorization")) {
                headers.setAuthorization(header.getValue());
            } else {
                headers.set(header.getKey(), header.getValue());
            }
        }
        return new GoogleReply(request.execute());
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            try {
                transport.shutdown();
            } catch (IOException e) {
                // the connections are dropped with the JVM
            }
        }
    }

    private synchronized HttpRequestFactory requests() {
        if (requests == null) {
            transport = HttpTransports.create(options, tls);
            int connect = (int) options.connectTimeout().toMillis();
            int read = (int) options.timeout().toMillis();
            requests = transport.createRequestFactory(request -> request.setConnectTimeout(connect)
                    .setReadTimeout(read));
        }
        return requests;
    }

    private static HttpContent content(RequestBody body) {
        if (body == null) {
            return null;
        }
        if (body instanceof BlobBody blob) {
            return blob;
        }
        RequestBody.Bytes bytes = (RequestBody.Bytes) body;
        return bytes.bytes().length == 0 ? new EmptyContent() : new ByteArrayContent(bytes.type(), bytes.bytes());
    }

    /**
     * Sets a request up for our own status, retry and redirect handling, and keeps google-http-client
     * from logging it (its log would show headers).
     */
    private static void prepare(HttpRequest request, boolean followRedirects) {
        request.setThrowExceptionOnExecuteError(false);
        request.setNumberOfRetries(0);
        request.setLoggingEnabled(false);
        request.setCurlLoggingEnabled(false);
        request.setContentLoggingLimit(0);
        request.setFollowRedirects(followRedirects);
        request.setSuppressUserAgentSuffix(true);
        request.getHeaders().setUserAgent(Responses.USER_AGENT);
        request.setResponseReturnRawInputStream(true);
        request.getHeaders().setAcceptEncoding(null);
    }

    private static final class GoogleReply implements HttpReply {
        private final HttpResponse response;

        GoogleReply(HttpResponse response) {
            this.response = response;
        }

        @Override
        public int status() {
            return response.getStatusCode();
        }

        @Override
        public String header(String name) {
            return response.getHeaders().getFirstHeaderStringValue(name);
        }

        @Override
        public List<String> headers(String name) {
            return response.getHeaders().getHeaderStringValues(name);
        }

        @Override
        public InputStream body() throws IOException {
            InputStream in = response.getContent();
            return in == null ? InputStream.nullInputStream() : in;
        }

        @Override
        public void close() {
            try {
                response.ignore();
            } catch (IOException e) {
                // the connection is dropped instead
            }
            try {
                response.disconnect();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }
}
