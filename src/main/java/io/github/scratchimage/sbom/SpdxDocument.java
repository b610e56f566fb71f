package io.github.scratchimage.sbom;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.LayerFile;
import io.github.scratchimage.image.PlatformImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SPDX 2.3 JSON document of one platform image: one package for the Maven project (name,
 * version, purl, declared licenses, supplier, package verification code) that {@code CONTAINS} every
 * regular file of the image, each with its path in the image and its SHA-1 and SHA-256. A file a
 * later layer writes again is listed once, with the later bytes. The bytes depend only on the
 * image, the project and the tool: {@code created} is the image's creation time and the
 * namespace is derived from the platform manifest's digest, so the document is as reproducible as
 * the image.
 */
public final class SpdxDocument {
    /** The media type (and artifact type) of an SPDX JSON document. */
    public static final String MEDIA_TYPE = "application/spdx+json";
    private static final String NOASSERTION = "NOASSERTION";
    private static final String PACKAGE_ID = "SPDXRef-Package";

    private SpdxDocument() {
    }

    /**
     * @param tool       the creating tool with its version, e.g. {@code scratch-maven-plugin-1.0}
     * @param layerFiles the regular files of each layer, by diff_id; every layer of {@code image} must be there
     */
    public static byte[] of(ProjectPackage project, String tool, PlatformImage image, Instant created,
            Map<Digest, List<LayerFile>> layerFiles) {
        Map<String, LayerFile> files = new TreeMap<>();
        for (Digest diffId : image.diffIds()) {
            List<LayerFile> inLayer = layerFiles.get(diffId);
            if (inLayer == null) {
                throw new IllegalStateException("no file list for the layer " + diffId + " of " + image.platform());
            }
            inLayer.forEach(file -> files.put(file.path(), file));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("spdxVersion", "SPDX-2.3");
        document.put("dataLicense", "CC0-1.0");
        document.put("SPDXID", "SPDXRef-DOCUMENT");
        document.put("name", project.groupId() + ":" + project.artifactId() + ":" + project.version() + " "
                + image.platform());
        document.put("documentNamespace", "https://scratchimage.github.io/spdx/" + project.artifactId() + "/"
                + image.manifest().digest().algorithm() + "-" + image.manifest().digest().hex());
        Map<String, Object> creationInfo = new LinkedHashMap<>();
        creationInfo.put("created", timestamp(created));
        creationInfo.put("creators", List.of("Tool: " + tool));
        document.put("creationInfo", creationInfo);
        document.put("packages", List.of(projectPackage(project, files.values())));
        List<Object> fileNodes = new ArrayList<>(files.size());
        List<Object> relationships = new ArrayList<>(files.size() + 1);
        relationships.add(relationship("SPDXRef-DOCUMENT", "DESCRIBES", PACKAGE_ID));
        int number = 0;
        for (LayerFile file : files.values()) {
            String id = "SPDXRef-File-" + ++number;
            fileNodes.add(file(id, file));
            relationships.add(relationship(PACKAGE_ID, "CONTAINS", id));
        }
        document.put("files", fileNodes);
        document.put("relationships", relationships);
        return Json.bytes(document);
    }

    /** ISO 8601 in UTC to the second, as SPDX asks: {@code 2024-01-31T12:00:00Z}. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Map<String, Object> projectPackage(ProjectPackage project, Iterable<LayerFile> files) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("SPDXID", PACKAGE_ID);
        node.put("name", project.artifactId());
        node.put("versionInfo", project.version());
        node.put("supplier", project.supplier() == null ? NOASSERTION : "Organization: " + project.supplier());
        node.put("downloadLocation", NOASSERTION);
        node.put("filesAnalyzed", true);
        node.put("packageVerificationCode", new TreeMap<>(Map.of("packageVerificationCodeValue",
                verificationCode(files))));
        node.put("licenseConcluded", NOASSERTION);
        node.put("licenseDeclared", project.licenseExpression() == null ? NOASSERTION : project.licenseExpression());
        node.put("copyrightText", NOASSERTION);
        Map<String, Object> purl = new LinkedHashMap<>();
        purl.put("referenceCategory", "PACKAGE-MANAGER");
        purl.put("referenceType", "purl");
        purl.put("referenceLocator", project.purl());
        node.put("externalRefs", List.of(purl));
        node.put("primaryPackagePurpose", "CONTAINER");
        return node;
    }

    /**
     * SPDX's package verification code: the SHA-1 of the files' SHA-1s (lower-case hex), sorted and
     * concatenated.
     */
    static String verificationCode(Iterable<LayerFile> files) {
        List<String> sha1s = new ArrayList<>();
        files.forEach(file -> sha1s.add(file.sha1()));
        sha1s.sort(null);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(String.join("", sha1s).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }

    private static Map<String, Object> file(String id, LayerFile file) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("SPDXID", id);
        node.put("fileName", "/" + file.path());
        node.put("checksums", List.of(checksum("SHA1", file.sha1()), checksum("SHA256", file.sha256())));
        node.put("licenseConcluded", NOASSERTION);
        node.put("copyrightText", NOASSERTION);
        return node;
    }

    private static Map<String, Object> checksum(String algorithm, String value) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("algorithm", algorithm);
        node.put("checksumValue", value);
        return node;
    }

    private static Map<String, Object> relationship(String from, String type, String to) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("spdxElementId", from);
        node.put("relationshipType", type);
        node.put("relatedSpdxElement", to);
        return node;
    }
}
