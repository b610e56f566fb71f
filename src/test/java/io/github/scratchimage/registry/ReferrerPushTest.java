package io.github.scratchimage.registry;

import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.scratchimage.attach.ArtifactManifest;
import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments pushed as OCI 1.1 referrers: against the real registry (distribution 2.8, no referrers
 * API) through the referrers tag schema, and against a small loopback fake for the referrers API path
 * (a manifest PUT answered with {@code OCI-Subject}), which no registry installed here has.
 */
class ReferrerPushTest {
    @TempDir
    Path dir;

    private static Attachment attachment(BuiltImage image, String text) {
        Descriptor subject = image.root().descriptor();
        return new Attachment(subject, "application/example+json", "application/example+json",
                text.getBytes(StandardCharsets.UTF_8), Map.of("example", "yes"), "example.json",
                Attachment.Placement.REFERRER);
    }

    @Test
    void referrersTagListsEachAttachmentOnceOnARegistryWithoutReferrersApi() throws Exception {
        try (LocalRegistry registry = LocalRegistry.plain(dir.resolve("registry"))) {
            BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 1, 3000);
            ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/team/app:1.0"), List.of());
            Attachment first = attachment(image, "{\"a\":1}");
            Attachment second = attachment(image, "{\"b\":2}");
            CapturingLog log = new CapturingLog();
            try (PushSession session = new RegistryPusher(options(dir).build(), log).open(name)) {
                session.finish(image);
                session.attach(List.of(first));
            }
            try (PushSession session = new RegistryPusher(options(dir).build(), log).open(name)) {
                session.attach(List.of(first, second)); // the first again: not listed twice
            }

            String tag = "sha256-" + image.digest().hex();
            JsonNode index = JsonTrees.parse(skopeoRaw(registry.hostPort(), "team/app:" + tag, false, null));
            assertThat(index.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(index.get("manifests")).hasSize(2);
            List<String> listed = new ArrayList<>();
            for (JsonNode descriptor : index.get("manifests")) {
                listed.add(descriptor.get("digest").asText());
                assertThat(descriptor.get("artifactType").asText()).isEqualTo("application/example+json");
                assertThat(descriptor.get("annotations").get("example").asText()).isEqualTo("yes");
            }
            assertThat(listed).containsExactly(ArtifactManifest.of(first).digest().toString(),
                    ArtifactManifest.of(second).digest().toString());

            JsonNode manifest = JsonTrees.parse(skopeoRaw(registry.hostPort(), "team/app@" + listed.get(0), false, null));
            assertThat(manifest.get("artifactType").asText()).isEqualTo("application/example+json");
            assertThat(manifest.get("config").get("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
            assertThat(manifest.get("config").get("digest").asText())
                    .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
            assertThat(manifest.get("config").get("size").asLong()).isEqualTo(2);
            assertThat(manifest.get("subject").get("digest").asText()).isEqualTo(image.digest().toString());
            assertThat(manifest.get("subject").get("size").asLong()).isEqualTo(image.root().size());
            assertThat(manifest.get("layers").get(0).get("digest").asText())
                    .isEqualTo(Digest.sha256("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).toString());
            // the image's tag still holds the image
            assertThat(skopeoRaw(registry.hostPort(), "team/app:1.0", false, null)).isEqualTo(TestImages.bytes(image.root()));
        }
    }

    /**
     * The loopback fake: accepts blobs and manifests, and answers a manifest PUT with
     * {@code OCI-Subject} as a registry with the referrers API does. Then no referrers tag is written.
     */
    @Test
    void registryWithReferrersApiGetsNoReferrersTag() throws Exception {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                requests.add(method + " " + path);
                exchange.getRequestBody().readAllBytes();
                if (path.equals("/v2/")) {
                    send(exchange, 200, Map.of());
                } else if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
                    send(exchange, 202, Map.of("Location", path + "session"));
                } else if (method.equals("PUT") && path.contains("/manifests/sha256:")) {
                    send(exchange, 201, Map.of("OCI-Subject", "sha256:feed"));
                } else if (method.equals("PUT")) {
                    send(exchange, 201, Map.of());
                } else {
                    send(exchange, 404, Map.of());
                }
            }
        });
        server.start();
        try {
            BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 2, 3000);
            String hostPort = "127.0.0.1:" + server.getAddress().getPort();
            ImageName name = ImageName.of(ImageReference.parse(hostPort + "/app:1"), List.of());
            Attachment attachment = attachment(image, "{}x");
            try (PushSession session = new RegistryPusher(options(dir).build(), new CapturingLog()).open(name)) {
                session.finish(image);
                requests.clear();
                session.attach(List.of(attachment));
            }
            assertThat(requests).contains("PUT /v2/app/manifests/" + ArtifactManifest.of(attachment).digest());
            assertThat(requests).noneMatch(r -> r.contains("/manifests/sha256-"));
        } finally {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, -1);
    }
}
