package io.github.scratchimage.sign;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SLSA provenance v1 predicate of an image: which build of which Maven project, with which goal,
 * produced which image references for which platforms, from which sources (the git commit) with
 * which builder (this plugin, its version and the digest of its jar), in which CI run and when.
 *
 * @param groupId       the project's Maven coordinates ...
 * @param artifactId    ...
 * @param version       ... (external parameters)
 * @param goal          the goal that built the image, e.g. {@code push}
 * @param images        the image references written (every tag)
 * @param platforms     the platforms, e.g. {@code linux/amd64} (empty until {@link #finished})
 * @param sourceUri     where the sources live (the POM's scm URL), or null
 * @param gitCommit     the commit checked out in the project's git work tree, or null when none
 * @param pluginVersion the version of this plugin
 * @param pluginSha256  the SHA-256 (hex) of this plugin's jar, or null when it does not run from a jar
 * @param invocationId  the CI run that ran the build (see {@link CiInvocation}), or null
 * @param startedOn     when the build started
 * @param finishedOn    when the image was complete (null until {@link #finished})
 */
public record SlsaProvenance(String groupId, String artifactId, String version, String goal, List<String> images,
        List<String> platforms, String sourceUri, String gitCommit, String pluginVersion, String pluginSha256,
        String invocationId, Instant startedOn, Instant finishedOn) {

    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    /** What this build type means is documented at this address. */
    public static final String BUILD_TYPE =
            "https://github.com/scratchimage/scratch-maven-plugin/blob/main/docs/supply-chain.md#build-type-v1";
    static final String PLUGIN = "pkg:maven/io.github.scratchimage/scratch-maven-plugin";

    public SlsaProvenance {
        images = List.copyOf(images);
        platforms = List.copyOf(platforms);
    }

    /** This provenance for an image of {@code newPlatforms} that was complete at {@code newFinishedOn}. */
    public SlsaProvenance finished(List<String> newPlatforms, Instant newFinishedOn) {
        return new SlsaProvenance(groupId, artifactId, version, goal, images, newPlatforms, sourceUri, gitCommit,
                pluginVersion, pluginSha256, invocationId, startedOn, newFinishedOn);
    }

    /** The builder id: this plugin and its version, as a package URL. */
    public String builderId() {
        return PLUGIN + "@" + pluginVersion;
    }

    /** The predicate as a JSON value (see {@link io.github.scratchimage.image.Json}). */
    public Map<String, Object> toJson() {
        Map<String, Object> maven = new LinkedHashMap<>();
        maven.put("groupId", groupId);
        maven.put("artifactId", artifactId);
        maven.put("version", version);
        Map<String, Object> external = new LinkedHashMap<>();
        external.put("maven", maven);
        external.put("goal", goal);
        external.put("images", images);
        external.put("platforms", platforms);

        List<Object> dependencies = new ArrayList<>();
        if (gitCommit != null) {
            Map<String, Object> source = new LinkedHashMap<>();
            if (sourceUri != null && !sourceUri.isBlank()) {
                source.put("uri", sourceUri.startsWith("git+") ? sourceUri : "git+" + sourceUri);
            } else {
                source.put("name", "source");
            }
            source.put("digest", digest("gitCommit", gitCommit));
            dependencies.add(source);
        }
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("uri", builderId());
        if (pluginSha256 != null) {
            plugin.put("digest", digest("sha256", pluginSha256));
        }
        dependencies.add(plugin);

        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("buildType", BUILD_TYPE);
        definition.put("externalParameters", external);
        definition.put("resolvedDependencies", dependencies);

        Map<String, Object> builder = new LinkedHashMap<>();
        builder.put("id", builderId());
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (invocationId != null) {
            metadata.put("invocationId", invocationId);
        }
        metadata.put("startedOn", timestamp(startedOn));
        metadata.put("finishedOn", timestamp(finishedOn));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("builder", builder);
        run.put("metadata", metadata);

        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("buildDefinition", definition);
        predicate.put("runDetails", run);
        return predicate;
    }

    private static Map<String, Object> digest(String algorithm, String value) {
        Map<String, Object> digest = new TreeMap<>();
        digest.put(algorithm, value);
        return digest;
    }

    /** RFC 3339 in UTC, whole seconds. */
    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
