package io.github.scratchimage.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.testing.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSignerTest {
    private static final String REPOSITORY = "127.0.0.1:5000/team/app";
    private static final Digest INDEX = Digest.sha256("index");
    private static final Digest MANIFEST = Digest.sha256("manifest");

    @TempDir
    Path dir;
    private Path publicKey;
    private ImageSigner signer;

    @BeforeEach
    void key() {
        OpensslKeys.Pair pair = OpensslKeys.pair(dir, "pw");
        publicKey = pair.publicKey();
        signer = new ImageSigner(pair.key());
    }

    @Test
    void theSignatureIsOverTheExactSimpleSigningPayload() {
        CosignSignature signature = signer.signature(REPOSITORY, INDEX);
        byte[] payload = signature.payloadBytes();
        assertThat(OpensslKeys.verifies(publicKey, payload, Base64.getDecoder().decode(signature.signature()))).isTrue();
        JsonNode json = JsonTrees.parse(payload);
        assertThat(json.at("/critical/identity/docker-reference").asText()).isEqualTo(REPOSITORY);
        assertThat(json.at("/critical/image/docker-manifest-digest").asText()).isEqualTo(INDEX.toString());
        assertThat(json.at("/critical/type").asText()).isEqualTo("cosign container image signature");
        assertThat(json.get("optional").isNull()).isTrue();
    }

    @Test
    void paeIsTheDsseEncoding() {
        assertThat(new String(Dsse.pae("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 28 application/vnd.in-toto+json 2 {}");
    }

    @Test
    void theProvenanceIsASignedSlsaV1Statement() {
        SlsaProvenance provenance = new SlsaProvenance("com.example", "app", "1.0", "push",
                List.of(REPOSITORY + ":1.0", REPOSITORY + ":latest"), List.of("linux/amd64", "linux/arm64"),
                "https://github.com/example/app", "0123456789abcdef0123456789abcdef01234567", "0.1.0",
                "ab".repeat(32), CiInvocation.of(Map.of("GITHUB_RUN_ID", "42", "GITHUB_SERVER_URL",
                        "https://github.com", "GITHUB_REPOSITORY", "example/app", "GITHUB_RUN_ATTEMPT", "2")),
                Instant.parse("2026-01-02T03:04:05.678Z"), Instant.parse("2026-01-02T03:04:09Z"));
        Attestation attestation = signer.provenance(REPOSITORY, List.of(INDEX, MANIFEST), provenance);
        assertThat(attestation.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");

        JsonNode statement = verifiedStatement(attestation);
        assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(statement.at("/subject/0/name").asText()).isEqualTo(REPOSITORY);
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(INDEX.hex());
        assertThat(statement.at("/subject/1/digest/sha256").asText()).isEqualTo(MANIFEST.hex());
        JsonNode predicate = statement.get("predicate");
        assertThat(predicate.at("/buildDefinition/buildType").asText()).startsWith("https://");
        assertThat(predicate.at("/buildDefinition/externalParameters/maven/artifactId").asText()).isEqualTo("app");
        assertThat(predicate.at("/buildDefinition/externalParameters/goal").asText()).isEqualTo("push");
        assertThat(predicate.at("/buildDefinition/externalParameters/images/1").asText()).endsWith(":latest");
        assertThat(predicate.at("/buildDefinition/externalParameters/platforms/1").asText()).isEqualTo("linux/arm64");
        assertThat(predicate.at("/buildDefinition/resolvedDependencies/0/uri").asText())
                .isEqualTo("git+https://github.com/example/app");
        assertThat(predicate.at("/buildDefinition/resolvedDependencies/0/digest/gitCommit").asText())
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(predicate.at("/buildDefinition/resolvedDependencies/1/digest/sha256").asText())
                .isEqualTo("ab".repeat(32));
        assertThat(predicate.at("/runDetails/builder/id").asText())
                .isEqualTo("pkg:maven/io.github.scratchimage/scratch-maven-plugin@0.1.0");
        assertThat(predicate.at("/runDetails/metadata/invocationId").asText())
                .isEqualTo("https://github.com/example/app/actions/runs/42/attempts/2");
        assertThat(predicate.at("/runDetails/metadata/startedOn").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(predicate.at("/runDetails/metadata/finishedOn").asText()).isEqualTo("2026-01-02T03:04:09Z");
    }

    @Test
    void theSbomStatementEmbedsTheDocumentAsItIs() {
        byte[] spdx = "{\n  \"spdxVersion\" : \"SPDX-2.3\",\n  \"name\" : \"caf\u00e9\"\n}".getBytes(StandardCharsets.UTF_8);
        Attestation attestation = signer.sbom(REPOSITORY, List.of(MANIFEST), spdx);
        assertThat(attestation.predicateType()).isEqualTo("https://spdx.dev/Document");
        JsonNode statement = verifiedStatement(attestation);
        assertThat(statement.get("predicateType").asText()).isEqualTo("https://spdx.dev/Document");
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(MANIFEST.hex());
        assertThat(statement.at("/predicate/spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(statement.at("/predicate/name").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void noCiVariablesMeansNoInvocationId() {
        assertThat(CiInvocation.of(Map.of())).isNull();
        assertThat(CiInvocation.of(Map.of("CI_JOB_URL", "https://gitlab.example/job/7"))).isEqualTo(
                "https://gitlab.example/job/7");
    }

    /** The statement in the envelope, after openssl verified the signature over its PAE bytes. */
    private JsonNode verifiedStatement(Attestation attestation) {
        JsonNode envelope = JsonTrees.parse(attestation.envelopeBytes());
        assertThat(envelope.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] signature = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());
        assertThat(OpensslKeys.verifies(publicKey, Dsse.pae("application/vnd.in-toto+json", payload), signature))
                .isTrue();
        assertThat(OpensslKeys.verifies(publicKey, payload, signature)).isFalse();
        return JsonTrees.parse(payload);
    }
}
