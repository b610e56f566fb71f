package io.github.scratchimage.registry;

import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Shared handling of registry answers and HTTP failures. */
final class Responses {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Sent with every request, so registry logs show what pushed. */
    static final String USER_AGENT = "scratch-maven-plugin";

    private Responses() {
    }

    /** The registry's {@code errors[]} as {@code CODE: message}; empty when the body has none. Consumes the body. */
    static List<String> errors(HttpReply reply) {
        List<String> result = new ArrayList<>();
        try {
            byte[] body = reply.body().readNBytes(MAX_ERROR_BODY);
            if (body.length == 0) {
                return result;
            }
            for (JsonValue error : Json.parse(body).get("errors").elements()) {
                String code = error.get("code").text("");
                String message = error.get("message").text("");
                result.add(oneLine(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message));
            }
        } catch (IOException | MalformedJsonException e) {
            // not a registry error document: the status says enough
        } finally {
            reply.close();
        }
        return result;
    }

    /** The longest registry text a message quotes. */
    private static final int MAX_QUOTED = 500;

    /**
     * {@code text} as one line for a log or an error message: line breaks and other control
     * characters written as escapes ({@code \n}, {@code \u001b}), so that text a server sends
     * cannot start a line of its own in the build log; cut after {@value #MAX_QUOTED} characters.
     */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED + 3));
        for (int i = 0; i < text.length() && out.length() < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.length() >= MAX_QUOTED && text.length() > out.length() ? out + "..." : out.toString();
    }

    /**
     * True when a TLS handshake got an answer that is not TLS, e.g. plain HTTP (JDK 17 reports
     * "Unsupported or unrecognized SSL message", older ones "Unrecognized SSL message, plaintext
     * connection?").
     */
    static boolean isPlainHttpAnswer(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SSLException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains("unrecognized ssl message"));
    }

    /** A retryable failure for a 408/429/5xx answer (consumes the body). */
    static RetryableException retryable(HttpReply reply) {
        int status = reply.status();
        var retryAfter = Retrier.parseRetryAfter(reply.header("Retry-After"));
        return new RetryableException(status, errors(reply), retryAfter, "HTTP " + status, null);
    }

    /**
     * The exception's class and message, with the innermost cause that has a message; led by a
     * plain "connection refused" when that is what happened.
     */
    static String describe(Throwable e) {
        if (isConnectionRefused(e)) {
            return "connection refused (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
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

    /** The {@link UnknownHostException} in the cause chain of {@code e} (a name that does not resolve), or null. */
    static UnknownHostException unknownHost(Throwable e) {
        return causes(e).filter(UnknownHostException.class::isInstance).map(UnknownHostException.class::cast)
                .findFirst().orElse(null);
    }

    /** True when a {@link ConnectException} in the cause chain says the connection was refused. */
    static boolean isConnectionRefused(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof ConnectException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains("refused"));
    }

    /** True when the TLS handshake failed because the certificate is not trusted or does not match the host. */
    static boolean isCertificateProblem(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof CertificateException || t instanceof CertPathValidatorException
                || t instanceof SSLPeerUnverifiedException);
    }

    /** {@code e} and its causes, outermost first, each once (a cause chain can loop). */
    private static Stream<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain.stream();
    }
}
