package io.github.scratchimage.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to talk to registries. Start from {@link #defaults()} and change what the configuration sets.
 *
 * @param credential              explicit credential (POM or settings.xml, already decrypted), or null to look
 *                                one up in docker's and podman's files
 * @param caCertificates          PEM files whose certificates are trusted in addition to the JVM's CAs
 * @param allowInsecureRegistries allow plain HTTP and unverified TLS for any registry (loopback registries
 *                                may always use plain HTTP)
 * @param retries                 how many times a failed request or upload is tried again (default 5)
 * @param chunkSize               upload blobs in chunks of this many bytes, or null for one request per blob
 * @param proxy                   HTTP proxy, or null for direct connections
 * @param parallelUploads         how many blobs are uploaded at once (default 4)
 * @param offline                 Maven runs offline: pushing fails at once
 * @param environment             environment variables for credential lookup ({@code DOCKER_CONFIG},
 *                                {@code REGISTRY_AUTH_FILE}, {@code XDG_RUNTIME_DIR}, {@code PATH} for
 *                                credential helpers)
 * @param userHome                the user's home directory ({@code ~/.docker/config.json})
 * @param initialBackoff          the first wait before a retry; it doubles on every retry (default 1 s)
 * @param progressInterval        at most one progress line per large upload per this interval (default 5 s)
 */
public record RegistryOptions(Credential credential, List<Path> caCertificates, boolean allowInsecureRegistries,
        int retries, Long chunkSize, ProxyConfig proxy, int parallelUploads, boolean offline,
        Map<String, String> environment, Path userHome, Duration initialBackoff, Duration progressInterval) {

    public RegistryOptions {
        caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more");
        }
        if (parallelUploads < 1) {
            throw new IllegalArgumentException("parallelUploads must be 1 or more");
        }
        if (chunkSize != null && chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        userHome = userHome == null ? Path.of(System.getProperty("user.home")) : userHome;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        progressInterval = progressInterval == null ? Duration.ofSeconds(5) : progressInterval;
    }

    /** No explicit credential, JVM CAs only, 5 retries, monolithic uploads, 4 parallel uploads, this process's environment. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(null, List.of(), false, 5, null, null, 4, false, System.getenv(),
                Path.of(System.getProperty("user.home")), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public RegistryOptions withCredential(Credential value) {
        return new RegistryOptions(value, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withCaCertificates(List<Path> value) {
        return new RegistryOptions(credential, value, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withAllowInsecureRegistries(boolean value) {
        return new RegistryOptions(credential, caCertificates, value, retries, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withRetries(int value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, value, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withChunkSize(Long value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, value, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withProxy(ProxyConfig value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, value,
                parallelUploads, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withParallelUploads(int value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                value, offline, environment, userHome, initialBackoff, progressInterval);
    }

    public RegistryOptions withOffline(boolean value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, value, environment, userHome, initialBackoff, progressInterval);
    }

    /** Replaces the environment and home directory used for credential lookup. */
    public RegistryOptions withCredentialLookup(Map<String, String> env, Path home) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, offline, env, home, initialBackoff, progressInterval);
    }

    public RegistryOptions withInitialBackoff(Duration value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, value, progressInterval);
    }

    public RegistryOptions withProgressInterval(Duration value) {
        return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                parallelUploads, offline, environment, userHome, initialBackoff, value);
    }

    /** Never shows the credential's secret or the proxy password. */
    @Override
    public String toString() {
        return "RegistryOptions[credential=" + credential + ", caCertificates=" + caCertificates
                + ", allowInsecureRegistries=" + allowInsecureRegistries + ", retries=" + retries + ", chunkSize="
                + chunkSize + ", proxy=" + proxy + ", parallelUploads=" + parallelUploads + ", offline=" + offline
                + ", userHome=" + userHome + "]";
    }
}
