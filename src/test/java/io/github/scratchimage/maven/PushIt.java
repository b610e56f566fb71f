package io.github.scratchimage.maven;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.ProcessRunner;
import io.github.scratchimage.testing.TokenServer;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The push ITs' registries, for their setup.groovy and verify.groovy (both run in the invoker's JVM
 * with one class loader, so the registry started by setup is found again by verify). A registry whose
 * verify never ran is stopped when the JVM exits.
 */
public final class PushIt {
    /** The text in an IT's pom.xml that setup replaces with the registry's 127.0.0.1:PORT. */
    public static final String PLACEHOLDER = "REGISTRY_HOST";

    /** The text in an IT's pom.xml that {@link #startSecond} replaces with the second registry's 127.0.0.1:PORT. */
    public static final String SECOND_PLACEHOLDER = "SECOND_REGISTRY";

    private static final Map<Path, LocalRegistry> REGISTRIES = new ConcurrentHashMap<>();
    private static final Map<Path, LocalRegistry> SECOND_REGISTRIES = new ConcurrentHashMap<>();
    private static final Map<Path, FaultProxy> PROXIES = new ConcurrentHashMap<>();
    private static final Map<Path, TokenServer> TOKEN_SERVERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            PROXIES.values().forEach(FaultProxy::close);
            REGISTRIES.values().forEach(LocalRegistry::close);
            SECOND_REGISTRIES.values().forEach(LocalRegistry::close);
            TOKEN_SERVERS.values().forEach(TokenServer::close);
        }, "push-it-registries"));
    }

    private PushIt() {
    }

    /** Starts a plain-HTTP registry without auth for the IT in {@code basedir} and points its pom.xml at it. */
    public static LocalRegistry start(File basedir) throws IOException {
        return started(basedir, LocalRegistry.builder(registryDir(basedir)).build());
    }

    /** Starts a plain-HTTP registry with htpasswd Basic auth for one user, and points pom.xml at it. */
    public static LocalRegistry start(File basedir, String username, String password) throws IOException {
        return started(basedir, LocalRegistry.builder(registryDir(basedir)).htpasswd(username, password).build());
    }

    /**
     * Starts a second plain-HTTP registry with htpasswd Basic auth for one user, for an IT that pushes
     * to two registries, and writes its address over {@link #SECOND_PLACEHOLDER} in pom.xml.
     */
    public static LocalRegistry startSecond(File basedir, String username, String password) throws IOException {
        LocalRegistry registry = LocalRegistry.builder(basedir.toPath().resolve("second-registry"))
                .htpasswd(username, password).build();
        SECOND_REGISTRIES.put(key(basedir), registry);
        Path pom = basedir.toPath().resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace(SECOND_PLACEHOLDER, registry.hostPort()));
        return registry;
    }

    /** The registry started by {@link #startSecond} for {@code basedir}. */
    public static LocalRegistry second(File basedir) {
        return startedFor(SECOND_REGISTRIES, basedir, "second registry");
    }

    /**
     * Starts an HTTPS registry (self-signed certificate, copied to {@code registry-ca.pem} in
     * {@code basedir}) with token auth through a loopback {@link TokenServer} that knows one user,
     * and points pom.xml at it.
     */
    public static LocalRegistry startTlsWithToken(File basedir, String username, String password) throws IOException {
        TokenServer tokens = new TokenServer(registryDir(basedir).resolve("tokens"), username, password);
        TOKEN_SERVERS.put(key(basedir), tokens);
        LocalRegistry registry = started(basedir, LocalRegistry.builder(registryDir(basedir)).tls().token(tokens).build());
        Files.copy(registry.certificate(), basedir.toPath().resolve("registry-ca.pem"));
        return registry;
    }

    /** The token server started by {@link #startTlsWithToken} for {@code basedir}. */
    public static TokenServer tokenServer(File basedir) {
        return startedFor(TOKEN_SERVERS, basedir, "token server");
    }

    /**
     * Starts a plain-HTTP registry without auth and a {@link FaultProxy} (no faults) in front of it that
     * records every request, and points pom.xml at the proxy: the build talks to the registry only
     * through the proxy, while {@link #registry} and {@link #skopeoInspect} go to the registry directly.
     */
    public static FaultProxy startBehindProxy(File basedir) throws IOException {
        LocalRegistry registry = LocalRegistry.builder(registryDir(basedir)).build();
        REGISTRIES.put(key(basedir), registry);
        FaultProxy proxy = new FaultProxy(registry.port());
        PROXIES.put(key(basedir), proxy);
        replacePlaceholder(basedir, proxy.hostPort());
        return proxy;
    }

    /** The proxy started by {@link #startBehindProxy} for {@code basedir}. */
    public static FaultProxy proxy(File basedir) {
        return startedFor(PROXIES, basedir, "proxy");
    }

    /**
     * Blob uploads the proxy saw for {@code repository}, by digest: how many upload-finishing
     * {@code PUT /v2/REPOSITORY/blobs/uploads/...?digest=D} requests named each digest.
     */
    public static Map<String, Integer> blobUploadsByDigest(File basedir, String repository) {
        String prefix = "/v2/" + repository + "/blobs/uploads/";
        Map<String, Integer> counts = new TreeMap<>();
        for (FaultProxy.Request request : proxy(basedir).requests()) {
            if (request.method().equals("PUT") && request.path().startsWith(prefix) && request.query() != null) {
                for (String parameter : request.query().split("&")) {
                    if (parameter.startsWith("digest=")) {
                        String digest = URLDecoder.decode(parameter.substring("digest=".length()), StandardCharsets.UTF_8);
                        counts.merge(digest, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static Path registryDir(File basedir) {
        return basedir.toPath().resolve("registry");
    }

    private static LocalRegistry started(File basedir, LocalRegistry registry) throws IOException {
        REGISTRIES.put(key(basedir), registry);
        replacePlaceholder(basedir, registry.hostPort());
        return registry;
    }

    private static void replacePlaceholder(File basedir, String hostPort) throws IOException {
        Path pom = basedir.toPath().resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace(PLACEHOLDER, hostPort));
    }

    /** The registry started for {@code basedir}. */
    public static LocalRegistry registry(File basedir) {
        return startedFor(REGISTRIES, basedir, "registry");
    }

    private static <T> T startedFor(Map<Path, T> started, File basedir, String what) {
        T value = started.get(key(basedir));
        if (value == null) {
            throw new AssertionError("no " + what + " was started for " + basedir);
        }
        return value;
    }

    /**
     * Stops the proxy, the registry (by its process) and the token server started for
     * {@code basedir}, in that order.
     */
    public static void stop(File basedir) {
        Optional.ofNullable(PROXIES.remove(key(basedir))).ifPresent(FaultProxy::close);
        Optional.ofNullable(REGISTRIES.remove(key(basedir))).ifPresent(LocalRegistry::close);
        Optional.ofNullable(SECOND_REGISTRIES.remove(key(basedir))).ifPresent(LocalRegistry::close);
        Optional.ofNullable(TOKEN_SERVERS.remove(key(basedir))).ifPresent(TokenServer::close);
    }

    private static Path key(File basedir) {
        return basedir.toPath().toAbsolutePath().normalize();
    }

    /**
     * Writes {@code settings-security.xml} with a fresh master password and {@code settings.xml} with
     * one {@code <server>} whose password is encrypted with it, both in {@code basedir}.
     */
    public static void writeEncryptedSettings(File basedir, String serverId, String username, String password)
            throws IOException {
        MavenSecrets secrets = MavenSecrets.create(basedir.toPath(), "master-" + UUID.randomUUID());
        Files.writeString(basedir.toPath().resolve("settings.xml"), "<settings>\n  <servers>\n    <server>\n"
                + "      <id>" + serverId + "</id>\n"
                + "      <username>" + username + "</username>\n"
                + "      <password>" + secrets.encrypt(password) + "</password>\n"
                + "    </server>\n  </servers>\n</settings>\n");
    }

    /**
     * {@code skopeo inspect [--raw] --tls-verify=false [--creds=USER:PASSWORD] docker://HOST/REFERENCE}
     * against the IT's registry, without failing: the caller checks the exit code.
     */
    public static ProcessRunner.Result skopeoInspect(File basedir, String reference, boolean raw, String username,
            String password) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
        if (raw) {
            command.add("--raw");
        }
        if (username != null) {
            command.add("--creds=" + username + ":" + password);
        }
        command.add("docker://" + registry(basedir).hostPort() + "/" + reference);
        return ProcessRunner.create().run(command);
    }

    /**
     * The exact bytes (as UTF-8 text) of the manifest or index at {@code reference} in the IT's registry,
     * from {@code skopeo inspect --raw}; fails when skopeo does.
     */
    public static String rawManifest(File basedir, String reference) {
        return skopeoInspect(basedir, reference, true, null, null).requireSuccess().stdout();
    }

    /** {@code sha256:HEX} of the text's UTF-8 bytes. */
    public static String sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Writes each text to its path relative to {@code basedir}, creating parent directories. */
    public static void writeFiles(File basedir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = basedir.toPath().resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    /**
     * Fails when build.log holds the password, the Basic authorization value made from it, or the
     * password base64-encoded alone.
     */
    public static void assertNoSecretInBuildLog(File basedir, String username, String password) throws IOException {
        String log = Files.readString(basedir.toPath().resolve("build.log"));
        Base64.Encoder base64 = Base64.getEncoder();
        for (String secret : List.of(password,
                base64.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)))) {
            if (log.contains(secret)) {
                throw new AssertionError("build.log contains a secret");
            }
        }
    }
}
