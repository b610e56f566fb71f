package io.github.scratchimage.registry;

import io.github.scratchimage.image.Digest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, for this JVM (one Maven build), which repositories of which registry hold which blobs,
 * so that a later push to another repository of the same registry can mount them instead of
 * uploading them again.
 */
final class MountSources {
    private static final Map<String, Map<Digest, Set<String>>> KNOWN = new ConcurrentHashMap<>();
    private static final Map<String, Map<Digest, String>> CLAIMED = new ConcurrentHashMap<>();

    private MountSources() {
    }

    static void record(String registryHost, Digest digest, String repository) {
        KNOWN.computeIfAbsent(key(registryHost), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(digest, d -> ConcurrentHashMap.newKeySet())
                .add(repository);
    }

    /**
     * Whether {@code repository} is the first repository of the registry to start uploading
     * {@code digest} in this build (or the one that did): pushes of one image to several
     * repositories of a registry then upload each blob once, and the others mount it.
     */
    static boolean claim(String registryHost, Digest digest, String repository) {
        return CLAIMED.computeIfAbsent(key(registryHost), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(digest, d -> repository).equals(repository);
    }

    /** A repository other than {@code repository} of the same registry known to hold {@code digest}. */
    static Optional<String> sourceFor(String registryHost, Digest digest, String repository) {
        Set<String> repositories = KNOWN.getOrDefault(key(registryHost), Map.of()).getOrDefault(digest, Set.of());
        return repositories.stream().filter(r -> !r.equals(repository)).sorted().findFirst();
    }

    /** Every repository of the registry known to hold a blob, other than {@code repository}, sorted. */
    static java.util.List<String> otherRepositories(String registryHost, String repository) {
        return KNOWN.getOrDefault(key(registryHost), Map.of()).values().stream().flatMap(Set::stream)
                .filter(other -> !other.equals(repository)).distinct().sorted().toList();
    }

    private static String key(String registryHost) {
        return registryHost.toLowerCase(Locale.ROOT);
    }
}
