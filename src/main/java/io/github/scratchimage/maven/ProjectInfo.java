package io.github.scratchimage.maven;

import java.nio.file.Path;

/**
 * What the image takes from the project and its environment rather than from the plugin's
 * parameters.
 *
 * @param basedir         the project directory; relative sources are resolved against it
 * @param version         the project version (annotation org.opencontainers.image.version)
 * @param scmUrl          the project's scm url, or null (annotation org.opencontainers.image.source)
 * @param outputTimestamp Maven's {@code project.build.outputTimestamp}, or null
 * @param sourceDateEpoch the {@code SOURCE_DATE_EPOCH} environment variable, or null
 */
public record ProjectInfo(Path basedir, String version, String scmUrl, String outputTimestamp,
        String sourceDateEpoch) {
}
