package io.github.scratchimage.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.scratchimage.image.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback token server for a {@link LocalRegistry} in token mode: checks Basic credentials and
 * issues RS256 JWTs granting the requested repository scopes, signed by a key whose self-signed
 * certificate ({@link #certificate()}) is the registry's {@code rootcertbundle}; the token names it
 * in its {@code x5c} header.
 */
public final class TokenServer implements AutoCloseable {
    private final String username;
    private final String password;
    private final Path certificate;
    private final PrivateKey key;
    private final String certificateDer;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private volatile boolean accessTokenField;
    private volatile long lifetimeSeconds = 300;

    public TokenServer(Path dir, String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        Files.createDirectories(dir);
        this.certificate = dir.resolve("token-cert.pem");
        Path keyFile = dir.resolve("token-key.pem");
        LocalRegistry.selfSignedCertificate(certificate, keyFile, "127.0.0.1");
        try {
            String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(certificate)) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            certificateDer = Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the token signing key", e);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Answer with {@code access_token} instead of {@code token}. */
    public TokenServer useAccessTokenField(boolean value) {
        this.accessTokenField = value;
        return this;
    }

    public TokenServer lifetimeSeconds(long value) {
        this.lifetimeSeconds = value;
        return this;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public String service() {
        return "scratch-test-registry";
    }

    public String issuer() {
        return "scratch-test-issuer";
    }

    /** The PEM certificate of the signing key (the registry's rootcertbundle). */
    public Path certificate() {
        return certificate;
    }

    public int tokenRequests() {
        return requests.get();
    }

    /** Every scope asked for, in order. */
    public List<String> requestedScopes() {
        return List.copyOf(scopes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String account = authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
            if (account == null) {
                byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String service = null;
            List<String> requested = new ArrayList<>();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    requested.addAll(List.of(value.split(" ")));
                } else if (name.equals("service")) {
                    service = value;
                }
            }
            scopes.addAll(requested);
            String token = jwt(account.isEmpty() ? "anonymous" : account, service == null ? service() : service,
                    account.isEmpty() ? List.of() : requested);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put(accessTokenField ? "access_token" : "token", token);
            answer.put("expires_in", lifetimeSeconds);
            answer.put("issued_at", Instant.now().toString());
            byte[] body = Json.bytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The user name for good credentials, "" for none, null for wrong ones. */
    private String authenticatedUser(String authorization) {
        if (authorization == null) {
            return "";
        }
        if (!authorization.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        return pair.equals(username + ":" + password) ? username : null;
    }

    private String jwt(String subject, String audience, List<String> requested) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(certificateDer));
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("exp", now + lifetimeSeconds);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        List<Object> access = new ArrayList<>();
        for (String scope : requested) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", parts[0]);
            entry.put("name", parts[1]);
            entry.put("actions", List.of(parts[2].split(",")));
            access.add(entry);
        }
        claims.put("access", access);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(Json.bytes(header)) + "." + url.encodeToString(Json.bytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
