package io.github.scratchimage.daemon;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The unix socket of the container engine to load into, and where that came from (for messages).
 * {@link #find} looks for it as the docker CLI does, then for Podman's sockets:
 * <ol>
 * <li>the socket the caller configured (the Maven goal: its {@code dockerHost} parameter);</li>
 * <li>{@code DOCKER_HOST};</li>
 * <li>the current docker context: {@code DOCKER_CONTEXT}, else {@code currentContext} in {@code $DOCKER_CONFIG/config.json} (else
 * {@code ~/.docker/config.json}), its endpoint in {@code contexts/meta/<sha256 of the name>/meta.json}
 * beside it ({@code Endpoints.docker.Host}): how Docker Desktop, Colima, OrbStack and Rancher Desktop
 * point the CLI at their socket;</li>
 * <li>{@code /var/run/docker.sock}, then {@code ~/.docker/run/docker.sock} (Docker Desktop on macOS),
 * when they exist;</li>
 * <li>Podman's {@code $XDG_RUNTIME_DIR/podman/podman.sock}, then {@code /run/podman/podman.sock}, when
 * they exist.</li>
 * </ol>
 * Only {@code unix://} hosts are supported: a {@code tcp://}, {@code https://}, {@code ssh://} or
 * {@code npipe://} host (TLS client certificates, SSH, Windows pipes) is refused with a message, never
 * skipped for another engine than the one the user's CLI talks to.
 *
 * @param socket the socket file
 * @param origin where it came from, e.g. {@code DOCKER_HOST} or {@code docker context colima}
 */
public record DockerHost(Path socket, String origin) {
    private static final String UNIX = "unix://";
    /** The origin of a socket found by looking at the usual places. */
    static final String USUAL_PLACES = "the first usual socket that exists";
    private static final String HOW_TO_START = "start one (Podman: `podman system service --time=0 &`, or "
            + "`systemctl --user start podman.socket`; Docker: start Docker Desktop or the docker service)";
    private static final String EXAMPLE = "unix:///path/to/engine.sock";

    /** {@code unix:///path}. */
    public String url() {
        return UNIX + socket;
    }

    @Override
    public String toString() {
        return url() + " (from " + origin + ")";
    }

    /** {@link #find(String, String, Map, Path, Path)} with this process's environment and home, and the root directory. */
    public static DockerHost find(String configured, String setting) throws EngineException {
        return find(configured, setting, System.getenv(), Path.of(System.getProperty("user.home")), Path.of("/"));
    }

    /**
     * Finds the engine's socket (see the class comment).
     *
     * @param configured the socket as configured, or null
     * @param setting    the name of the setting that configures it, e.g. {@code <dockerHost>}: the origin of a
     *                   configured socket, and what messages tell to set
     * @param env        the environment ({@code DOCKER_HOST}, {@code DOCKER_CONFIG}, {@code XDG_RUNTIME_DIR})
     * @param home       the user's home directory
     * @param root       the directory {@code /var/run/docker.sock} and {@code /run/podman/podman.sock} are
     *                   under: {@code /}, or a test's directory
     * @throws InvalidImageException ({@link Field#DOCKER_HOST}) when {@code configured} is not a {@code unix://} URL
     * @throws EngineException       when another place names a host that is not one, or no socket is found
     */
    public static DockerHost find(String configured, String setting, Map<String, String> env, Path home, Path root)
            throws EngineException {
        if (configured != null && !configured.isBlank()) {
            Optional<Path> socket = socket(configured.trim());
            if (socket.isEmpty()) {
                throw new InvalidImageException(Field.DOCKER_HOST, unsupported(configured.trim())
                        + "; give " + EXAMPLE);
            }
            return new DockerHost(socket.get(), setting);
        }
        List<String> tried = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return fromEnvironment(dockerHost.trim(), "DOCKER_HOST", setting);
        }
        tried.add("DOCKER_HOST (not set)");
        String dockerConfig = env.get("DOCKER_CONFIG");
        Path configDirectory = dockerConfig == null || dockerConfig.isBlank() ? home.resolve(".docker")
                : Path.of(dockerConfig.trim());
        Optional<DockerHost> context = currentContext(configDirectory, env.get("DOCKER_CONTEXT"), setting, tried);
        if (context.isPresent()) {
            return context.get();
        }
        List<Path> candidates = new ArrayList<>(List.of(root.resolve("var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock")));
        String runtimeDirectory = env.get("XDG_RUNTIME_DIR");
        if (runtimeDirectory != null && !runtimeDirectory.isBlank()) {
            candidates.add(Path.of(runtimeDirectory.trim(), "podman", "podman.sock"));
        } else {
            tried.add("$XDG_RUNTIME_DIR/podman/podman.sock (XDG_RUNTIME_DIR not set)");
        }
        candidates.add(root.resolve("run/podman/podman.sock"));
        for (Path candidate : candidates) {
            if (Files.exists(candidate)) {
                return new DockerHost(candidate, USUAL_PLACES);
            }
            tried.add(candidate + " (no such file)");
        }
        throw new EngineException("no Docker or Podman engine found; tried " + String.join(", ", tried)
                + ". To load the image, " + HOW_TO_START + ", or set " + setting + " to its socket, e.g. " + EXAMPLE);
    }

    /**
     * The endpoint of the current docker context ({@code DOCKER_CONTEXT}, else the one {@code
     * config.json} names), when it is not {@code default} (which means: the other places). A context
     * without metadata is an error, as for the docker CLI.
     */
    private static Optional<DockerHost> currentContext(Path configDirectory, String contextVariable, String setting,
            List<String> tried) throws EngineException {
        Path config = configDirectory.resolve("config.json");
        boolean fromVariable = contextVariable != null && !contextVariable.isBlank();
        String name = fromVariable ? contextVariable.trim() : read(config).get("currentContext").text("");
        if (name.isBlank() || "default".equals(name)) {
            tried.add("the current docker context (" + (name.isBlank() ? "none in " + config : "default") + ")");
            return Optional.empty();
        }
        String hash = Digest.sha256(name).encoded();
        Path meta = configDirectory.resolve("contexts").resolve("meta").resolve(hash).resolve("meta.json");
        String origin = "docker context " + name;
        if (!Files.isRegularFile(meta)) {
            throw new EngineException((fromVariable ? "DOCKER_CONTEXT" : config + " sets currentContext") + " names the"
                    + " context " + name + ", but its endpoint file " + meta
                    + " does not exist; run `docker context use default` or another context, or set " + setting
                    + " to the engine's socket, e.g. " + EXAMPLE);
        }
        String host = read(meta).get("Endpoints").get("docker").get("Host").text("");
        if (host.isBlank()) {
            throw new EngineException(meta + " (" + origin + ") has no Endpoints.docker.Host; set " + setting
                    + " to the engine's socket, e.g. " + EXAMPLE);
        }
        return Optional.of(fromEnvironment(host.trim(), origin + " (" + meta + ")", setting));
    }

    private static DockerHost fromEnvironment(String url, String origin, String setting) throws EngineException {
        Optional<Path> socket = socket(url);
        if (socket.isEmpty()) {
            throw new EngineException(origin + ": " + unsupported(url) + "; to load into another engine than that "
                    + "one, set " + setting + " to its socket, e.g. " + EXAMPLE);
        }
        return new DockerHost(socket.get(), origin);
    }

    /** The socket of a {@code unix://} URL with an absolute path; empty for anything else. */
    private static Optional<Path> socket(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(UNIX)) {
            return Optional.empty();
        }
        String path = url.substring(UNIX.length());
        return path.startsWith("/") && path.length() > 1 ? Optional.of(Path.of(path)) : Optional.empty();
    }

    private static String unsupported(String url) {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://") + 3) : null;
        String problem = scheme == null || scheme.equalsIgnoreCase(UNIX)
                ? "'" + url + "' is not a unix:// URL with an absolute path, e.g. unix:///var/run/docker.sock"
                : "'" + url + "': " + scheme + " hosts are not supported; scratch:load talks to a container "
                        + "engine only over a unix socket (for a remote engine, forward its socket: "
                        + "`ssh -nNL /tmp/engine.sock:/var/run/docker.sock HOST`)";
        return problem;
    }

    /** A JSON file's content; missing when the file does not exist. */
    private static JsonValue read(Path file) throws EngineException {
        try {
            return Json.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new JsonValue(null);
        } catch (MalformedJsonException e) {
            throw new EngineException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
