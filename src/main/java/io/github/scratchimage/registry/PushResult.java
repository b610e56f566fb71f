package io.github.scratchimage.registry;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageReference;
import java.util.List;

/**
 * What a push did.
 *
 * @param digest     the digest of the pushed manifest or index (what every tag points at)
 * @param references one reference per pushed tag, each with the tag and {@link #digest}
 */
public record PushResult(Digest digest, List<ImageReference> references) {
    public PushResult {
        references = List.copyOf(references);
    }
}
