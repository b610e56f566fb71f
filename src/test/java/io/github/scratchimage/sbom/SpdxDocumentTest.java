package io.github.scratchimage.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.engine.Engine;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.FileStamp;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.output.AttachmentFilesSink;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SBOM of a built image: valid SPDX 2.3, every file with the checksums of its bytes, reproducible. */
class SpdxDocumentTest {
    static final Path SCHEMA = Path.of("src/test/resources/spdx/spdx-schema-2.3.json");
    static final ProjectPackage PROJECT = new ProjectPackage("org.example", "demo-app", "1.0+build", "Apache-2.0",
            "Example Org");

    @TempDir
    Path dir;

    private LayerSpec layer(String name, Path source, String target) {
        return new LayerSpec(name, List.of(new FileSpec(source, target, null, null, 0, 0, null, null,
                "layers/layer/files/file")), "layers/layer");
    }

    /** Builds a two-layer image (the second layer writes one file of the first again) and returns its SBOM. */
    private byte[] build(Path out, List<Platform> platforms) throws Exception {
        Path app = dir.resolve("app");
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.writeString(app.resolve("lib/data.bin"), "old bytes");
        Files.writeString(app.resolve("name with space.txt"), "x");
        Path override = dir.resolve("override.bin");
        Files.writeString(override, "new bytes");
        List<PlatformPlan> plans = platforms.stream().map(platform -> new PlatformPlan(platform,
                List.of(layer("app", app, "/opt/app"), layer("patch", override, "/opt/app/lib/data.bin")),
                RuntimeConfig.empty())).toList();
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, Instant.parse("2024-01-31T12:00:00Z"), Map.of(), plans, false,
                io.github.scratchimage.check.PlatformCheckMode.OFF);
        Engine engine = new Engine(dir.resolve("target/scratch"), new LayerOptions(6, 1, dir.resolve("cache"),
                1L << 30, true), new CapturingLog(), () -> System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000);
        ImageName name = ImageName.of(ImageReference.parse("example/app:1"), List.of());
        Digest digest = engine.run(plan, List.of(new AttachmentFilesSink(out, name, new CapturingLog())),
                List.of(new SbomMaker(PROJECT, "scratch-maven-plugin-test")));
        assertThat(digest).isNotNull();
        return platforms.size() == 1 ? Files.readAllBytes(out.resolve("sbom.spdx.json")) : null;
    }

    private static String hex(String algorithm, Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }

    @Test
    void listsEveryFileWithTheChecksumsOfItsBytesOnce() throws Exception {
        JsonNode sbom = JsonTrees.parse(build(dir.resolve("out"), List.of(Platform.linuxAmd64())));

        assertThat(sbom.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(sbom.get("creationInfo").get("created").asText()).isEqualTo("2024-01-31T12:00:00Z");
        assertThat(sbom.get("documentNamespace").asText()).startsWith("https://scratchimage.github.io/spdx/demo-app/sha256-");
        JsonNode pkg = sbom.get("packages").get(0);
        assertThat(pkg.get("name").asText()).isEqualTo("demo-app");
        assertThat(pkg.get("versionInfo").asText()).isEqualTo("1.0+build");
        assertThat(pkg.get("licenseDeclared").asText()).isEqualTo("Apache-2.0");
        assertThat(pkg.get("supplier").asText()).isEqualTo("Organization: Example Org");
        assertThat(pkg.get("externalRefs").get(0).get("referenceLocator").asText())
                .isEqualTo("pkg:maven/org.example/demo-app@1.0%2Bbuild");

        Map<String, Path> expected = new LinkedHashMap<>();
        expected.put("/opt/app/lib/data.bin", dir.resolve("override.bin")); // the later layer's bytes
        expected.put("/opt/app/name with space.txt", dir.resolve("app/name with space.txt"));
        expected.put("/opt/app/run.sh", dir.resolve("app/run.sh"));
        JsonNode files = sbom.get("files");
        assertThat(files).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<String, Path> file : expected.entrySet()) {
            JsonNode node = files.get(i++);
            assertThat(node.get("fileName").asText()).isEqualTo(file.getKey());
            assertThat(node.get("checksums").get(0).get("algorithm").asText()).isEqualTo("SHA1");
            assertThat(node.get("checksums").get(0).get("checksumValue").asText()).isEqualTo(hex("SHA-1", file.getValue()));
            assertThat(node.get("checksums").get(1).get("algorithm").asText()).isEqualTo("SHA256");
            assertThat(node.get("checksums").get(1).get("checksumValue").asText())
                    .isEqualTo(hex("SHA-256", file.getValue()));
        }
        JsonNode relationships = sbom.get("relationships");
        assertThat(relationships).hasSize(1 + expected.size());
        assertThat(relationships.get(0).get("relationshipType").asText()).isEqualTo("DESCRIBES");
        for (int r = 1; r < relationships.size(); r++) {
            assertThat(relationships.get(r).get("relationshipType").asText()).isEqualTo("CONTAINS");
            assertThat(relationships.get(r).get("relatedSpdxElement").asText()).isEqualTo(files.get(r - 1).get("SPDXID").asText());
        }
    }

    @Test
    void isValidAgainstTheSpdx23JsonSchema() throws Exception {
        assumeTrue(ProcessRunner.isInstalled("python3"), "python3 is not installed");
        assumeTrue(ProcessRunner.create().run("python3", "-c", "import jsonschema").succeeded(),
                "python3 has no jsonschema module");
        build(dir.resolve("out"), List.of(Platform.linuxAmd64()));
        Path sbom = dir.resolve("out/sbom.spdx.json");

        ProcessRunner.Result valid = validate(sbom);
        assertThat(valid.succeeded()).as(valid.describe()).isTrue();

        // the validator does reject what the schema forbids: a file without checksums
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, Files.readString(sbom).replaceFirst("\"checksums\":\\[", "\"checksumz\":["));
        assertThat(validate(broken).succeeded()).isFalse();
    }

    private static ProcessRunner.Result validate(Path document) {
        return ProcessRunner.create().run("python3", "-c", "import json, sys, jsonschema\n"
                + "jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))",
                SCHEMA.toAbsolutePath().toString(), document.toString());
    }

    @Test
    void theSameBuildGivesTheSameBytes() throws Exception {
        byte[] first = build(dir.resolve("one"), List.of(Platform.linuxAmd64()));
        byte[] second = build(dir.resolve("two"), List.of(Platform.linuxAmd64()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void oneDocumentPerPlatformForSeveralPlatforms() throws Exception {
        build(dir.resolve("out"), List.of(Platform.linuxAmd64(), Platform.parse("linux/arm/v7", null)));
        assertThat(dir.resolve("out/sbom-linux-amd64.spdx.json")).isRegularFile();
        assertThat(dir.resolve("out/sbom-linux-arm-v7.spdx.json")).isRegularFile();
        assertThat(dir.resolve("out/sbom.spdx.json")).doesNotExist();
    }

    @Test
    void verificationCodeIsTheSha1OfTheSortedSha1s() throws Exception {
        String code = SpdxDocument.verificationCode(List.of(
                new io.github.scratchimage.image.LayerFile("b", "bb", "x"),
                new io.github.scratchimage.image.LayerFile("a", "aa", "y")));
        assertThat(code).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("aabb".getBytes())));
    }
}
