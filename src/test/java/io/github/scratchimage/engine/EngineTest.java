package io.github.scratchimage.engine;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.FileStamp;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's contract with its sinks: the order of calls, the unchanged skip, the record, the cache heal. */
class EngineTest {
    @TempDir
    Path dir;

    private final CapturingLog log = new CapturingLog();
    private ImagePlan plan;

    @BeforeEach
    void plan() throws IOException {
        Files.writeString(dir.resolve("app.txt"), "app\n");
        Files.writeString(dir.resolve("data.txt"), "data\n");
        plan = new ImagePlan(ImageFormat.OCI, Instant.parse("2024-01-31T12:00:00Z"), Map.of(), List.of(
                new PlatformPlan(Platform.linuxAmd64(), List.of(layer("app"), layer("data")), RuntimeConfig.empty())),
                false);
    }

    private LayerSpec layer(String name) {
        return new LayerSpec(name, List.of(new FileSpec(dir.resolve(name + ".txt"), "/" + name + ".txt", null, null,
                0, 0, null, null, "layers/layer/files/file")), "layers/layer");
    }

    /** An engine whose clock runs ahead, so the files just written count as settled. */
    private Engine engine(Path cache) {
        return new Engine(dir.resolve("target/scratch"), new LayerOptions(6, 1, cache), log,
                () -> System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000);
    }

    /** Records every call; confirms delivery when asked to, and then still holds what it was given. */
    private static class RecordingSink implements ImageSink {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final boolean confirms;
        final String name;
        Digest held;

        RecordingSink(String name, boolean confirms) {
            this.name = name;
            this.confirms = confirms;
        }

        @Override
        public String target() {
            return "recording " + name;
        }

        @Override
        public void open() {
            calls.add("open");
        }

        @Override
        public void layerReady(Blob layer, boolean fromCache) {
            calls.add("layer" + (fromCache ? " (cache)" : ""));
        }

        @Override
        public boolean confirmsDelivery() {
            return confirms;
        }

        @Override
        public boolean stillHolds(Digest digest) {
            calls.add("stillHolds");
            return digest.equals(held);
        }

        @Override
        public void deliver(BuiltImage image) throws IOException {
            calls.add("deliver");
            held = image.digest();
        }

        @Override
        public void publish() {
            calls.add("publish");
        }

        @Override
        public void unchanged(Digest digest) {
            calls.add("unchanged");
        }

        @Override
        public void attach(Attachments attachments) throws IOException {
            calls.add("attach " + attachments.of(NAME).size());
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static final ImageName NAME = ImageName.of(ImageReference.parse("example/app:1"), List.of());

    /** Makes one attachment about the image's root, counting its calls. */
    private static final class CountingMaker implements AttachmentMaker {
        int calls;

        @Override
        public String describe() {
            return "counting";
        }

        @Override
        public List<Attachment> make(BuiltImage image, ImageName name) {
            calls++;
            return List.of(new Attachment(image.root().descriptor(), "text/plain", "text/plain", new byte[] {1},
                    Map.of(), "a.txt", Attachment.Placement.REFERRER));
        }
    }

    /** After every sink published, each gets the attachments, made once for the name they share. */
    @Test
    void attachmentsFollowEveryPublishAndAreMadeOncePerName() throws IOException {
        RecordingSink first = new RecordingSink("first", false);
        RecordingSink second = new RecordingSink("second", false);
        CountingMaker maker = new CountingMaker();

        engine(null).run(plan, List.of(first, second), List.of(maker));

        for (RecordingSink sink : List.of(first, second)) {
            assertThat(sink.calls).containsExactly("open", "layer", "layer", "deliver", "publish", "attach 1", "close");
        }
        assertThat(maker.calls).isEqualTo(1);
    }

    /** A new maker changes the delivery record's targets: the image is delivered (and attached) again. */
    @Test
    void aChangeOfMakersIsNotSkippedAsUnchanged() throws IOException {
        RecordingSink sink = new RecordingSink("registry", true);
        engine(null).run(plan, List.of(sink));
        sink.calls.clear();

        engine(null).run(plan, List.of(sink), List.of(new CountingMaker()));
        assertThat(sink.calls).contains("deliver", "attach 1").doesNotContain("unchanged");
        sink.calls.clear();

        engine(null).run(plan, List.of(sink), List.of(new CountingMaker()));
        assertThat(sink.calls).containsExactly("open", "stillHolds", "unchanged", "close");
    }

    /** A sink that reads layers, holds none, and counts how often it is asked for them. */
    private static class AskedSink extends RecordingSink {
        final AtomicInteger asked = new AtomicInteger();

        AskedSink() {
            super("registry", false);
        }

        @Override
        public List<KnownLayer> knownLayers() {
            asked.incrementAndGet();
            return List.of();
        }
    }

    /**
     * The sinks are asked for the layers they hold only when a layer is not in the local cache: a
     * registry sink answers over the network, and a build of cached layers does not wait for it.
     */
    @Test
    void theSinksAreAskedForTheirLayersOnlyWhenALayerIsNotInTheCache() throws IOException {
        Path cache = dir.resolve("cache");
        AskedSink cold = new AskedSink();
        engine(cache).run(plan, List.of(cold));
        assertThat(cold.asked).hasValue(1);

        AskedSink cached = new AskedSink();
        engine(cache).run(plan, List.of(cached));
        assertThat(cached.calls).contains("deliver");
        assertThat(cached.asked).hasValue(0);

        Files.writeString(dir.resolve("data.txt"), "other data\n");
        AskedSink oneChanged = new AskedSink();
        engine(cache).run(plan, List.of(oneChanged));
        assertThat(oneChanged.calls).contains("deliver");
        assertThat(oneChanged.asked).hasValue(1);
    }

    /** A sink that offers {@code known} and records which layers reached it without bytes. */
    private static class OfferingSink extends RecordingSink {
        final List<KnownLayer> known;
        final List<Digest> held = Collections.synchronizedList(new ArrayList<>());
        BuiltImage image;

        OfferingSink(String name, List<KnownLayer> known) {
            super(name, false);
            this.known = known;
        }

        @Override
        public List<KnownLayer> knownLayers() {
            return known;
        }

        @Override
        public void layerReady(Blob layer, boolean fromCache) {
            if (!layer.readable()) {
                held.add(layer.digest());
            }
        }

        @Override
        public void deliver(BuiltImage built) throws IOException {
            image = built;
        }
    }

    /** The layers of {@code image} as a sink holding it offers them, the compression recorded as given. */
    private static List<KnownLayer> offered(BuiltImage image, String compression) {
        List<KnownLayer> known = new ArrayList<>();
        for (int i = 0; i < image.images().get(0).layers().size(); i++) {
            Blob layer = image.images().get(0).layers().get(i);
            known.add(new KnownLayer(image.images().get(0).diffIds().get(i), layer.descriptor()
                    .withAnnotations(compression == null ? Map.of() : Map.of(KnownLayer.COMPRESSION, compression)), "held"));
        }
        return known;
    }

    @Test
    void layersEverySinkHoldsWithTheSameCompressionAreTakenNotBuilt() throws IOException {
        OfferingSink before = new OfferingSink("before", List.of());
        Digest built = engine(null).run(plan, List.of(before));
        List<KnownLayer> known = offered(before.image, "gzip-6");
        Files.writeString(dir.resolve("data.txt"), "other data\n");

        OfferingSink holding = new OfferingSink("registry", known);
        Digest second = new Engine(dir.resolve("other"), new LayerOptions(6, 1, null), log).run(plan,
                List.of(holding, new io.github.scratchimage.output.MetadataSink(dir.resolve("meta"),
                        io.github.scratchimage.image.ImageName.of(io.github.scratchimage.image.ImageReference.parse(
                                "example.org/app:1"), List.of()))));

        assertThat(second).isNotEqualTo(built);
        assertThat(holding.held).containsExactly(known.get(0).descriptor().digest()); // app.txt, unchanged
        assertThat(holding.image.images().get(0).layers().get(0).descriptor()).isEqualTo(before.image.images().get(0)
                .layers().get(0).descriptor());
        assertThat(log.text()).contains("Layer 'app': " + known.get(0).descriptor().digest()).contains("reused from held");

        // a sink that reads layers and holds none, or another compression, or none recorded: built
        for (List<ImageSink> sinks : List.of(
                List.<ImageSink>of(new OfferingSink("a", known), new OfferingSink("tarball", List.of())),
                List.<ImageSink>of(new OfferingSink("a", offered(before.image, "gzip-1"))),
                List.<ImageSink>of(new OfferingSink("a", offered(before.image, null))))) {
            new Engine(Files.createTempDirectory(dir, "run"), new LayerOptions(6, 1, null), log).run(plan, sinks);
            assertThat(((OfferingSink) sinks.get(0)).held).isEmpty();
        }
    }

    /** A sink that takes the largest layer's bytes while it is written, as a tarball does, and counts how often it is asked. */
    private static class StreamingSink extends RecordingSink {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final List<Blob> written = new ArrayList<>();
        int asked;
        BuiltImage image;

        StreamingSink() {
            super("streaming", false);
        }

        @Override
        public void deliver(BuiltImage built) throws IOException {
            super.deliver(built);
            image = built;
        }

        @Override
        public LayerStream layerStream(LayerToWrite layer) {
            asked++;
            if (!layer.largest()) {
                return null;
            }
            return new LayerStream() {
                @Override
                public java.io.OutputStream bytes() {
                    return bytes;
                }

                @Override
                public void written(Blob layer) {
                    written.add(layer);
                }
            };
        }
    }

    @Test
    void theSinksAreAskedForAStreamOfEachLayerWrittenAndTheLargestsBytesReachItNotWhenItComesFromTheCache()
            throws IOException {
        Files.writeString(dir.resolve("data.txt"), "data\n".repeat(50_000)); // the largest layer: 250,000 bytes
        Path cache = dir.resolve("cache");
        StreamingSink cold = new StreamingSink();
        engine(cache).run(plan, List.of(cold));

        Blob data = cold.image.images().get(0).layers().get(1);
        assertThat(cold.asked).isEqualTo(2); // both layers are written; the sink takes the largest's bytes
        assertThat(cold.written).containsExactly(data);
        assertThat(cold.bytes.toByteArray()).isEqualTo(data.readAllBytes());

        StreamingSink warm = new StreamingSink();
        engine(cache).run(plan, List.of(warm));
        assertThat(warm.calls).contains("deliver");
        assertThat(warm.asked).isZero();
        assertThat(warm.written).isEmpty();
        assertThat(warm.bytes.size()).isZero();
    }

    @Test
    void sinksAreOpenedGivenEachLayerDeliveredAndClosedInOrder() throws IOException {
        RecordingSink first = new RecordingSink("first", false);
        RecordingSink second = new RecordingSink("second", false);

        Digest digest = engine(null).run(plan, List.of(first, second));

        for (RecordingSink sink : List.of(first, second)) {
            assertThat(sink.calls).containsExactly("open", "layer", "layer", "deliver", "publish", "close");
            assertThat(sink.held).isEqualTo(digest);
        }
        assertThat(log.text()).contains("Building the image for linux/amd64; delivering to recording first; "
                + "recording second");
    }

    /** Each sink hears the run's progress counters first; building the layers feeds them. */
    @Test
    void theSinksGetTheProgressThatTheLayersFeed() throws IOException {
        List<Progress> heard = new ArrayList<>();
        RecordingSink sink = new RecordingSink("first", false) {
            @Override
            public void reportTo(Progress progress) {
                calls.add("reportTo");
                heard.add(progress);
            }
        };

        engine(null).run(plan, List.of(sink));

        assertThat(sink.calls).startsWith("reportTo", "open");
        assertThat(heard.get(0).line()).isEqualTo("Progress: 2/2 layer(s) built; compressed 0.0 MB; writing the outputs")
                .doesNotContain("uploaded");
    }

    /** Every sink has the image before any puts it in place; then they publish in their order. */
    @Test
    void everySinkDeliversBeforeAnyPublishes() throws IOException {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        RecordingSink first = new RecordingSink("first", false) {
            @Override
            public void deliver(BuiltImage image) throws IOException {
                order.add("first deliver");
            }

            @Override
            public void publish() {
                order.add("first publish");
            }
        };
        RecordingSink second = new RecordingSink("second", false) {
            @Override
            public void deliver(BuiltImage image) throws IOException {
                order.add("second deliver");
            }

            @Override
            public void publish() {
                order.add("second publish");
            }
        };

        engine(null).run(plan, List.of(first, second));

        assertThat(order).containsExactly("first deliver", "second deliver", "first publish", "second publish");
    }

    @Test
    void anUnchangedImageIsNotBuiltWhenEverySinkStillHoldsIt() throws IOException {
        RecordingSink sink = new RecordingSink("registry", true);
        Digest digest = engine(null).run(plan, List.of(sink));
        sink.calls.clear();

        assertThat(engine(null).run(plan, List.of(sink))).isEqualTo(digest);

        assertThat(sink.calls).containsExactly("open", "stillHolds", "unchanged", "close");
    }

    @Test
    void aSinkThatNoLongerHoldsTheImageGetsItBuiltAgain() throws IOException {
        RecordingSink sink = new RecordingSink("registry", true);
        engine(null).run(plan, List.of(sink));
        sink.held = null; // e.g. someone moved the tag
        sink.calls.clear();

        engine(null).run(plan, List.of(sink));

        assertThat(sink.calls).containsExactly("open", "stillHolds", "layer", "layer", "deliver", "publish", "close");
    }

    @Test
    void changedInputsAreBuiltAgain() throws IOException {
        RecordingSink sink = new RecordingSink("registry", true);
        engine(null).run(plan, List.of(sink));
        Files.writeString(dir.resolve("data.txt"), "other data\n");
        sink.calls.clear();

        engine(null).run(plan, List.of(sink));

        assertThat(sink.calls).containsExactly("open", "layer", "layer", "deliver", "publish", "close");
    }

    @Test
    void aRunWithASinkThatCannotConfirmIsNeverRecordedNorSkipped() throws IOException {
        RecordingSink confirming = new RecordingSink("registry", true);
        RecordingSink file = new RecordingSink("file", false);
        engine(null).run(plan, List.of(confirming, file));
        assertThat(dir.resolve("target/scratch/" + DeliveryRecord.FILE)).doesNotExist();
        file.calls.clear();

        engine(null).run(plan, List.of(confirming, file));

        assertThat(file.calls).containsExactly("open", "layer", "layer", "deliver", "publish", "close");
    }

    @Test
    void sinksAreClosedWhenTheBuildFails() throws IOException {
        RecordingSink sink = new RecordingSink("any", false);
        Files.delete(dir.resolve("data.txt"));

        assertThatThrownBy(() -> engine(null).run(plan, List.of(sink))).hasMessageContaining("data.txt");

        assertThat(sink.calls).containsExactly("open", "close");
    }

    /**
     * A sink finding a cached layer damaged: the engine drops that file from the cache, builds again
     * (that layer from its files) and delivers once more.
     */
    @Test
    void aDamagedCachedLayerIsDroppedFromTheCacheAndBuiltAgain() throws IOException {
        Path cache = dir.resolve("cache");
        engine(cache).run(plan, List.of(new RecordingSink("warm-up", false)));
        try (var blobs = Files.list(cache.resolve("blobs"))) {
            for (Path blob : blobs.toList()) {
                byte[] bytes = Files.readAllBytes(blob);
                bytes[bytes.length / 2] ^= 0x55; // damaged in place, same size
                Files.write(blob, bytes);
            }
        }
        List<Blob> given = new ArrayList<>();
        RecordingSink checking = new RecordingSink("checking", false) {
            @Override
            public void deliver(BuiltImage image) throws IOException {
                super.deliver(image);
                Blob layer = image.images().get(0).layers().get(1);
                given.add(layer);
                if (given.size() == 1) {
                    throw new BlobMismatchException(layer, "does not match its digest");
                }
            }
        };

        engine(cache).run(plan, List.of(checking));

        assertThat(given).hasSize(2);
        Path cached = given.get(0).file();
        assertThat(cached).startsWith(cache);
        assertThat(Digest.sha256(Files.readAllBytes(cached))).as("the cache holds the layer undamaged again")
                .isEqualTo(given.get(0).digest());
        assertThat(given.get(1).digest()).isEqualTo(given.get(0).digest());
        assertThat(given.get(1).checked()).as("built again now, not taken from the cache").isTrue();
        assertThat(checking.calls).hasSize(9);
        assertThat(checking.calls.subList(0, 4)).containsExactly("open", "layer (cache)", "layer (cache)", "deliver");
        // the second build's two layers are built in parallel, so they may become ready in either order
        assertThat(checking.calls.subList(4, 6)).containsExactlyInAnyOrder("layer (cache)", "layer");
        assertThat(checking.calls.subList(6, 9)).containsExactly("deliver", "publish", "close");
        assertThat(log.text()).contains("does not match its digest", "building the layer again");
    }

    @Test
    void aDamagedBlobOutsideTheCacheIsNotHealed() {
        RecordingSink failing = new RecordingSink("failing", false) {
            @Override
            public void deliver(BuiltImage image) {
                throw new BlobMismatchException(image.images().get(0).layers().get(0), "does not match its digest");
            }
        };

        assertThatThrownBy(() -> engine(dir.resolve("cache")).run(plan, List.of(failing)))
                .isInstanceOf(BlobMismatchException.class);
        assertThat(failing.calls).endsWith("close");
    }
}
