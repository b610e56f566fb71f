package io.github.scratchimage.registry;

import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization of one registry session: none, Basic, or a Bearer token fetched from the realm
 * the registry names and fetched again when it expires or the registry rejects it. The header value
 * never leaves this class except into a request.
 *
 * <p>The credential rule: Authorization goes only to the {@link Origin} (scheme, host and port) it
 * was issued for. The Basic credential and the Bearer token belong to the registry's origin, found
 * when the session connects; the Basic credential also goes to the token realm the registry names, in
 * the token request alone. A request anywhere else (an upload {@code Location} on a storage host, say)
 * is sent without it, and a 401 from there teaches nothing.
 */
final class RegistryAuth {
    private static final Duration EARLY_REFRESH = Duration.ofSeconds(30);
    private static final int MAX_TOKEN_BODY = 1024 * 1024;

    private final String registry;
    private final Credential credential;
    private final Set<String> scopes;
    private final RegistryHttp http;
    private final BuildLog log;

    private Origin origin;
    private AuthChallenge challenge;
    private String header;
    private Instant expires;

    RegistryAuth(String registry, Credential credential, List<String> scopes, RegistryHttp http, BuildLog log) {
        this.registry = registry;
        this.credential = credential;
        this.scopes = new LinkedHashSet<>(scopes);
        this.http = http;
        this.log = log;
    }

    /** Sets the registry's base URL, once its scheme is known: its origin is where the authorization goes. */
    synchronized void registryBase(String baseUrl) {
        origin = Origin.of(baseUrl);
    }

    /** Whether {@code url} is on the registry's origin, the only one that gets its authorization. */
    synchronized boolean isRegistry(String url) {
        return origin != null && origin.equals(Origin.of(url));
    }

    /** The Authorization value for a request to {@code url}, or null for none (always for another origin). */
    synchronized String authorization(String url) throws RetryableException {
        if (challenge == null || !isRegistry(url)) {
            return null;
        }
        if (header == null || (expires != null && Instant.now().isAfter(expires.minus(EARLY_REFRESH)))) {
            authenticate();
        }
        if (header != null && fromCredential()) {
            URI uri = URI.create(url);
            if (isPlainRemote(uri.getScheme(), uri.getHost())) {
                throw new RegistryException(registry, "authenticate", "refusing to send credentials over plain HTTP to "
                        + uri.getHost() + "; use HTTPS (credentials go over plain HTTP to loopback registries only)");
            }
        }
        return header;
    }

    /**
     * Learns the scheme from a 401's WWW-Authenticate values, when the 401 came from the registry's
     * origin. Returns true when the request to {@code url} is worth sending again with the new
     * authorization; {@code sentWith} is the value the 401 answered.
     */
    synchronized boolean onUnauthorized(String url, List<String> authenticate, String sentWith)
            throws RetryableException {
        AuthChallenge next = AuthChallenge.select(authenticate);
        if (next == null || !isRegistry(url)) {
            return false;
        }
        if (header != null && !header.equals(sentWith)) {
            return true;
        }
        boolean firstTime = challenge == null || !challenge.scheme().equals(next.scheme());
        if (next.scheme().equals("basic")) {
            if (!firstTime || credential == null) {
                return false;
            }
        } else if (next.scheme().equals("bearer")) {
            String scope = next.parameter("scope");
            boolean newScope = scope != null && scopes.addAll(List.of(scope.split(" ")));
            String error = next.parameter("error");
            boolean expired = error != null && error.equals("invalid_token");
            if (!firstTime && !newScope && !expired && sentWith != null) {
                return false;
            }
        } else {
            return false;
        }
        challenge = next;
        header = null;
        authenticate();
        return header != null;
    }

    /** Whether requests carry something derived from the user's credential. */
    synchronized boolean usesCredential() {
        return header != null && fromCredential();
    }

    private boolean fromCredential() {
        return credential != null;
    }

    private void authenticate() throws RetryableException {
        if (challenge.scheme().equals("basic")) {
            if (credential == null) {
                header = null;
                return;
            }
            if (credential.identityToken()) {
                throw new RegistryException(registry, "authenticate", "the registry asks for Basic authentication, "
                        + "but the credential from " + credential.source() + " is an identity token");
            }
            header = basicAuthorization();
            expires = null;
            return;
        }
        fetchToken();
    }

    private void fetchToken() throws RetryableException {
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException(registry, "authenticate", "the registry's Bearer challenge has no realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry, "authenticate", "the registry's token realm is not a URL");
        }
        if (credential != null && isPlainRemote(realmUri.getScheme(), realmUri.getHost())) {
            throw new RegistryException(registry, "authenticate", "refusing to send credentials over plain HTTP "
                    + "to the token server " + realmUri.getHost());
        }
        String service = challenge.parameter("service");
        HttpReply reply;
        try {
            HttpCall call;
            if (credential != null && credential.identityToken()) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", credential.secret());
                form.put("client_id", "scratch-maven-plugin");
                if (service != null) {
                    form.put("service", service);
                }
                form.put("scope", String.join(" ", scopes));
                call = new HttpCall("POST", realm, Map.of(), new RequestBody.Bytes("application/x-www-form-urlencoded",
                        formBytes(form)), true);
            } else {
                Map<String, String> headers = credential == null ? Map.of()
                        : Map.of("Authorization", basicAuthorization());
                call = new HttpCall("GET", tokenUrl(realm, service), headers, null, true);
            }
            reply = http.send(call);
        } catch (IOException e) {
            if (Responses.isCertificateProblem(e)) {
                throw new RegistryException(registry, "authenticate", 0, List.of(),
                        "the TLS certificate of the token server " + realmUri.getHost() + " is not trusted: "
                                + e.getMessage(), e);
            }
            throw new RetryableException(0, List.of(), null, "token request to " + realmUri.getHost() + ": "
                    + Responses.describe(e), e);
        }
        int status = reply.status();
        if (Retrier.RETRYABLE_STATUS.contains(status)) {
            throw Responses.retryable(reply);
        }
        if (status != 200) {
            List<String> errors = Responses.errors(reply);
            throw new RegistryException(registry, "authenticate at token server " + realmUri.getHost(), status, errors,
                    credential == null ? "no credential found for " + registry
                            : "the token server rejected the credential from " + credential.source()
                                    + " (username '" + credential.username() + "')", null);
        }
        JsonValue body;
        try {
            body = Json.parse(reply.body().readNBytes(MAX_TOKEN_BODY));
        } catch (IOException | MalformedJsonException e) {
            throw new RetryableException(0, List.of(), null, "unreadable token response", e);
        } finally {
            reply.close();
        }
        String token = body.get("token").text("");
        if (token.isEmpty()) {
            token = body.get("access_token").text("");
        }
        if (token.isEmpty()) {
            throw new RegistryException(registry, "authenticate", "the token server's answer has no token");
        }
        long expiresIn = body.get("expires_in").number(60);
        expires = Instant.now().plusSeconds(Math.max(expiresIn, 60));
        header = "Bearer " + token;
        log.debug(registry + ": got a token for " + String.join(" ", scopes));
    }

    /** The Basic Authorization value of the credential: {@code Basic base64(username:secret)}. */
    private String basicAuthorization() {
        String pair = credential.username() + ":" + credential.secret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code application/x-www-form-urlencoded}: name=value pairs joined by '&', UTF-8, URL-encoded. */
    private static byte[] formBytes(Map<String, String> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        return String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
    }

    private String tokenUrl(String realm, String service) {
        List<String> parameters = new ArrayList<>();
        if (service != null) {
            parameters.add("service=" + encode(service));
        }
        for (String scope : scopes) {
            parameters.add("scope=" + encode(scope));
        }
        if (credential != null && !credential.username().isEmpty()) {
            parameters.add("account=" + encode(credential.username()));
        }
        if (parameters.isEmpty()) {
            return realm;
        }
        return realm + (realm.contains("?") ? "&" : "?") + String.join("&", parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isPlainRemote(String scheme, String host) {
        return "http".equalsIgnoreCase(scheme) && (host == null || !Hosts.isLoopback(host));
    }
}
