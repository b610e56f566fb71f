package io.github.scratchimage.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.engine.ImageBuilder;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.InputState;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
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

class PushRecordTest {
    private static final ImageReference REFERENCE = ImageReference.parse("127.0.0.1:5000/team/app:1.0", "image");
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

    private InputState settled() throws IOException {
        return state(System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000, "a");
    }

    @Test
    void aRecordIsFoundForTheSameStateAndTags() throws IOException {
        PushRecord.write(out, settled(), REFERENCE, List.of("latest"), PUSHED);

        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of("latest"))).contains(PUSHED);
    }

    @Test
    void anotherStateOrTargetFindsNothing() throws IOException {
        PushRecord.write(out, settled(), REFERENCE, List.of("latest"), PUSHED);
        long later = System.currentTimeMillis() + FileStamp.SETTLED_MILLIS + 1_000;

        assertThat(PushRecord.read(out, state(later, "b"), REFERENCE, List.of("latest"))).isEmpty();
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of("stable"))).isEmpty();
        assertThat(PushRecord.read(out, settled(), ImageReference.parse("127.0.0.1:5000/team/other:1.0", "image"),
                List.of("latest"))).isEmpty();
    }

    /** A state whose files changed within the last seconds may change again unseen: no record for it. */
    @Test
    void anUnsettledStateRemovesTheRecordInsteadOfWritingIt() throws IOException {
        PushRecord.write(out, settled(), REFERENCE, List.of(), PUSHED);
        InputState fresh = state(System.currentTimeMillis(), "a");
        assertThat(fresh.settled()).isFalse();

        PushRecord.write(out, fresh, REFERENCE, List.of(), Digest.sha256("other"));

        assertThat(out.resolve(PushRecord.FILE)).doesNotExist();
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();
    }

    @Test
    void aDamagedRecordReadsAsNone() throws IOException {
        PushRecord.write(out, settled(), REFERENCE, List.of(), PUSHED);
        Path file = out.resolve(PushRecord.FILE);
        byte[] content = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();

        String text = new String(content, StandardCharsets.ISO_8859_1).replace(PUSHED.toString(), "sha256:xyz");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();

        Files.write(file, new byte[] {'x'});
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();
    }

    @Test
    void noRecordIsNone() throws IOException {
        assertThat(PushRecord.read(out, settled(), REFERENCE, List.of())).isEmpty();
    }
}
