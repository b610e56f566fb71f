package io.github.scratchimage.registry;

import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.sign.Dsse;
import io.github.scratchimage.sign.OpensslKeys;
import io.github.scratchimage.sign.SigningKey;
import io.github.scratchimage.sign.SigningMaker;
import io.github.scratchimage.sign.SlsaProvenance;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cosign signatures and attestations pushed to the real registry (distribution 2.8) at the
 * {@code sha256-<hex>.sig} and {@code .att} tags, checked with skopeo, plain HTTP and openssl.
 */
class CosignPushTest {
    private static final Instant FINISHED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;
    private Path publicKey;
    private SigningKey key;

    @BeforeEach
    void key() {
        OpensslKeys.Pair pair = OpensslKeys.pair(dir, null);
        publicKey = pair.publicKey();
        key = pair.key();
    }

    private SigningMaker maker() {
        SlsaProvenance provenance = new SlsaProvenance("com.example", "app", "1.0", "push", List.of("x/app:1.0"),
                List.of(), null, null, "0.1.0", null, null, FINISHED.minusSeconds(3), null);
        return new SigningMaker(key, provenance, () -> FINISHED);
    }

    /** An SBOM as the SBOM maker would make it, for each platform manifest. */
    private static List<Attachment> sboms(BuiltImage image) {
        List<Attachment> sboms = new ArrayList<>();
        for (PlatformImage platform : image.images()) {
            sboms.add(new Attachment(platform.manifest().descriptor(), "application/spdx+json",
                    "application/spdx+json", ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + platform.platform() + "\"}")
                            .getBytes(StandardCharsets.UTF_8), Map.of(), "sbom.spdx.json",
                    Attachment.Placement.REFERRER));
        }
        return sboms;
    }

    @Test
    void signaturesAndAttestationsVerifyAndASecondPushAddsNoDuplicate() throws Exception {
        try (LocalRegistry registry = LocalRegistry.plain(dir.resolve("registry"))) {
            BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 1, 3000);
            ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/team/app:1.0"), List.of());
            CapturingLog log = new CapturingLog();
            try (PushSession session = new RegistryPusher(options(dir).build(), log).open(name)) {
                session.finish(image);
                session.attach(maker().make(image, name, sboms(image)));
            }
            try (PushSession session = new RegistryPusher(options(dir).build(), log).open(name)) {
                session.attach(maker().make(image, name, sboms(image))); // new ECDSA signatures, same content
            }
            assertThat(log.text()).contains("Already signed: team/app:sha256-" + image.digest().hex() + ".sig");

            String hex = image.digest().hex();
            JsonNode sig = JsonTrees.parse(skopeoRaw(registry.hostPort(), "team/app:sha256-" + hex + ".sig", false, null));
            assertThat(sig.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
            assertThat(sig.get("layers")).hasSize(1);
            JsonNode layer = sig.get("layers").get(0);
            assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
            byte[] payload = blob(registry.hostPort(), "team/app", layer.get("digest").asText());
            byte[] signature = Base64.getDecoder().decode(layer.at("/annotations/dev.cosignproject.cosign~1signature").asText());
            assertThat(OpensslKeys.verifies(publicKey, payload, signature)).isTrue();
            assertThat(JsonTrees.parse(payload).at("/critical/image/docker-manifest-digest").asText())
                    .isEqualTo(image.digest().toString());
            JsonNode config = JsonTrees.parse(blob(registry.hostPort(), "team/app", sig.at("/config/digest").asText()));
            assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(layer.get("digest").asText());

            JsonNode att = JsonTrees.parse(skopeoRaw(registry.hostPort(), "team/app:sha256-" + hex + ".att", false, null));
            assertThat(att.get("layers")).hasSize(2);
            List<String> types = new ArrayList<>();
            for (JsonNode attestation : att.get("layers")) {
                assertThat(attestation.get("mediaType").asText()).isEqualTo("application/vnd.dsse.envelope.v1+json");
                types.add(attestation.at("/annotations/predicateType").asText());
                JsonNode statement = verifiedStatement(blob(registry.hostPort(), "team/app", attestation.get("digest").asText()));
                assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(hex);
                assertThat(statement.get("predicateType").asText()).isEqualTo(types.get(types.size() - 1));
            }
            assertThat(types).containsExactly("https://slsa.dev/provenance/v1", "https://spdx.dev/Document");
            assertThat(skopeoRaw(registry.hostPort(), "team/app:1.0", false, null)).isEqualTo(TestImages.bytes(image.root()));
        }
    }

    @Test
    void aMultiPlatformImageIsSignedAtTheIndexAndEachManifest() throws Exception {
        try (LocalRegistry registry = LocalRegistry.plain(dir.resolve("registry"))) {
            BuiltImage image = TestImages.multi(dir, ImageFormat.OCI, 5);
            ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/multi:1.0"), List.of());
            try (PushSession session = new RegistryPusher(options(dir).build(), new CapturingLog()).open(name)) {
                session.finish(image);
                session.attach(maker().make(image, name, sboms(image)));
            }
            List<Digest> signed = new ArrayList<>(List.of(image.digest()));
            image.images().forEach(p -> signed.add(p.manifest().digest()));
            for (Digest digest : signed) {
                JsonNode sig = JsonTrees.parse(skopeoRaw(registry.hostPort(), "multi:sha256-" + digest.hex() + ".sig",
                        false, null));
                byte[] payload = blob(registry.hostPort(), "multi", sig.at("/layers/0/digest").asText());
                assertThat(JsonTrees.parse(payload).at("/critical/image/docker-manifest-digest").asText())
                        .isEqualTo(digest.toString());
            }
            // the index: its provenance and the SBOM of each platform (naming the index and the manifest)
            JsonNode att = JsonTrees.parse(skopeoRaw(registry.hostPort(), "multi:sha256-" + image.digest().hex() + ".att",
                    false, null));
            assertThat(att.get("layers")).hasSize(3);
            JsonNode sbom = verifiedStatement(blob(registry.hostPort(), "multi", att.at("/layers/1/digest").asText()));
            assertThat(sbom.at("/subject/0/digest/sha256").asText()).isEqualTo(image.digest().hex());
            assertThat(sbom.at("/subject/1/digest/sha256").asText()).isEqualTo(image.images().get(0).manifest().digest().hex());
        }
    }

    @Test
    void aRegistryRefusingTheSignatureTagIsNamedAndTheImageStaysTagged() throws Exception {
        try (LocalRegistry registry = LocalRegistry.plain(dir.resolve("registry"));
                FaultProxy proxy = new FaultProxy(registry.port())) {
            proxy.refuse(r -> r.method().equals("PUT") && r.path().endsWith(".sig"), 403);
            BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 2, 1000);
            ImageName name = ImageName.of(ImageReference.parse(proxy.hostPort() + "/app:1.0"), List.of());
            try (PushSession session = new RegistryPusher(options(dir).build(), new CapturingLog()).open(name)) {
                session.finish(image);
                List<Attachment> attachments = maker().make(image, name, List.of());
                assertThatThrownBy(() -> session.attach(attachments))
                        .isInstanceOf(RegistryException.class)
                        .hasMessageStartingWith("Registry " + proxy.hostPort() + ": write app:sha256-"
                                + image.digest().hex() + ".sig failed: HTTP 403")
                        .hasMessageContaining("the image's tags are written; the registry refused the signature tag");
            }
            assertThat(skopeoRaw(registry.hostPort(), "app:1.0", false, null)).isEqualTo(TestImages.bytes(image.root()));
        }
    }

    /** The statement of a DSSE envelope, once openssl verified the signature over its PAE bytes. */
    private JsonNode verifiedStatement(byte[] envelopeBytes) {
        JsonNode envelope = JsonTrees.parse(envelopeBytes);
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] signature = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());
        assertThat(OpensslKeys.verifies(publicKey, Dsse.pae(envelope.get("payloadType").asText(), payload), signature))
                .isTrue();
        return JsonTrees.parse(payload);
    }

    /** A blob of the repository, read over plain HTTP. */
    private static byte[] blob(String hostPort, String repository, String digest)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + hostPort + "/v2/" + repository + "/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET blob " + digest).isEqualTo(200);
        return response.body();
    }
}
