package io.github.scratchimage.registry;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The most bytes read of a manifest, index or config: far more than any of ours needs. */
    private static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    private static final Set<Integer> MONOLITHIC_REFUSED = Set.of(405, 411, 413, 501);

    private final String registry;
    private final String repository;
    private final RegistryOptions options;
    private final RegistryHttp http;
    private final RegistryAuth auth;
    private final Retrier retrier;
    private final BuildLog log;
    private final boolean plainHttpAllowed;

    private volatile String baseUrl;
    private volatile boolean chunkedOnly;

    RegistryClient(String registry, String repository, RegistryOptions options, Credential credential,
            List<String> scopes, RegistryHttp http, BuildLog log) {
        this.registry = registry;
        this.repository = repository;
        this.options = options;
        this.http = http;
        this.auth = new RegistryAuth(registry, credential, scopes, http, log);
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
            HttpReply reply;
            try {
                reply = http.send(new HttpCall("GET", base + "/v2/", Map.of(), null, true));
            } catch (IOException e) {
                UnknownHostException unknown = Responses.unknownHost(e);
                if (unknown != null) {
                    // no retry makes a name resolve: fail now, not after the backoff of every retry
                    throw doesNotResolve(unknown, e);
                }
                if (another && schemes.get(i).equals("http")) {
                    log.debug(registry + ": plain HTTP failed (" + e.getMessage() + "); trying HTTPS");
                    continue;
                }
                if (Responses.isPlainHttpAnswer(e) && !another) {
                    throw new RegistryException(registry, "connect", 0, List.of(), "the registry speaks plain "
                            + "HTTP, not HTTPS; set <allowInsecureRegistries> if that is intended (credentials are "
                            + "then not sent to it)", e);
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
            if (another && schemes.get(i).equals("http") && reply.status() == 400) {
                // an HTTPS server answering a plain-HTTP request ("Client sent an HTTP request to an HTTPS server")
                reply.close();
                log.debug(registry + ": plain HTTP answered 400; trying HTTPS");
                continue;
            }
            baseUrl = base;
            auth.registryBase(base);
            if (schemes.get(i).equals("http") && !Hosts.isLoopback(registry)) {
                log.warn(registry + ": using plain HTTP (allowInsecureRegistries); credentials will not be sent");
            }
            int status = reply.status();
            if (status == 200) {
                reply.close();
                return;
            }
            if (status == 401) {
                List<String> challenges = reply.headers("WWW-Authenticate");
                reply.close();
                if (auth.onUnauthorized(base + "/v2/", challenges, null)) {
                    verifyCredential();
                    return;
                }
                throw new RegistryException(registry, "connect (GET /v2/)", 401, List.of(),
                        "the registry requires authentication and no credential was found for it", null);
            }
            if (Retrier.RETRYABLE_STATUS.contains(status)) {
                throw Responses.retryable(reply);
            }
            throw new RegistryException(registry, "connect (GET /v2/)", status, Responses.errors(reply),
                    "not an OCI distribution registry?", null);
        }
    }

    /**
     * The failure for a host name that does not resolve: the registry's host, or the proxy's when
     * the exception names another host.
     */
    private RegistryException doesNotResolve(UnknownHostException unknown, IOException e) {
        String host = Hosts.hostOf(registry);
        String named = unknown.getMessage() == null ? host : unknown.getMessage().split(":", 2)[0].trim();
        ProxyConfig proxy = options.proxy();
        boolean isProxy = !named.isEmpty() && !named.equalsIgnoreCase(host) && proxy != null
                && named.equalsIgnoreCase(proxy.host());
        String detail = isProxy
                ? "the proxy host " + named + " does not resolve (" + Responses.describe(unknown)
                        + "); check the proxy in settings.xml and DNS"
                : "the host " + host + " does not resolve (" + Responses.describe(unknown)
                        + "); check the image reference and DNS";
        return new RegistryException(registry, "connect", 0, List.of(), detail, e);
    }

    /** With Basic auth, GET /v2/ once more with the credential so that a wrong password fails before any upload. */
    private void verifyCredential() throws RetryableException {
        try (Exchange exchange = send("GET", baseUrl + "/v2/", null)) {
            int status = exchange.status();
            if (status == 401) {
                throw new RegistryException(registry, "authenticate (GET /v2/)", 401,
                        Responses.errors(exchange.reply), "the registry rejected the credential", null);
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
            String url = baseUrl + "/v2/" + repository + "/tags/list?n=1";
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
            String url = baseUrl + "/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest.toString())
                    + "&from=" + encode(fromRepository);
            try (Exchange exchange = send("POST", url, RequestBody.EMPTY)) {
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
        try (Exchange exchange = startUpload("start upload of " + blob.digest())) {
            location = exchange.location();
            minimumChunk = parseLong(exchange.header("OCI-Chunk-Min-Length"));
        }
        Long configured = options.chunkSize();
        MessageDigest hash = BlobBody.hashFor(blob);
        if (configured == null && minimumChunk <= 0 && !chunkedOnly) {
            try (Exchange exchange = send("PUT", withDigest(location, blob.digest()),
                    new BlobBody(blob, 0, blob.size(), progress, hash))) {
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
            try (Exchange exchange = send("PATCH", location,
                    new BlobBody(blob, offset, length, progress, hash),
                    "Content-Range", offset + "-" + (offset + length - 1))) {
                exchange.expect(operation + " (chunk at byte " + offset + ")", 202);
                location = exchange.location();
            }
            offset += length;
        }
        try (Exchange exchange = send("PUT", withDigest(location, blob.digest()), RequestBody.EMPTY)) {
            exchange.expectCreated(operation);
        }
    }

    /**
     * Starts an upload and sends the bytes of {@code in} to it in one PATCH of unknown length
     * (chunked), as they come; returns the Location that {@link #finishUpload} completes. Sent once,
     * never retried: bytes that were read cannot be read again (see {@link StreamedLayer}).
     */
    String streamUpload(InputStream in, LongConsumer progress) {
        String operation = "send a layer while it is compressed";
        try {
            String location;
            try (Exchange exchange = startUpload("start upload")) {
                location = exchange.location();
            }
            try (Exchange exchange = send("PATCH", location, new StreamBody(in, progress))) {
                exchange.expect(operation, 202);
                return exchange.location();
            }
        } catch (RetryableException e) {
            throw new RegistryException(registry, operation, e.statusCode(), e.registryErrors(),
                    Responses.oneLine(e.getMessage()), e);
        }
    }

    /** Opens an upload session (POST, 202): the answer, for its Location and headers. */
    private Exchange startUpload(String operation) throws RetryableException {
        Exchange exchange = send("POST", baseUrl + "/v2/" + repository + "/blobs/uploads/", RequestBody.EMPTY);
        try {
            exchange.expect(operation, 202);
            return exchange;
        } catch (RetryableException | RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    /** Completes an upload whose bytes were all sent ({@link #streamUpload}) as the blob {@code digest}. */
    void finishUpload(String location, Digest digest) {
        String operation = "complete upload of " + digest;
        retrier.run(operation, () -> {
            try (Exchange exchange = send("PUT", withDigest(location, digest), RequestBody.EMPTY)) {
                exchange.expectCreated(operation);
                return null;
            }
        });
    }

    /**
     * The digest the registry holds under {@code tag}, or empty when the tag does not exist. Asks for
     * every manifest and index media type we write, so the registry does not convert.
     */
    Optional<Digest> manifestDigest(String tag) {
        String operation = "check manifest " + repository + ":" + tag;
        return retrier.run(operation, () -> {
            String url = baseUrl + "/v2/" + repository + "/manifests/" + tag;
            try (Exchange exchange = send("HEAD", url, null, "Accept", MANIFEST_TYPES)) {
                if (exchange.status() == 404) {
                    return Optional.empty();
                }
                exchange.expect(operation, 200);
                String digest = exchange.header("Docker-Content-Digest");
                if (digest == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Digest.parse(digest.trim()));
                } catch (IllegalArgumentException e) {
                    throw new RetryableException(0, List.of(), null, "the answer's Docker-Content-Digest '"
                            + Responses.oneLine(digest) + "' is not a digest", e);
                }
            }
        });
    }

    /**
     * What a registry answered to a manifest PUT.
     *
     * @param digest  the digest it reports ({@code Docker-Content-Digest}), or null
     * @param subject the {@code OCI-Subject} header, or null: set by a registry with the referrers API
     *                when the manifest has a {@code subject} (it then lists the manifest as a referrer)
     */
    record ManifestPut(String digest, String subject) {
    }

    /**
     * GET the manifest or index {@code reference} (a tag or a digest) of {@code fromRepository}, in
     * any media type we write; empty when the registry has no such manifest (404). Its digest is the
     * SHA-256 of the bytes received; for a digest reference, a registry sending other bytes fails.
     */
    Optional<Document> manifest(String fromRepository, String reference) {
        String operation = "read manifest " + fromRepository + ":" + reference;
        return retrier.run(operation, () -> {
            String url = baseUrl + "/v2/" + fromRepository + "/manifests/" + reference;
            try (Exchange exchange = send("GET", url, null, "Accept", MANIFEST_TYPES)) {
                if (exchange.status() == 404) {
                    return Optional.empty();
                }
                exchange.expect(operation, 200);
                byte[] bytes = exchange.body(operation, MAX_DOCUMENT_BYTES);
                Digest digest = Digest.sha256(bytes);
                if (reference.startsWith("sha256:") && !reference.equals(digest.toString())) {
                    throw new RegistryException(registry, operation, 200, List.of(), "the registry sent a manifest "
                            + "whose digest is " + digest, null);
                }
                String type = exchange.header("Content-Type");
                return Optional.of(new Document(type == null ? "" : type.split(";", 2)[0].trim(), digest, bytes));
            }
        });
    }

    /** GET a small blob (an image config) of {@code fromRepository}, checked against its digest. */
    byte[] smallBlob(String fromRepository, Digest digest) {
        String operation = "read blob " + fromRepository + "@" + digest;
        return retrier.run(operation, () -> {
            try (Exchange exchange = send("GET", baseUrl + "/v2/" + fromRepository + "/blobs/" + digest, null)) {
                exchange.expect(operation, 200);
                byte[] bytes = exchange.body(operation, MAX_DOCUMENT_BYTES);
                if (!Digest.sha256(bytes).equals(digest)) {
                    throw new RegistryException(registry, operation, 200, List.of(), "the registry sent bytes whose "
                            + "digest is " + Digest.sha256(bytes), null);
                }
                return bytes;
            }
        });
    }

    /** A manifest or index as the registry holds it: its media type (Content-Type), digest and exact bytes. */
    record Document(String mediaType, Digest digest, byte[] bytes) {
    }

    /** PUT a manifest or index under a tag or a digest; returns what the registry reported. */
    ManifestPut putManifest(String reference, Blob manifest) {
        String operation = "put manifest " + repository + ":" + reference;
        return retrier.run(operation, () -> {
            byte[] bytes;
            try {
                bytes = manifest.readAllBytes();
            } catch (IOException e) {
                throw new RegistryException(registry, operation, 0, List.of(), "cannot read the manifest: " + e, e);
            }
            String url = baseUrl + "/v2/" + repository + "/manifests/" + reference;
            try (Exchange exchange = send("PUT", url, new RequestBody.Bytes(manifest.mediaType(), bytes))) {
                exchange.expectCreated(operation);
                return new ManifestPut(exchange.header("Docker-Content-Digest"), exchange.header("OCI-Subject"));
            }
        });
    }

    private void abandon(String location) {
        try (Exchange exchange = send("DELETE", location, null)) {
            log.debug(registry + ": dropped an unused upload session (HTTP " + exchange.status() + ")");
        } catch (RetryableException | RegistryException e) {
            log.debug(registry + ": could not drop an unused upload session: " + e.getMessage());
        }
    }

    private String blobUrl(Digest digest) {
        return baseUrl + "/v2/" + repository + "/blobs/" + digest;
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + encode(digest.toString());
    }

    /** The path of {@code url} (without the query), for messages. */
    private static String path(String url) {
        try {
            String path = URI.create(url).getRawPath();
            return path == null ? url : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
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
    private Exchange send(String method, String url, RequestBody body, String headerName, String headerValue)
            throws RetryableException {
        for (int attempt = 0;; attempt++) {
            String authorization = auth.authorization(url);
            Map<String, String> headers = new LinkedHashMap<>(4);
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            if (headerName != null) {
                headers.put(headerName, headerValue);
            }
            HttpReply reply;
            try {
                reply = http.send(new HttpCall(method, url, headers, body,
                        method.equals("GET") || method.equals("HEAD")));
            } catch (IOException e) {
                throw new RetryableException(0, List.of(), null, method + " " + path(url) + ": "
                        + Responses.describe(e), e);
            }
            int status = reply.status();
            log.debug(registry + ": " + method + " " + path(url) + " -> " + status);
            if (status == 401 && attempt == 0) {
                List<String> challenges = reply.headers("WWW-Authenticate");
                reply.close();
                if (auth.onUnauthorized(url, challenges, authorization)) {
                    continue;
                }
                throw new RegistryException(registry, method + " " + path(url), 401, List.of(),
                        !auth.isRegistry(url) ? "the registry sent this request to another host ("
                                + URI.create(url).getAuthority() + "), which asks for authentication; "
                                + "credentials go only to the registry they are for"
                        : auth.usesCredential() ? "the registry rejected the credential"
                                : "the registry requires authentication and no credential was found for it", null);
            }
            if (Retrier.RETRYABLE_STATUS.contains(status)) {
                throw Responses.retryable(reply);
            }
            return new Exchange(reply, url);
        }
    }

    private Exchange send(String method, String url, RequestBody body) throws RetryableException {
        return send(method, url, body, null, null);
    }

    /** A response being read; closing it frees the connection. */
    private final class Exchange implements AutoCloseable {
        private final HttpReply reply;
        private final String url;

        Exchange(HttpReply reply, String url) {
            this.reply = reply;
            this.url = url;
        }

        int status() {
            return reply.status();
        }

        String header(String name) {
            return reply.header(name);
        }

        /** The whole body, at most {@code limit} bytes; a longer one fails {@code operation}. */
        byte[] body(String operation, int limit) throws RetryableException {
            byte[] bytes;
            try (InputStream in = reply.body()) {
                bytes = in.readNBytes(limit + 1);
            } catch (IOException e) {
                throw new RetryableException(0, List.of(), null, operation + ": " + Responses.describe(e), e);
            }
            if (bytes.length > limit) {
                throw new RegistryException(registry, operation, status(), List.of(), "the answer is larger than "
                        + limit + " bytes", null);
            }
            return bytes;
        }

        /** The Location header resolved against the request URL, its query kept. */
        String location() throws RetryableException {
            String location = header("Location");
            if (location == null || location.isBlank()) {
                throw new RetryableException(status(), List.of(), null, "the registry sent no upload Location", null);
            }
            return URI.create(url).resolve(location.trim()).toString();
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
            List<String> errors = Responses.errors(reply);
            if (status == 404 && errors.stream().anyMatch(e -> e.startsWith("BLOB_UPLOAD_UNKNOWN"))
                    || status == 416) {
                throw new RetryableException(status, errors, null, "upload session lost", null);
            }
            throw new RegistryException(registry, operation, status, errors, null, null);
        }

        @Override
        public void close() {
            reply.close();
        }
    }
}
