package io.github.scratchimage.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's {@code docker-registry} (CNCF distribution 2.8) on 127.0.0.1 and a free port, storing in a
 * test directory: plain HTTP, TLS with a self-signed certificate made here, htpasswd Basic auth or
 * token auth. {@link #stop()} and {@link #start()} stop and start the same registry (same port, same
 * storage); {@link #close()} stops it by its process.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final int port;
    private final Path config;
    private final Path certificate;
    private Process process;

    private LocalRegistry(Builder builder) throws IOException {
        this.dir = builder.dir;
        this.port = freePort();
        Files.createDirectories(dir.resolve("storage"));
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append(builder.readOnly ? "  maintenance:\n    readonly:\n      enabled: true\n" : "")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                .append("  secret: local-test-secret\n")
                .append("  relativeurls: ").append(builder.relativeUrls).append('\n');
        if (builder.tls) {
            certificate = dir.resolve("registry-cert.pem");
            Path key = dir.resolve("registry-key.pem");
            selfSignedCertificate(certificate, key, "127.0.0.1");
            yaml.append("  tls:\n    certificate: ").append(certificate).append("\n    key: ").append(key).append('\n');
        } else {
            certificate = null;
        }
        if (builder.username != null) {
            Path htpasswd = dir.resolve("htpasswd");
            String line = run(List.of("htpasswd", "-Bbn", builder.username, builder.password)).trim();
            Files.writeString(htpasswd, line + "\n");
            yaml.append("auth:\n  htpasswd:\n    realm: local-registry\n    path: ").append(htpasswd).append('\n');
        } else if (builder.tokenServer != null) {
            TokenServer t = builder.tokenServer;
            yaml.append("auth:\n  token:\n    realm: ").append(t.realm()).append('\n')
                    .append("    service: ").append(t.service()).append('\n')
                    .append("    issuer: ").append(t.issuer()).append('\n')
                    .append("    rootcertbundle: ").append(t.certificate()).append('\n');
        }
        this.config = dir.resolve("config.yml");
        Files.writeString(config, yaml.toString());
        start();
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** A plain-HTTP registry without auth. */
    public static LocalRegistry plain(Path dir) throws IOException {
        return builder(dir).build();
    }

    /** What the registry is configured for. */
    public static final class Builder {
        private final Path dir;
        private boolean tls;
        private boolean relativeUrls;
        private String username;
        private String password;
        private TokenServer tokenServer;
        private boolean readOnly;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Serve HTTPS with a self-signed certificate for IP 127.0.0.1 ({@link #certificate()}). */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Send relative Location headers. */
        public Builder relativeUrls() {
            this.relativeUrls = true;
            return this;
        }

        /** htpasswd Basic auth with one user (bcrypt entry made by {@code htpasswd -B}). */
        public Builder htpasswd(String user, String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        /** Read-only mode (distribution's storage maintenance setting): reads work, every write is refused. */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Token auth trusting the token server's certificate. */
        public Builder token(TokenServer server) {
            this.tokenServer = server;
            return this;
        }

        public LocalRegistry build() throws IOException {
            return new LocalRegistry(this);
        }
    }

    /** Starts (or starts again) the registry process and waits until GET /v2/ answers. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = ProcessRunner.create().start(List.of(BINARY.toString(), "serve", config.toString()),
                dir.resolve("registry.log"));
        waitUntilReady();
    }

    /** Stops the registry process (by its PID) and waits for it to end. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The registry's self-signed certificate (PEM), or null without TLS. */
    public Path certificate() {
        return certificate;
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    /** The registry's own log (for failure diagnosis). */
    public String log() throws IOException {
        Path file = dir.resolve("registry.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private void waitUntilReady() throws IOException {
        String scheme = certificate != null ? "https" : "http";
        HttpClient client = HttpClient.newBuilder().sslContext(trustingOwnCertificate()).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sleep(50);
        }
        stop();
        throw new IOException("docker-registry did not answer on port " + port + " within 30 s:\n" + log());
    }

    /** A free TCP port on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** True when something accepts connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a self-signed RSA certificate with SAN IP:{@code ip} (and DNS:localhost) and its PKCS#8 key. */
    public static void selfSignedCertificate(Path certificate, Path key, String ip) throws IOException {
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                "-subj", "/CN=scratch-test", "-addext", "subjectAltName=IP:" + ip + ",DNS:localhost",
                "-keyout", key.toString(), "-out", certificate.toString()));
    }

    /** Runs a command, returns its standard output; fails on a non-zero exit. */
    public static String run(List<String> command) throws IOException {
        ProcessRunner.Result result = ProcessRunner.create().withTimeout(Duration.ofSeconds(60)).run(command);
        if (!result.succeeded()) {
            throw new IOException(command.get(0) + " exited with " + result.exitCode() + ": " + result.stderr()
                    + result.stdout());
        }
        return result.stdout();
    }

    /** An SSL context trusting only this registry's own certificate. */
    private SSLContext trustingOwnCertificate() throws IOException {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            if (certificate != null) {
                try (var in = Files.newInputStream(certificate)) {
                    store.setCertificateEntry("registry",
                            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot trust the registry certificate", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
