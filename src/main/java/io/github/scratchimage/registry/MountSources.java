package io.github.scratchimage.registry;

import io.github.scratchimage.image.Digest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one push run has learnt of which repositories of which registry hold which blobs, so that
 * its push to another repository of the same registry mounts them instead of uploading them again;
 * and which repository started each blob first, so that a blob is uploaded once per registry.
 *
 * <p>One instance serves the sessions of one run (the registry sinks of one {@code Engine.run}),
 * and goes with it: a later run, in another module or another build of the same JVM, starts with
 * nothing known and asks the registry again, so it never waits for a blob a finished run claimed.
 */
public final class MountSources {
    private final Map<String, Map<Digest, Set<String>>> known = new ConcurrentHashMap<>();
    private final Map<String, Map<Digest, String>> claimed = new ConcurrentHashMap<>();
    private final Map<String, String> streaming = new ConcurrentHashMap<>();

    /** Nothing known yet: one per run, shared by its pushes. */
    public MountSources() {
    }

    void record(String registryHost, Digest digest, String repository) {
        known.computeIfAbsent(key(registryHost), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(digest, d -> ConcurrentHashMap.newKeySet())
                .add(repository);
    }

    /**
     * Whether {@code repository} is the first repository of the registry to start uploading
     * {@code digest} in this run (or the one that did): pushes of one image to several
     * repositories of a registry then upload each blob once, and the others mount it.
     */
    boolean claim(String registryHost, Digest digest, String repository) {
        return claimed.computeIfAbsent(key(registryHost), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(digest, d -> repository).equals(repository);
    }

    /**
     * Whether {@code repository} is the one repository of the registry that sends the run's large
     * layers while they are compressed ({@link StreamedLayer}): the others mount them afterwards, as
     * any blob.
     */
    boolean claimStream(String registryHost, String repository) {
        return streaming.computeIfAbsent(key(registryHost), k -> repository).equals(repository);
    }

    /** A repository other than {@code repository} of the same registry known to hold {@code digest}. */
    Optional<String> sourceFor(String registryHost, Digest digest, String repository) {
        Set<String> repositories = known.getOrDefault(key(registryHost), Map.of()).getOrDefault(digest, Set.of());
        return repositories.stream().filter(r -> !r.equals(repository)).sorted().findFirst();
    }

    /** Every repository of the registry known to hold a blob, other than {@code repository}, sorted. */
    List<String> otherRepositories(String registryHost, String repository) {
        return known.getOrDefault(key(registryHost), Map.of()).values().stream().flatMap(Set::stream)
                .filter(other -> !other.equals(repository)).distinct().sorted().toList();
    }

    private static String key(String registryHost) {
        return registryHost.toLowerCase(Locale.ROOT);
    }
}
