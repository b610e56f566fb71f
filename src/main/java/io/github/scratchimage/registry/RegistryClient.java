package io.github.scratchimage.registry;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.EmptyContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One repository of one registry, spoken to with the OCI distribution API: finds the base URL and the
 * auth scheme, checks blobs, mounts and uploads them, puts manifests. Each public operation is retried
 * as a whole by {@link Retrier}; an upload that fails starts a new upload session.
 */
final class RegistryClient {
    private static final String MANIFEST_TYPES = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);

    private static final long DEFAULT_CHUNK = 16L * 1024 * 1024;
    private static final Set<Integer> MONOLITHIC_REFUSED = Set.of(405, 411, 413, 501);

    private final String registry;
    private final String repository;
    private final RegistryOptions options;
    private final HttpRequestFactory requests;
    private final RegistryAuth auth;
    private final Retrier retrier;
    private final BuildLog log;
    private final boolean plainHttpAllowed;

    private volatile String baseUrl;
    private volatile boolean chunkedOnly;

    RegistryClient(String registry, String repository, RegistryOptions options, Credential credential,
            List<String> scopes, HttpTransport transport, BuildLog log) {
        this.registry = registry;
        this.repository = repository;
        this.options = options;
        this.requests = transport.createRequestFactory(HttpTransports.requestTimeouts(options));
        this.auth = new RegistryAuth(registry, credential, scopes, requests, log);
        this.retrier = new Retrier(registry, options.retries(), options.initialBackoff(), log);
        this.log = log;
        this.plainHttpAllowed = Hosts.isLoopback(registry) || options.allowInsecureRegistries();
    }

    /** GET /v2/: picks HTTPS (or plain HTTP where allowed) and learns the auth scheme; checks the credential. */
    void connect() {
        retrier.run("connect (GET /v2/)", () -> {
            probe();
            return null;
        });
    }

    private void probe() throws RetryableException {
        // A loopback registry is usually plain HTTP: try that first, so a local push needs no TLS set-up.
        List<String> schemes = Hosts.isLoopback(registry) ? List.of("http", "https")
                : plainHttpAllowed ? List.of("https", "http") : List.of("https");
        for (int i = 0; i < schemes.size(); i++) {
            String base = schemes.get(i) + "://" + registry;
            boolean another = i + 1 < schemes.size();
            HttpResponse response;
            try {
                response = Responses.prepare(requests.buildGetRequest(new GenericUrl(base + "/v2/", true)), true)
                        .execute();
            } catch (IOException e) {
                if (another && schemes.get(i).equals("http")) {
                    log.debug(registry + ": plain HTTP failed (" + e.getMessage() + "); trying HTTPS");
                    continue;
                }
                if (Responses.isCertificateProblem(e) && !options.allowInsecureRegistries()) {
                    throw new RegistryException(registry, "connect", 0, List.of(), "the registry's TLS certificate "
                            + "is not trusted (" + e.getMessage() + "). Add the CA certificate that signed it "
                            + "(PEM) to <caCertificates>, or for a test registry only set <allowInsecureRegistries>",
                            e);
                }
                if (another) {
                    log.debug(registry + ": HTTPS failed (" + e.getMessage() + "); trying plain HTTP");
                    continue;
                }
                throw new RetryableException(0, List.of(), null, "GET /v2/: " + Responses.describe(e), e);
            }
            if (another && schemes.get(i).equals("http") && response.getStatusCode() == 400) {
                // an HTTPS server answering a plain-HTTP request ("Client sent an HTTP request to an HTTPS server")
                Responses.discard(response);
                log.debug(registry + ": plain HTTP answered 400; trying HTTPS");
                continue;
            }
            baseUrl = base;
            if (schemes.get(i).equals("http") && !Hosts.isLoopback(registry)) {
                log.warn(registry + ": using plain HTTP (allowInsecureRegistries); credentials will not be sent");
            }
            int status = response.getStatusCode();
            if (status == 200) {
                Responses.discard(response);
                return;
            }
            if (status == 401) {
                List<String> challenges = response.getHeaders().getHeaderStringValues("WWW-Authenticate");
                Responses.discard(response);
                if (auth.onUnauthorized(challenges, null)) {
                    verifyCredential();
                    return;
                }
                throw new RegistryException(registry, "connect (GET /v2/)", 401, List.of(),
                        "the registry requires authentication and no credential was found for it", null);
            }
            if (Retrier.RETRYABLE_STATUS.contains(status)) {
                throw Responses.retryable(response);
            }
            throw new RegistryException(registry, "connect (GET /v2/)", status, Responses.errors(response),
                    "not an OCI distribution registry?", null);
        }
    }

    /** With Basic auth, GET /v2/ once more with the credential so that a wrong password fails before any upload. */
    private void verifyCredential() throws RetryableException {
        try (Exchange exchange = send("GET", new GenericUrl(baseUrl + "/v2/", true), null)) {
            int status = exchange.status();
            if (status == 401) {
                throw new RegistryException(registry, "authenticate (GET /v2/)", 401,
                        Responses.errors(exchange.response), "the registry rejected the credential", null);
            }
            exchange.expect("authenticate (GET /v2/)", 200);
        }
    }

    /**
     * Whether the repository exists at all: false only when listing its tags answers 404 (the
     * distribution spec's NAME_UNKNOWN). A repository that does not exist holds no blob, so a push
     * into it need not ask for each one. Any other answer counts as "exists" (ask per blob).
     */
    boolean repositoryExists() {
        String operation = "list tags of " + repository;
        return retrier.run(operation, () -> {
            GenericUrl url = new GenericUrl(baseUrl + "/v2/" + repository + "/tags/list?n=1", true);
            try (Exchange exchange = send("GET", url, null)) {
                return exchange.status() != 404;
            }
        });
    }

    /** HEAD the blob: true when the repository has it. */
    boolean blobExists(Digest digest) {
        return retrier.run("check blob " + digest, () -> {
            try (Exchange exchange = send("HEAD", blobUrl(digest), null)) {
                if (exchange.status() == 404) {
                    return false;
                }
                exchange.expect("check blob " + digest, 200);
                return true;
            }
        });
    }

    /** Cross-repository mount; true when the registry mounted it (201), false when it would not. */
    boolean mount(Digest digest, String fromRepository) {
        return retrier.run("mount blob " + digest + " from " + fromRepository, () -> {
            GenericUrl url = new GenericUrl(baseUrl + "/v2/" + repository + "/blobs/uploads/?mount="
                    + encode(digest.toString()) + "&from=" + encode(fromRepository), true);
            try (Exchange exchange = send("POST", url, new EmptyContent())) {
                if (exchange.status() == 201) {
                    return true;
                }
                if (exchange.status() == 202) {
                    abandon(exchange.location());
                    return false;
                }
                exchange.expect("mount blob " + digest, 201);
                return true;
            }
        });
    }

    /** Uploads the blob: one PUT with the whole body, or PATCH chunks when configured or asked for. */
    void upload(Blob blob, LongConsumer progress) {
        String operation = "upload blob " + blob.digest();
        retrier.run(operation, () -> {
            uploadOnce(blob, progress, operation);
            return null;
        });
    }

    private void uploadOnce(Blob blob, LongConsumer progress, String operation) throws RetryableException {
        String location;
        long minimumChunk;
        try (Exchange exchange = send("POST", new GenericUrl(baseUrl + "/v2/" + repository + "/blobs/uploads/", true),
                new EmptyContent())) {
            exchange.expect("start upload of " + blob.digest(), 202);
            location = exchange.location();
            minimumChunk = parseLong(exchange.header("OCI-Chunk-Min-Length"));
        }
        Long configured = options.chunkSize();
        if (configured == null && minimumChunk <= 0 && !chunkedOnly) {
            try (Exchange exchange = send("PUT", withDigest(location, blob.digest()),
                    new BlobBody(blob, 0, blob.size(), progress))) {
                if (!MONOLITHIC_REFUSED.contains(exchange.status())) {
                    exchange.expectCreated(operation);
                    return;
                }
                log.info(registry + ": the registry refused a single-request upload (HTTP " + exchange.status()
                        + "); uploading in chunks");
                chunkedOnly = true;
            }
            uploadOnce(blob, progress, operation); // a new session, in chunks
            return;
        }
        long chunk = Math.max(configured == null ? DEFAULT_CHUNK : configured, minimumChunk);
        long offset = 0;
        while (offset < blob.size()) {
            long length = Math.min(chunk, blob.size() - offset);
            try (Exchange exchange = send("PATCH", new GenericUrl(location, true),
                    new BlobBody(blob, offset, length, progress),
                    "Content-Range", offset + "-" + (offset + length - 1))) {
                exchange.expect(operation + " (chunk at byte " + offset + ")", 202);
                location = exchange.location();
            }
            offset += length;
        }
        try (Exchange exchange = send("PUT", withDigest(location, blob.digest()), new EmptyContent())) {
            exchange.expectCreated(operation);
        }
    }

    /**
     * The digest the registry holds under {@code tag}, or empty when the tag does not exist. Asks for
     * every manifest and index media type we write, so the registry does not convert.
     */
    Optional<Digest> manifestDigest(String tag) {
        String operation = "check manifest " + repository + ":" + tag;
        return retrier.run(operation, () -> {
            GenericUrl url = new GenericUrl(baseUrl + "/v2/" + repository + "/manifests/" + tag, true);
            try (Exchange exchange = send("HEAD", url, null, "Accept", MANIFEST_TYPES)) {
                if (exchange.status() == 404) {
                    return Optional.empty();
                }
                exchange.expect(operation, 200);
                String digest = exchange.header("Docker-Content-Digest");
                try {
                    return digest == null ? Optional.empty() : Optional.of(Digest.parse(digest.trim()));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        });
    }

    /** PUT a manifest or index under a tag or a digest; returns the digest the registry reports (or null). */
    String putManifest(String reference, Blob manifest) {
        String operation = "put manifest " + repository + ":" + reference;
        return retrier.run(operation, () -> {
            byte[] bytes;
            try {
                bytes = manifest.readAllBytes();
            } catch (IOException e) {
                throw new RegistryException(registry, operation, 0, List.of(), "cannot read the manifest: " + e, e);
            }
            GenericUrl url = new GenericUrl(baseUrl + "/v2/" + repository + "/manifests/" + reference, true);
            try (Exchange exchange = send("PUT", url, new ByteArrayContent(manifest.mediaType(), bytes))) {
                exchange.expectCreated(operation);
                return exchange.header("Docker-Content-Digest");
            }
        });
    }

    private void abandon(String location) {
        try (Exchange exchange = send("DELETE", new GenericUrl(location, true), null)) {
            log.debug(registry + ": dropped an unused upload session (HTTP " + exchange.status() + ")");
        } catch (RetryableException | RegistryException e) {
            log.debug(registry + ": could not drop an unused upload session: " + e.getMessage());
        }
    }

    private GenericUrl blobUrl(Digest digest) {
        return new GenericUrl(baseUrl + "/v2/" + repository + "/blobs/" + digest, true);
    }

    private static GenericUrl withDigest(String location, Digest digest) {
        return new GenericUrl(location + (location.contains("?") ? "&" : "?") + "digest=" + encode(digest.toString()),
                true);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Sends a request with the current authorization; answers a 401 by learning or refreshing the
     * authorization once. Retryable statuses and IO errors become {@link RetryableException}.
     */
    private Exchange send(String method, GenericUrl url, HttpContent content, String headerName, String headerValue)
            throws RetryableException {
        for (int attempt = 0;; attempt++) {
            String authorization = auth.authorization(url);
            HttpResponse response;
            try {
                HttpRequest request = requests.buildRequest(method, url, content);
                Responses.prepare(request, method.equals("GET") || method.equals("HEAD"));
                if (authorization != null) {
                    request.getHeaders().setAuthorization(authorization);
                }
                if (headerName != null) {
                    request.getHeaders().set(headerName, headerValue);
                }
                response = request.execute();
            } catch (IOException e) {
                throw new RetryableException(0, List.of(), null, method + " " + url.getRawPath() + ": "
                        + Responses.describe(e), e);
            }
            int status = response.getStatusCode();
            log.debug(registry + ": " + method + " " + url.getRawPath() + " -> " + status);
            if (status == 401 && attempt == 0) {
                List<String> challenges = response.getHeaders().getHeaderStringValues("WWW-Authenticate");
                Responses.discard(response);
                if (auth.onUnauthorized(challenges, authorization)) {
                    continue;
                }
                throw new RegistryException(registry, method + " " + url.getRawPath(), 401, List.of(),
                        auth.usesCredential() ? "the registry rejected the credential"
                                : "the registry requires authentication and no credential was found for it", null);
            }
            if (Retrier.RETRYABLE_STATUS.contains(status)) {
                throw Responses.retryable(response);
            }
            return new Exchange(response, url);
        }
    }

    private Exchange send(String method, GenericUrl url, HttpContent content) throws RetryableException {
        return send(method, url, content, null, null);
    }

    /** A response being read; closing it frees the connection. */
    private final class Exchange implements AutoCloseable {
        private final HttpResponse response;
        private final GenericUrl url;

        Exchange(HttpResponse response, GenericUrl url) {
            this.response = response;
            this.url = url;
        }

        int status() {
            return response.getStatusCode();
        }

        String header(String name) {
            return Responses.header(response, name);
        }

        /** The Location header resolved against the request URL, its query kept. */
        String location() throws RetryableException {
            String location = header("Location");
            if (location == null || location.isBlank()) {
                throw new RetryableException(status(), List.of(), null, "the registry sent no upload Location", null);
            }
            return URI.create(url.build()).resolve(location.trim()).toString();
        }

        void expect(String operation, int expected) throws RetryableException {
            if (status() != expected) {
                fail(operation);
            }
        }

        void expectCreated(String operation) throws RetryableException {
            if (status() != 201 && status() != 204 && status() != 200) {
                fail(operation);
            }
        }

        private void fail(String operation) throws RetryableException {
            int status = status();
            List<String> errors = Responses.errors(response);
            if (status == 404 && errors.stream().anyMatch(e -> e.startsWith("BLOB_UPLOAD_UNKNOWN"))
                    || status == 416) {
                throw new RetryableException(status, errors, null, "upload session lost", null);
            }
            throw new RegistryException(registry, operation, status, errors, null, null);
        }

        @Override
        public void close() {
            Responses.discard(response);
        }
    }
}
