package io.github.scratchimage.maven;

import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.registry.Credential;
import io.github.scratchimage.registry.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * What Maven's configuration says about a registry: the explicit credential (the POM's {@code <auth>},
 * else a settings.xml {@code <server>}) and the active settings.xml proxy, passwords decrypted with
 * Maven's {@link SettingsDecrypter}. Never logs a secret.
 */
final class RegistrySettings {
    /** Names under which docker.io images find their settings.xml server. */
    private static final List<String> DOCKER_HUB_IDS = List.of("docker.io", "registry-1.docker.io", "index.docker.io");

    private final Settings settings;
    private final SettingsDecrypter decrypter;
    private final Log log;
    private final Function<String, String> environment;

    RegistrySettings(Settings settings, SettingsDecrypter decrypter, Log log) {
        this(settings, decrypter, log, System::getenv);
    }

    /** @param environment the value of an environment variable by name, or null when it is not set */
    RegistrySettings(Settings settings, SettingsDecrypter decrypter, Log log, Function<String, String> environment) {
        this.settings = settings == null ? new Settings() : settings;
        this.decrypter = decrypter;
        this.log = log;
        this.environment = environment;
    }

    /**
     * The credential from the POM's {@code auth}, else from the settings.xml server with id
     * {@code serverId} (when given) or else named after the registry; null when neither has one, so
     * that the engine looks in docker's and podman's files.
     */
    Credential credential(ImageReference reference, Auth auth, String serverId) throws MojoExecutionException {
        String registry = reference.registry();
        if (auth != null && !auth.isEmpty()) {
            return fromAuth(auth, reference);
        }
        List<String> ids = Auth.isBlank(serverId) ? defaultServerIds(reference) : List.of(serverId.trim());
        for (String id : ids) {
            Server server = settings.getServer(id);
            if (server != null) {
                return fromServer(decrypt(server), registry);
            }
        }
        if (!Auth.isBlank(serverId)) {
            log.warn("settings.xml has no <server> with id '" + serverId.trim() + "' (<serverId>); looking for a "
                    + "credential for " + registry + " in docker's and podman's files");
        } else {
            log.debug("settings.xml has no <server> with id " + String.join(" or ", ids));
        }
        return null;
    }

    /** {@code <auth>}: a username with {@code <passwordEnvironment>} or, with a warning, {@code <password>}. */
    private Credential fromAuth(Auth auth, ImageReference reference) {
        String variable = Auth.isBlank(auth.getPasswordEnvironment()) ? null : auth.getPasswordEnvironment().trim();
        boolean written = auth.getPassword() != null && !auth.getPassword().isEmpty();
        if (Auth.isBlank(auth.getUsername()) || written == (variable != null)) {
            throw new InvalidParameterException("auth", "give a <username> and either <passwordEnvironment> (the name of "
                    + "the environment variable holding the password) or <password>, or leave <auth> out and put "
                    + "the credential in a settings.xml <server>");
        }
        if (variable != null) {
            String password = environment.apply(variable);
            if (password == null || password.isEmpty()) {
                throw new InvalidParameterException("auth/passwordEnvironment", "the environment variable " + variable
                        + " is not set or empty; export it with the registry password before running Maven");
            }
            return new Credential(auth.getUsername(), password, false,
                    "the environment variable " + variable + " (<auth>)");
        }
        log.warn("Using the registry password written in the POM (<auth><password>) for " + reference.registry()
                + ". Maven prints it with -X, also when it comes from ${env.NAME}: use <passwordEnvironment>NAME"
                + "</passwordEnvironment>, or a settings.xml <server> with id '" + defaultServerIds(reference).get(0)
                + "' and a password encrypted with 'mvn --encrypt-password'");
        return new Credential(auth.getUsername(), auth.getPassword(), false, "the POM's <auth>");
    }

    /**
     * The password of the settings.xml server {@code serverId}, decrypted; bad input naming
     * {@code parameter} when there is no such server or it has no password.
     */
    String password(String serverId, String parameter) throws MojoExecutionException {
        Server server = settings.getServer(serverId);
        if (server == null) {
            throw new InvalidParameterException(parameter, "settings.xml has no <server> with id '" + serverId + "'");
        }
        String password = decrypt(server).getPassword();
        if (password == null || password.isEmpty()) {
            throw new InvalidParameterException(parameter, "settings.xml <server> '" + serverId + "' has no <password>");
        }
        return password;
    }

    private Credential fromServer(Server server, String registry) {
        String password = server.getPassword();
        if (password == null || password.isEmpty()) {
            log.warn("settings.xml <server> '" + server.getId() + "' has no <password>; it is not used for " + registry);
            return null;
        }
        return new Credential(server.getUsername(), password, false, "settings.xml <server> '" + server.getId() + "'");
    }

    /** The registry's name as written in the image reference, and for Docker Hub its other names. */
    static List<String> defaultServerIds(ImageReference reference) {
        String registry = reference.registry().toLowerCase(Locale.ROOT);
        if (DOCKER_HUB_IDS.contains(registry)) {
            return DOCKER_HUB_IDS;
        }
        return List.of(reference.registry());
    }

    /**
     * The active settings.xml proxy for https, else for http, or null. Its nonProxyHosts are kept: the
     * engine connects to those hosts directly.
     */
    ProxyConfig proxy() throws MojoExecutionException {
        Proxy chosen = activeProxy("https");
        if (chosen == null) {
            chosen = activeProxy("http");
        }
        if (chosen == null) {
            return null;
        }
        Proxy proxy = decrypt(chosen);
        String username = Auth.isBlank(proxy.getUsername()) ? null : proxy.getUsername();
        String password = username == null || proxy.getPassword() == null || proxy.getPassword().isEmpty()
                ? null : proxy.getPassword();
        ProxyConfig config = new ProxyConfig(proxy.getHost(), proxy.getPort(), username, password,
                Auth.isBlank(proxy.getNonProxyHosts()) ? null : proxy.getNonProxyHosts());
        log.info("Using the settings.xml proxy '" + proxy.getId() + "': " + config);
        return config;
    }

    private Proxy activeProxy(String protocol) {
        for (Proxy proxy : settings.getProxies()) {
            String p = proxy.getProtocol() == null ? "http" : proxy.getProtocol().trim().toLowerCase(Locale.ROOT);
            if (proxy.isActive() && p.equals(protocol) && !Auth.isBlank(proxy.getHost())) {
                return proxy;
            }
        }
        return null;
    }

    private Server decrypt(Server server) throws MojoExecutionException {
        if (decrypter == null) { // a goal without Maven's decrypter (load): the password as written
            return server;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        failOnProblems(result, "settings.xml <server> '" + server.getId() + "'");
        return result.getServer();
    }

    private Proxy decrypt(Proxy proxy) throws MojoExecutionException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
        failOnProblems(result, "settings.xml <proxy> '" + proxy.getId() + "'");
        return result.getProxy();
    }

    /**
     * A failed decryption leaves the encrypted text in place: using it would send garbage as the
     * password, so problems of severity ERROR or FATAL stop the build.
     */
    private void failOnProblems(SettingsDecryptionResult result, String what) throws MojoExecutionException {
        List<String> errors = new ArrayList<>();
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() == SettingsProblem.Severity.WARNING) {
                log.warn(what + ": " + problem.getMessage());
            } else {
                errors.add(problem.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new MojoExecutionException("Cannot decrypt the password of " + what + ": "
                    + errors.stream().collect(Collectors.joining("; "))
                    + ". Check the master password in settings-security.xml (-Dsettings.security=FILE) and "
                    + "re-encrypt the password with 'mvn --encrypt-password'");
        }
    }
}
