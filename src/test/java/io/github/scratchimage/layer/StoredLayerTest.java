package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredLayerTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
    private static final Digest DIFF_ID = Digest.parse("sha256:" + "cd".repeat(32));

    @Test
    void theFieldsAsWrittenParseBack() {
        StoredLayer stored = StoredLayer.of(new BuiltLayer("app", DIGEST, 1234, DIFF_ID, Path.of("blob"), false));
        String[] fields = stored.fields();

        assertThat(fields).containsExactly(DIGEST.toString(), DIFF_ID.toString(), "1234");
        assertThat(StoredLayer.parse(List.of(fields))).contains(stored);
    }

    @Test
    void aDamagedFieldIsNoLayer() {
        assertThat(StoredLayer.parse(List.of("sha256:xyz", DIFF_ID.toString(), "1"))).isEmpty();
        assertThat(StoredLayer.parse(List.of(DIGEST.toString(), "", "1"))).isEmpty();
        assertThat(StoredLayer.parse(List.of(DIGEST.toString(), DIFF_ID.toString(), "12a"))).isEmpty();
        assertThat(StoredLayer.parse(List.of(DIGEST.toString(), DIFF_ID.toString()))).as("a field missing").isEmpty();
        assertThat(StoredLayer.parse(List.of(DIGEST.toString(), DIFF_ID.toString(), "1", "2"))).as("one too many")
                .isEmpty();
    }
}
