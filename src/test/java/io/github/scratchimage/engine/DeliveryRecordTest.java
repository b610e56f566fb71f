package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery record: found only for the same input state and targets; never for an unsettled or damaged one. */
class DeliveryRecordTest {
    private static final ImageReference REFERENCE = ImageReference.parse("127.0.0.1:5000/team/app:1.0");
    private static final Digest PUSHED = Digest.sha256("manifest");

    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("app.txt"), "one\n");
        out = dir.resolve("target/scratch");
    }

    /** The input state of a one-file image, taken at {@code clockMillis}. */
    private InputState state(long clockMillis, String env) throws IOException {
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, Instant.EPOCH, Map.of(), List.of(new PlatformPlan(
                Platform.linuxAmd64(), List.of(new LayerSpec("app", List.of(new FileSpec(dir.resolve("app.txt"),
                        "/app.txt", null, null, 0, 0, null, null, "layers/layer/files/file")), "layers/layer")),
                RuntimeConfig.validated(Map.of("ENV", env), null, null, null, null, null, null, null, null))), false);
        return new ImageBuilder(dir.resolve("work"), LayerOptions.defaults(), BuildLog.NONE, () -> clockMillis)
                .prepare(plan).inputState().orElseThrow();
    }

    /** The target line of a registry sink for REFERENCE with {@code tags}. */
    private static String targets(List<String> tags) {
        return targets(REFERENCE, tags);
    }

    private static String targets(ImageReference reference, List<String> tags) {
        return "registry " + ImageName.of(reference, tags) + " | metadata target/scratch/image.digest, image.json";
    }

    private InputState settled() throws IOException {
        return state(System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000, "a");
    }

    @Test
    void aRecordIsFoundForTheSameStateAndTags() throws IOException {
        DeliveryRecord.write(out, settled(), targets(List.of("latest")), PUSHED);

        assertThat(DeliveryRecord.read(out, settled(), targets(List.of("latest")))).contains(PUSHED);
    }

    @Test
    void anotherStateOrTargetFindsNothing() throws IOException {
        DeliveryRecord.write(out, settled(), targets(List.of("latest")), PUSHED);
        long later = System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000;

        assertThat(DeliveryRecord.read(out, state(later, "b"), targets(List.of("latest")))).isEmpty();
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of("stable")))).isEmpty();
        assertThat(DeliveryRecord.read(out, settled(),
                targets(ImageReference.parse("127.0.0.1:5000/team/other:1.0"), List.of("latest")))).isEmpty();
    }

    /** A state whose files changed within the last seconds may change again unseen: no record for it. */
    @Test
    void anUnsettledStateRemovesTheRecordInsteadOfWritingIt() throws IOException {
        DeliveryRecord.write(out, settled(), targets(List.of()), PUSHED);
        InputState fresh = state(System.currentTimeMillis(), "a");
        assertThat(fresh.settled()).isFalse();

        DeliveryRecord.write(out, fresh, targets(List.of()), Digest.sha256("other"));

        assertThat(out.resolve(DeliveryRecord.FILE)).doesNotExist();
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();
    }

    @Test
    void aDamagedRecordReadsAsNone() throws IOException {
        DeliveryRecord.write(out, settled(), targets(List.of()), PUSHED);
        Path file = out.resolve(DeliveryRecord.FILE);
        byte[] content = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();

        String text = new String(content, StandardCharsets.ISO_8859_1).replace(PUSHED.toString(), "sha256:xyz");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();

        Files.write(file, new byte[] {'x'});
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();
    }

    @Test
    void noRecordIsNone() throws IOException {
        assertThat(DeliveryRecord.read(out, settled(), targets(List.of()))).isEmpty();
    }
}
