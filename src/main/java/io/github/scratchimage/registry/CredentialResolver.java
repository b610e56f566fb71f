package io.github.scratchimage.registry;

import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.log.BuildLog;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the credential for a registry: the explicit one from the configuration, else docker's
 * {@code config.json} ({@code credHelpers}, {@code credsStore}, {@code auths}), else podman's
 * {@code auth.json}, else none (anonymous). Secrets never reach the log.
 */
public final class CredentialResolver {

    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
    private static final List<String> DOCKER_HUB_NAMES = List.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final long HELPER_TIMEOUT_SECONDS = 60;

    private final Credential explicit;
    private final Map<String, String> environment;
    private final Path userHome;
    private final BuildLog log;

    public CredentialResolver(Credential explicit, Map<String, String> environment, Path userHome, BuildLog log) {
        this.explicit = explicit;
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.log = log;
    }

    public static CredentialResolver of(RegistryOptions options, BuildLog log) {
        return new CredentialResolver(options.credential(), options.environment(), options.userHome(), log);
    }

    /**
     * The credential for {@code registryHost} (host[:port] as in {@code ImageReference.registryHost()})
     * and {@code repository}, or empty for anonymous access.
     */
    public Optional<Credential> resolve(String registryHost, String repository) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        List<String> hostNames = hostNames(registryHost);
        Optional<Credential> found = fromDockerConfig(hostNames, repository);
        if (found.isEmpty()) {
            found = fromPodmanAuthFiles(hostNames, repository);
        }
        return found;
    }

    private static List<String> hostNames(String registryHost) {
        String host = registryHost.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_NAMES.contains(host) ? DOCKER_HUB_NAMES : List.of(host);
    }

    private static boolean isDockerHub(List<String> hostNames) {
        return hostNames == DOCKER_HUB_NAMES;
    }

    private Optional<Credential> fromDockerConfig(List<String> hostNames, String repository) {
        String dir = environment.get("DOCKER_CONFIG");
        Path file = (dir != null && !dir.isBlank() ? Path.of(dir) : userHome.resolve(".docker")).resolve("config.json");
        JsonValue config = readJson(file);
        if (config == null) {
            return Optional.empty();
        }
        JsonValue helpers = config.get("credHelpers");
        String helperKey = bestKey(helpers, hostNames, repository);
        if (helperKey != null) {
            String helper = helpers.get(helperKey).text("");
            return runHelper(helper, serverName(hostNames), "docker config.json credHelpers '" + helper + "'");
        }
        String store = config.get("credsStore").text("");
        if (!store.isBlank()) {
            Optional<Credential> stored = runHelper(store, serverName(hostNames),
                    "docker config.json credsStore '" + store + "'");
            if (stored.isPresent()) {
                return stored;
            }
        }
        return fromAuths(config, hostNames, repository, "docker " + file);
    }

    private Optional<Credential> fromPodmanAuthFiles(List<String> hostNames, String repository) {
        List<Path> files = new ArrayList<>();
        String authFile = environment.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            files.add(Path.of(authFile));
        }
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            files.add(Path.of(runtimeDir, "containers", "auth.json"));
        }
        files.add(userHome.resolve(".config/containers/auth.json"));
        for (Path file : files) {
            JsonValue config = readJson(file);
            if (config != null) {
                Optional<Credential> found = fromAuths(config, hostNames, repository, "podman " + file);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> fromAuths(JsonValue config, List<String> hostNames, String repository, String source) {
        JsonValue auths = config.get("auths");
        String key = bestKey(auths, hostNames, repository);
        if (key == null) {
            return Optional.empty();
        }
        JsonValue entry = auths.get(key);
        String username = entry.get("username").text("");
        String password = entry.get("password").text("");
        String auth = entry.get("auth").text("");
        if (!auth.isBlank()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring the entry for " + key + " in " + source + ": its 'auth' is not base64");
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                log.warn("Ignoring the entry for " + key + " in " + source + ": its 'auth' is not username:password");
                return Optional.empty();
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.get("identitytoken").text("");
        if (!identityToken.isBlank()) {
            return Optional.of(new Credential(username, identityToken, true, source + " auths '" + key + "'"));
        }
        if (password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credential(username, password, false, source + " auths '" + key + "'"));
    }

    /**
     * The key of {@code object} naming this registry: a host alias, with or without scheme and
     * {@code /v1/}, or (podman) {@code host/namespace} prefixing the repository; the longest wins.
     */
    private static String bestKey(JsonValue object, List<String> hostNames, String repository) {
        String best = null;
        int bestLength = -1;
        for (String key : object.names()) {
            String normalized = normalizeKey(key);
            for (String host : hostNames) {
                int length = -1;
                if (normalized.equals(host)) {
                    length = host.length();
                } else if (repository != null && normalized.startsWith(host + "/")) {
                    String namespace = normalized.substring(host.length() + 1);
                    if (repository.equals(namespace) || repository.startsWith(namespace + "/")) {
                        length = normalized.length();
                    }
                }
                if (length > bestLength) {
                    best = key;
                    bestLength = length;
                }
            }
        }
        return best;
    }

    private static String normalizeKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("https://")) {
            k = k.substring("https://".length());
        } else if (k.startsWith("http://")) {
            k = k.substring("http://".length());
        }
        while (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        if (k.endsWith("/v1") || k.endsWith("/v2")) {
            k = k.substring(0, k.length() - 3);
        }
        return k;
    }

    private static String serverName(List<String> hostNames) {
        return isDockerHub(hostNames) ? DOCKER_HUB_SERVER : hostNames.get(0);
    }

    private Optional<Credential> runHelper(String helper, String server, String source) {
        String program = "docker-credential-" + helper;
        Path executable = findOnPath(program);
        if (executable == null) {
            log.warn("Credential helper " + program + " (" + source + ") is not on the PATH; trying other sources");
            return Optional.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(server.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn(program + " did not answer within " + HELPER_TIMEOUT_SECONDS + " s; trying other sources");
                return Optional.empty();
            }
            byte[] bytes = output.join();
            if (process.exitValue() != 0) {
                String text = new String(bytes, StandardCharsets.UTF_8).trim();
                if (!text.toLowerCase(Locale.ROOT).contains("credentials not found")) {
                    log.warn(program + " get failed with exit code " + process.exitValue() + "; trying other sources");
                }
                return Optional.empty();
            }
            JsonValue answer;
            try {
                answer = Json.parse(bytes);
            } catch (MalformedJsonException e) {
                log.warn(program + " get did not print JSON; trying other sources");
                return Optional.empty();
            }
            String username = answer.get("Username").text("");
            String secret = answer.get("Secret").text("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Credential(username, secret, "<token>".equals(username), source));
        } catch (IOException e) {
            log.warn("Could not run " + program + ": " + e.getMessage() + "; trying other sources");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private Path findOnPath(String program) {
        String path = environment.get("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private JsonValue readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            log.warn("Ignoring " + file + ": " + e.getMessage());
            return null;
        } catch (MalformedJsonException e) {
            log.warn("Ignoring " + file + ": it is not valid JSON (" + e.getMessage() + ")");
            return null;
        }
    }
}
