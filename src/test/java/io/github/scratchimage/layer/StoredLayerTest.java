package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoredLayerTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
    private static final Digest DIFF_ID = Digest.parse("sha256:" + "cd".repeat(32));

    @Test
    void theFieldsAsWrittenParseBack() {
        StoredLayer stored = StoredLayer.of(new BuiltLayer("app", DIGEST, 1234, DIFF_ID, Path.of("blob"), false));
        String[] fields = stored.fields();

        assertThat(fields).containsExactly(DIGEST.toString(), DIFF_ID.toString(), "1234");
        assertThat(StoredLayer.parse(fields[0], fields[1], fields[2])).contains(stored);
    }

    @Test
    void aDamagedFieldIsNoLayer() {
        assertThat(StoredLayer.parse("sha256:xyz", DIFF_ID.toString(), "1")).isEmpty();
        assertThat(StoredLayer.parse(DIGEST.toString(), "", "1")).isEmpty();
        assertThat(StoredLayer.parse(DIGEST.toString(), DIFF_ID.toString(), "12a")).isEmpty();
    }
}
