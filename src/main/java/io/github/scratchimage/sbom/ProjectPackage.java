package io.github.scratchimage.sbom;

import java.util.Objects;

/**
 * The project an image is built from, as the SBOM's package describes it.
 *
 * @param groupId           the Maven groupId
 * @param artifactId        the Maven artifactId (the package's name)
 * @param version           the project version
 * @param licenseExpression an SPDX license expression (from the POM's {@code <licenses>}), or null
 *                          when they are not all SPDX ids
 * @param supplier          the organization that supplies it (the POM's {@code <organization>}), or null
 */
public record ProjectPackage(String groupId, String artifactId, String version, String licenseExpression,
        String supplier) {

    public ProjectPackage {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
    }

    /** The package URL {@code pkg:maven/GROUP/ARTIFACT@VERSION}, each part percent-encoded as the purl spec asks. */
    public String purl() {
        return "pkg:maven/" + encode(groupId) + "/" + encode(artifactId) + "@" + encode(version);
    }

    private static String encode(String part) {
        StringBuilder encoded = new StringBuilder(part.length());
        for (byte b : part.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }
}
