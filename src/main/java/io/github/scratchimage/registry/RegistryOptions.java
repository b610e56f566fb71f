package io.github.scratchimage.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to talk to registries. Start from {@link #builder()} (the defaults) and set what the configuration gives.
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
 * @param timeout                 the longest wait for a registry's answer, and for a connection to it (the
 *                                latter at most {@link #MAX_CONNECT_TIMEOUT}); default 5 minutes
 */
public record RegistryOptions(Credential credential, List<Path> caCertificates, boolean allowInsecureRegistries,
        int retries, Long chunkSize, ProxyConfig proxy, int parallelUploads, boolean offline,
        Map<String, String> environment, Path userHome, Duration initialBackoff,
        Duration timeout) {
    /** A connection attempt gives up after {@code timeout} or this, whichever is shorter. */
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(30);

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
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be from 1 ms to " + Integer.MAX_VALUE + " ms");
        }
    }

    /** How long a connection attempt may take: {@code timeout}, at most {@link #MAX_CONNECT_TIMEOUT}. */
    public Duration connectTimeout() {
        return timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
    }

    /** No explicit credential, JVM CAs only, 5 retries, monolithic uploads, 4 parallel uploads, this process's environment. */
    public static RegistryOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.credential = credential;
        b.caCertificates = caCertificates;
        b.allowInsecureRegistries = allowInsecureRegistries;
        b.retries = retries;
        b.chunkSize = chunkSize;
        b.proxy = proxy;
        b.parallelUploads = parallelUploads;
        b.offline = offline;
        b.environment = environment;
        b.userHome = userHome;
        b.initialBackoff = initialBackoff;
        b.timeout = timeout;
        return b;
    }

    /** Sets what the configuration gives; see the record components for meanings and defaults. */
    public static final class Builder {
        private Credential credential;
        private List<Path> caCertificates = List.of();
        private boolean allowInsecureRegistries;
        private int retries = 5;
        private Long chunkSize;
        private ProxyConfig proxy;
        private int parallelUploads = 4;
        private boolean offline;
        private Map<String, String> environment = System.getenv();
        private Path userHome;
        private Duration initialBackoff;
        private Duration timeout;

        private Builder() {
        }

        public Builder credential(Credential value) {
            credential = value;
            return this;
        }

        public Builder caCertificates(List<Path> value) {
            caCertificates = value;
            return this;
        }

        public Builder allowInsecureRegistries(boolean value) {
            allowInsecureRegistries = value;
            return this;
        }

        public Builder retries(int value) {
            retries = value;
            return this;
        }

        public Builder chunkSize(Long value) {
            chunkSize = value;
            return this;
        }

        public Builder proxy(ProxyConfig value) {
            proxy = value;
            return this;
        }

        public Builder parallelUploads(int value) {
            parallelUploads = value;
            return this;
        }

        public Builder offline(boolean value) {
            offline = value;
            return this;
        }

        /** The environment and home directory used for credential lookup. */
        public Builder credentialLookup(Map<String, String> env, Path home) {
            environment = env;
            userHome = home;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            initialBackoff = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public RegistryOptions build() {
            return new RegistryOptions(credential, caCertificates, allowInsecureRegistries, retries, chunkSize, proxy,
                    parallelUploads, offline, environment, userHome, initialBackoff, timeout);
        }
    }

    /** Never shows the credential's secret or the proxy password. */
    @Override
    public String toString() {
        return "RegistryOptions[credential=" + credential + ", caCertificates=" + caCertificates
                + ", allowInsecureRegistries=" + allowInsecureRegistries + ", retries=" + retries + ", chunkSize="
                + chunkSize + ", proxy=" + proxy + ", parallelUploads=" + parallelUploads + ", offline=" + offline
                + ", userHome=" + userHome + ", timeout=" + timeout + "]";
    }
}
