package io.github.scratchimage.registry;

import io.github.scratchimage.image.ImageName;
import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.FaultProxy.Fault;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes through {@link FaultProxy} to count what goes over the wire and to inject faults. The
 * registry sends relative Location headers here.
 */
class ProxiedPushTest {
    @TempDir
    Path dir;
    LocalRegistry registry;
    FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        registry = LocalRegistry.builder(dir.resolve("registry")).relativeUrls().build();
        proxy = new FaultProxy(registry.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    private ImageReference at(String repositoryAndTag) {
        return ImageReference.parse(proxy.hostPort() + "/" + repositoryAndTag);
    }

    @Test
    void secondPushOfUnchangedImageOnlyAsksForTheTag() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 11, 4000, 9000);
        RegistryPusher pusher = new RegistryPusher(options(dir).build(), new CapturingLog());
        pusher.push(image, ImageName.of(at("again:v1"), List.of()));
        assertThat(proxy.count("POST", "/v2/again/blobs/uploads/")).isEqualTo(3);
        proxy.resetRequests();

        CapturingLog log = new CapturingLog();
        PushResult second = new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(at("again:v1"), List.of()));

        assertThat(second.digest()).isEqualTo(image.digest());
        assertThat(proxy.count("HEAD", "/v2/again/manifests/v1")).isEqualTo(1);
        assertThat(proxy.count("HEAD", ".*/blobs/.*")).isZero();
        assertThat(proxy.count("POST", ".*")).isZero();
        assertThat(proxy.count("PUT", ".*")).isZero();
        assertThat(proxy.count("PATCH", ".*")).isZero();
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("[INFO] Unchanged: ").contains(image.digest().toString()));
    }

    @Test
    void openingASessionAsksForTheTagAtOnceSoTheBuildOverlapsTheRoundTrip() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 12, 4000);
        RegistryPusher pusher = new RegistryPusher(options(dir).build(), new CapturingLog());
        pusher.push(image, ImageName.of(at("early:v1"), List.of()));
        // every request names the plugin, blob uploads and manifest requests alike
        assertThat(proxy.requests()).anySatisfy(r -> assertThat(r.method()).isEqualTo("PUT"))
                .allSatisfy(r -> assertThat(r.userAgent()).isEqualTo("scratch-maven-plugin"));
        proxy.resetRequests();

        try (PushSession session = pusher.open(ImageName.of(at("early:v1"), List.of()))) {
            // asked while the caller is still building the image
            assertThat(proxy.count("HEAD", "/v2/early/manifests/v1")).isEqualTo(1);
            session.finish(image);
        }
        assertThat(proxy.count("HEAD", "/v2/early/manifests/v1")).isEqualTo(1);
        assertThat(proxy.count("PUT", ".*")).isZero();
        assertThat(proxy.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.userAgent()).isEqualTo("scratch-maven-plugin"));
    }

    @Test
    void firstPushIntoANewRepositoryAsksOnceInsteadOfPerBlob() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 14, 4000, 9000);
        CapturingLog log = new CapturingLog();
        new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(at("fresh:v1"), List.of()));

        assertThat(proxy.count("GET", "/v2/fresh/tags/list.*")).isEqualTo(1);
        assertThat(proxy.count("HEAD", ".*/blobs/.*")).isZero();
        assertThat(proxy.count("PUT", "/v2/fresh/blobs/uploads/.*")).isEqualTo(3);
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("[INFO] Blobs: 3 uploaded (")
                .contains("MB), 0 already in the registry, 0 mounted, in "));
        assertThat(skopeoRaw(registry.hostPort(), "fresh:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));

        proxy.resetRequests();
        BuiltImage other = TestImages.single(dir.resolve("img2"), ImageFormat.OCI, 15, 4000, 9000);
        new RegistryPusher(options(dir).build(), new CapturingLog()).push(other, ImageName.of(at("fresh:v2"), List.of()));
        assertThat(proxy.count("GET", "/v2/fresh/tags/list.*")).isEqualTo(1);
        assertThat(proxy.count("HEAD", "/v2/fresh/blobs/sha256:.*")).isEqualTo(3);
    }

    @Test
    void aTagThatHoldsAnImageNeedsNoQuestionWhetherItsRepositoryExists() throws Exception {
        BuiltImage first = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 16, 4000, 9000);
        new RegistryPusher(options(dir).build(), new CapturingLog()).push(first, ImageName.of(at("held:v1"), List.of()));
        proxy.resetRequests();

        BuiltImage changed = TestImages.single(dir.resolve("img2"), ImageFormat.OCI, 17, 4000, 9000);
        new RegistryPusher(options(dir).build(), new CapturingLog()).push(changed, ImageName.of(at("held:v1"), List.of()));

        assertThat(proxy.count("GET", "/v2/held/tags/list.*")).isZero();
        assertThat(proxy.count("HEAD", "/v2/held/blobs/sha256:.*")).isEqualTo(3);
        assertThat(skopeoRaw(registry.hostPort(), "held:v1", false, null)).isEqualTo(TestImages.bytes(changed.root()));
    }

    /**
     * On a remote registry every check waits a round trip; the proxy holds each request for 150 ms so
     * that requests overlap here as they would there, and counts how many it holds at once.
     */
    @Test
    void moreBlobsAreCheckedAtOnceThanUploadedWhichKeepToParallelUploads() throws Exception {
        int[] sizes = new int[24];
        Arrays.fill(sizes, 3000);
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 18, sizes);
        HeldAtOnce uploads = new HeldAtOnce();
        proxy.onRequest(r -> uploads.hold(r.method().equals("PUT") && r.path().contains("/blobs/uploads/")));
        new RegistryPusher(options(dir).parallelUploads(3).build(), new CapturingLog())
                .push(image, ImageName.of(at("wide:v1"), List.of()));
        assertThat(proxy.count("PUT", "/v2/wide/blobs/uploads/.*")).isEqualTo(25);
        assertThat(uploads.most()).isEqualTo(3);

        HeldAtOnce checks = new HeldAtOnce();
        proxy.onRequest(r -> checks.hold(r.method().equals("HEAD") && r.path().contains("/blobs/")));
        proxy.resetRequests();
        CapturingLog log = new CapturingLog();
        new RegistryPusher(options(dir).parallelUploads(3).build(), log)
                .push(image, ImageName.of(at("wide:v2"), List.of()));

        assertThat(proxy.count("HEAD", "/v2/wide/blobs/sha256:.*")).isEqualTo(25);
        assertThat(proxy.count("PUT", ".*/blobs/uploads/.*")).isZero();
        assertThat(checks.most()).isGreaterThan(3).isLessThanOrEqualTo(12);
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("[INFO] Blobs: 0 uploaded (")
                .contains("25 already in the registry"));
        assertThat(skopeoRaw(registry.hostPort(), "wide:v2", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }

    /** Holds the requests it is given for 150 ms each, and counts the most it held at once. */
    private static final class HeldAtOnce {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        void hold(boolean counted) {
            if (!counted) {
                return;
            }
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
            }
        }

        int most() {
            return most.get();
        }
    }

    @Test
    void pushToANewTagUploadsNoBlobTheRegistryHas() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 12, 4000, 9000);
        new RegistryPusher(options(dir).build(), new CapturingLog()).push(image, ImageName.of(at("again:v1"), List.of()));
        proxy.resetRequests();

        CapturingLog log = new CapturingLog();
        new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(at("again:v2"), List.of()));

        assertThat(proxy.count("POST", ".*/blobs/uploads/")).isZero();
        assertThat(proxy.count("PUT", ".*/blobs/uploads/.*")).isZero();
        assertThat(proxy.count("PATCH", ".*")).isZero();
        assertThat(proxy.count("HEAD", "/v2/again/blobs/sha256:.*")).isEqualTo(3);
        assertThat(proxy.count("PUT", "/v2/again/manifests/v2")).isEqualTo(1);
        assertThat(log.lines().stream().filter(l -> l.endsWith(": exists"))).hasSize(3);
    }

    @Test
    void unchangedImageStillGetsANewExtraTag() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 13, 4000);
        new RegistryPusher(options(dir).build(), new CapturingLog()).push(image, ImageName.of(at("again:v1"), List.of()));
        proxy.resetRequests();

        new RegistryPusher(options(dir).build(), new CapturingLog()).push(image, ImageName.of(at("again:v1"), List.of("stable")));

        assertThat(proxy.count("PUT", "/v2/again/manifests/v1")).isZero();
        assertThat(proxy.count("PUT", "/v2/again/manifests/stable")).isEqualTo(1);
        assertThat(proxy.count("POST", ".*")).isZero();
        assertThat(skopeoRaw(registry.hostPort(), "again:stable", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }

    @Test
    void chunkedUploadWithChunkSize() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 21, 300_000);
        long layerSize = image.images().get(0).layers().get(0).size();
        CapturingLog log = new CapturingLog();

        new RegistryPusher(options(dir).chunkSize(64L * 1024).build(), log).push(image, ImageName.of(at("chunked:v1"), List.of()));

        long expectedPatches = (layerSize + 65535) / 65536 + 1; // layer chunks + the small config
        assertThat(proxy.count("PATCH", "/v2/chunked/blobs/uploads/.*")).isEqualTo(expectedPatches);
        assertThat(proxy.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/"))
                .hasSize(2).allMatch(r -> r.query().contains("_state=") && r.query().contains("digest=sha256"));
        assertThat(skopeoRaw(registry.hostPort(), "chunked:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }

    @Test
    void fallsBackToChunksWhenTheRegistryRefusesOneLargePut() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 25, 100_000);
        proxy.refuse(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/") && r.contentLength() > 0, 413);
        CapturingLog log = new CapturingLog();

        PushResult result = new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(at("refusing:v1"), List.of()));

        assertThat(result.digest()).isEqualTo(image.digest());
        assertThat(proxy.count("PATCH", "/v2/refusing/blobs/uploads/.*")).isEqualTo(2);
        assertThat(log.text()).contains("refused a single-request upload (HTTP 413)");
        assertThat(skopeoRaw(registry.hostPort(), "refusing:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }

    @Test
    void errorBodyOfAFinalFailureIsReported() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 26, 1000);
        proxy.refuse(r -> r.method().equals("PUT") && r.path().contains("/manifests/"), 403);

        assertThatThrownBy(() -> new RegistryPusher(options(dir).build(), new CapturingLog())
                .push(image, ImageName.of(at("forbidden:v1"), List.of())))
                .isInstanceOf(RegistryException.class)
                .hasMessage("Registry " + proxy.hostPort() + ": put manifest forbidden:v1 failed: HTTP 403: "
                        + "DENIED: injected by FaultProxy");
    }

    @Test
    void mountsBlobsPushedToAnotherRepositoryOfTheSameRegistry() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 31, 5000, 6000);
        MountSources oneRun = new MountSources();
        new RegistryPusher(options(dir).build(), new CapturingLog(), oneRun)
                .push(image, ImageName.of(at("source/app:v1"), List.of()));
        proxy.resetRequests();

        CapturingLog log = new CapturingLog();
        new RegistryPusher(options(dir).build(), log, oneRun).push(image, ImageName.of(at("target/app:v1"), List.of()));

        assertThat(proxy.requests()).filteredOn(r -> r.method().equals("POST"))
                .hasSize(3).allMatch(r -> r.query().contains("mount=sha256") && r.query().contains("from=source%2Fapp"));
        assertThat(proxy.count("PUT", ".*/blobs/uploads/.*")).isZero();
        assertThat(log.lines().stream().filter(l -> l.endsWith(": mounted from source/app"))).hasSize(3);
        assertThat(skopeoRaw(registry.hostPort(), "target/app:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }

    @Test
    void faultsOnAShareOfRequestsStillGiveTheSameImage() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 41, 200_000, 3000, 50_000);
        proxy.injectFaults(0.3, 42L, Fault.UNAVAILABLE, Fault.UNAVAILABLE_RETRY_AFTER, Fault.DROP_BEFORE_FORWARD,
                Fault.DROP_AFTER_FORWARD);
        CapturingLog log = new CapturingLog();

        PushResult result = new RegistryPusher(options(dir).retries(8).build(), log)
                .push(image, ImageName.of(at("faulty:v1"), List.of("v2")));

        assertThat(proxy.faultCount()).isGreaterThanOrEqualTo(3);
        assertThat(result.digest()).isEqualTo(image.digest());
        byte[] manifest = skopeoRaw(registry.hostPort(), "faulty:v1", false, null);
        assertThat(manifest).isEqualTo(TestImages.bytes(image.root()));
        assertThat(RegistryTestSupport.digestOf(skopeoRaw(registry.hostPort(), "faulty:v2", false, null)))
                .isEqualTo(image.digest());
        assertThat(log.text()).contains("retrying in");
    }

    @Test
    void chunkedUploadSurvivesFaults() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 51, 200_000);
        proxy.injectFaults(0.25, 7L, Fault.UNAVAILABLE, Fault.DROP_BEFORE_FORWARD, Fault.DROP_AFTER_FORWARD);

        PushResult result = new RegistryPusher(options(dir).retries(10).chunkSize(50_000L).build(), new CapturingLog())
                .push(image, ImageName.of(at("faultychunks:v1"), List.of()));

        assertThat(proxy.faultCount()).isPositive();
        assertThat(skopeoRaw(registry.hostPort(), "faultychunks:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
        assertThat(result.digest()).isEqualTo(image.digest());
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 61, 1000);
        proxy.injectFaults(1.0, 1L, Fault.UNAVAILABLE_RETRY_AFTER);
        proxy.onRequest(r -> {
            if (proxy.faultCount() >= 2) {
                proxy.clearFaults();
            }
        });
        long start = System.nanoTime();

        new RegistryPusher(options(dir).build(), new CapturingLog()).push(image, ImageName.of(at("later:v1"), List.of()));

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(proxy.faultCount()).isEqualTo(2);
        assertThat(seconds).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void registryStoppedMidPushFailsClearlyAndLeavesNoTag() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 71, 100_000, 2000);
        proxy.onRequest(r -> {
            if (r.method().equals("PUT") && r.path().contains("/blobs/uploads/")) {
                registry.stop();
            }
        });
        CapturingLog log = new CapturingLog();
        RegistryPusher pusher = new RegistryPusher(options(dir).retries(2).build(), log);
        ImageReference reference = at("stopped:v1");

        assertThatThrownBy(() -> pusher.push(image, ImageName.of(reference, List.of())))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("Registry " + proxy.hostPort())
                .hasMessageContaining("upload blob sha256:")
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(proxy.count("PUT", ".*/manifests/.*")).isZero();

        proxy.onRequest(r -> { });
        registry.start();
        assertThat(RegistryTestSupport.tagExists(registry.hostPort(), "stopped:v1", null)).isFalse();
    }

    @Test
    void httpProxyIsUsedUnlessTheHostIsInNonProxyHosts() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 81, 1000);
        ImageReference direct = ImageReference.parse(registry.hostPort() + "/viaproxy:v1");

        new RegistryPusher(options(dir).proxy(new ProxyConfig("127.0.0.1", proxy.port(), null, null, null)).build(),
                new CapturingLog()).push(image, ImageName.of(direct, List.of()));
        assertThat(proxy.count("PUT", "/v2/viaproxy/manifests/v1")).isEqualTo(1);
        // through a proxy the full Apache client sends the requests; it names the plugin too
        assertThat(proxy.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.userAgent()).isEqualTo("scratch-maven-plugin"));
        proxy.resetRequests();

        new RegistryPusher(options(dir).proxy(new ProxyConfig("127.0.0.1", proxy.port(), null, null,
                "example.org|127.0.0.*")).build(), new CapturingLog()).push(image, ImageName.of(direct.withTag("v2"), List.of()));
        assertThat(proxy.requests()).isEmpty();
        assertThat(skopeoRaw(registry.hostPort(), "viaproxy:v2", false, null)).isEqualTo(TestImages.bytes(image.root()));
    }
}
