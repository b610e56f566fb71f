package io.github.scratchimage.registry;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.EmptyContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one HTTP client of the registry code: google-http-client over its Apache transport
 * ({@link HttpTransports}), which has PATCH, proxies with authentication and the push's own TLS.
 * Every registry and token request goes through {@link #send}, which sets the headers in one place.
 * Status handling, retries and authentication are the caller's; this class never retries and never
 * logs. Blob bodies ({@link BlobBody}) stream from their files with their length, never held in
 * memory.
 *
 * <p>The one redirect rule: a redirect is followed only where the call asks for it (GET and HEAD, and
 * token requests), at most {@value #MAX_REDIRECTS} times, and the Authorization header goes along only
 * while the redirect stays on the {@link Origin} it was sent to first. A 303 turns the request into a
 * GET without body.
 */
final class RegistryHttp implements AutoCloseable {
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpTransport transport;
    private final HttpRequestFactory requests;

    RegistryHttp(RegistryOptions options) {
        this.transport = HttpTransports.create(options, Tls.of(options));
        int connect = (int) options.connectTimeout().toMillis();
        int read = (int) options.timeout().toMillis();
        this.requests = transport.createRequestFactory(request -> request.setConnectTimeout(connect)
                .setReadTimeout(read));
    }

    /** Sends the request and returns the answer, whatever its status; IO failures throw. */
    HttpReply send(HttpCall call) throws IOException {
        HttpReply reply = execute(call);
        Origin first = Origin.of(call.url());
        for (int redirects = 0; call.followRedirects() && redirects < MAX_REDIRECTS
                && REDIRECTS.contains(reply.status()) && reply.header("Location") != null; redirects++) {
            String next = URI.create(call.url()).resolve(reply.header("Location").trim()).toString();
            reply.close();
            Map<String, String> headers = new LinkedHashMap<>(call.headers());
            if (!first.equals(Origin.of(next))) {
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
            }
            boolean seeOther = reply.status() == 303;
            call = new HttpCall(seeOther ? "GET" : call.method(), next, headers, seeOther ? null : call.body(), true);
            reply = execute(call);
        }
        return reply;
    }

    private HttpReply execute(HttpCall call) throws IOException {
        HttpRequest request = requests.buildRequest(call.method(), new GenericUrl(call.url(), true),
                content(call.body()));
        request.setThrowExceptionOnExecuteError(false);
        request.setNumberOfRetries(0);
        request.setFollowRedirects(false);
        // google-http-client's own logging would show headers, the Authorization header included
        request.setLoggingEnabled(false);
        request.setCurlLoggingEnabled(false);
        request.setContentLoggingLimit(0);
        request.setSuppressUserAgentSuffix(true);
        request.setResponseReturnRawInputStream(true);
        HttpHeaders headers = request.getHeaders();
        headers.setUserAgent(Responses.USER_AGENT);
        headers.setAcceptEncoding(null);
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Authorization")) {
                headers.setAuthorization(header.getValue());
            } else {
                headers.set(header.getKey(), header.getValue());
            }
        }
        return new HttpReply(request.execute());
    }

    /** Frees the connections. */
    @Override
    public void close() {
        try {
            transport.shutdown();
        } catch (IOException e) {
            // the connections are dropped with the JVM
        }
    }

    private static HttpContent content(RequestBody body) {
        if (body == null) {
            return null;
        }
        if (body instanceof BlobBody blob) {
            return blob;
        }
        if (body instanceof StreamBody stream) {
            return stream;
        }
        RequestBody.Bytes bytes = (RequestBody.Bytes) body;
        return bytes.bytes().length == 0 ? new EmptyContent() : new ByteArrayContent(bytes.type(), bytes.bytes());
    }
}
