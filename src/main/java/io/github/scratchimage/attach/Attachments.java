package io.github.scratchimage.attach;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attachments of one built image, made on demand by every {@link AttachmentMaker} of the run, at
 * most once per name (two sinks delivering under the same name share them). What the engine hands
 * each sink's {@link io.github.scratchimage.engine.ImageSink#attach}.
 */
public final class Attachments {
    private final BuiltImage image;
    private final List<AttachmentMaker> makers;
    private final Map<ImageName, List<Attachment>> made = new HashMap<>();

    public Attachments(BuiltImage image, List<AttachmentMaker> makers) {
        this.image = image;
        this.makers = List.copyOf(makers);
    }

    public BuiltImage image() {
        return image;
    }

    /** Whether no maker is configured (then no sink need ask). */
    public boolean none() {
        return makers.isEmpty();
    }

    /** Every maker's attachments for the image delivered under {@code name}, in the makers' order. */
    public synchronized List<Attachment> of(ImageName name) throws IOException {
        List<Attachment> known = made.get(name);
        if (known == null) {
            known = new ArrayList<>();
            for (AttachmentMaker maker : makers) {
                known.addAll(maker.make(image, name, List.copyOf(known)));
            }
            known = List.copyOf(known);
            made.put(name, known);
        }
        return known;
    }
}
