package io.github.scratchimage.registry;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Shared handling of google-http-client requests and responses. */
final class Responses {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Sent with every request, so registry logs show what pushed. */
    static final String USER_AGENT = "scratch-maven-plugin";

    private Responses() {
    }

    /**
     * Sets a request up for our own status, retry and redirect handling, and keeps google-http-client
     * from logging it (its log would show headers).
     */
    static HttpRequest prepare(HttpRequest request, boolean followRedirects) {
        request.setThrowExceptionOnExecuteError(false);
        request.setNumberOfRetries(0);
        request.setLoggingEnabled(false);
        request.setCurlLoggingEnabled(false);
        request.setContentLoggingLimit(0);
        request.setFollowRedirects(followRedirects);
        request.setSuppressUserAgentSuffix(true);
        request.getHeaders().setUserAgent(USER_AGENT);
        request.setResponseReturnRawInputStream(true);
        request.getHeaders().setAcceptEncoding(null);
        return request;
    }

    /** The registry's {@code errors[]} as {@code CODE: message}; empty when the body has none. Consumes the body. */
    static List<String> errors(HttpResponse response) {
        List<String> result = new ArrayList<>();
        try (InputStream in = response.getContent()) {
            if (in == null) {
                return result;
            }
            byte[] body = in.readNBytes(MAX_ERROR_BODY);
            if (body.length == 0) {
                return result;
            }
            for (JsonValue error : Json.parse(body).get("errors").elements()) {
                String code = error.get("code").text("");
                String message = error.get("message").text("");
                result.add(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
            }
        } catch (IOException | MalformedJsonException e) {
            // not a registry error document: the status says enough
        } finally {
            discard(response);
        }
        return result;
    }

    /** Reads and drops the rest of the body so that the connection can be used again. */
    static void discard(HttpResponse response) {
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

    /** A retryable failure for a 408/429/5xx answer (consumes the body). */
    static RetryableException retryable(HttpResponse response) {
        int status = response.getStatusCode();
        var retryAfter = Retrier.parseRetryAfter(response.getHeaders().getFirstHeaderStringValue("Retry-After"));
        return new RetryableException(status, errors(response), retryAfter, "HTTP " + status, null);
    }

    static String header(HttpResponse response, String name) {
        return response.getHeaders().getFirstHeaderStringValue(name);
    }

    /** The exception's class and message, with the innermost cause that has a message. */
    static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Throwable inner = e.getCause();
        while (inner != null && inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        if (inner != null && inner.getMessage() != null && !inner.getMessage().equals(e.getMessage())) {
            text += " (" + inner.getClass().getSimpleName() + ": " + inner.getMessage() + ")";
        }
        return text;
    }

    /** True when the TLS handshake failed because the certificate is not trusted or does not match the host. */
    static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
