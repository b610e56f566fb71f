package io.github.scratchimage.attach;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import java.io.IOException;
import java.util.List;

/**
 * Makes the attachments of one kind for a built image (an SBOM per platform, a signature per
 * manifest...). The engine asks each maker once the image is published, through {@link Attachments},
 * for each sink that takes attachments, with the name that sink delivers under: a signature names
 * the repository it is pushed to, so it is made per name; an SBOM does not depend on the name.
 *
 * <p>A new kind plugs in as one class implementing this interface, passed to
 * {@code Engine.run(plan, sinks, makers)} by the goal that wants it (e.g. built from a POM
 * parameter in the Mojo). Its {@link Attachment}s say how a registry stores them
 * ({@link Attachment.Placement}) and which file a file sink writes them to; no sink changes for a
 * new kind unless it needs a new placement.
 */
public interface AttachmentMaker {

    /**
     * One line saying what this maker makes and from which settings, e.g. {@code sbom SPDX-2.3}. It
     * is part of the delivery record's targets: a build whose makers changed (an SBOM turned on, a
     * new key) is not skipped as unchanged, so the new attachments get made.
     */
    String describe();

    /**
     * The attachments for {@code image}, delivered under {@code name}; empty when there are none.
     * Called from the engine's thread, after every sink published the image.
     */
    List<Attachment> make(BuiltImage image, ImageName name) throws IOException;

    /**
     * As {@link #make(BuiltImage, ImageName)}, seeing what the makers before this one made for the
     * same name: a signing maker attests to the SBOM another maker made, without making it again.
     * {@link Attachments} calls this one; by default it ignores {@code before}.
     */
    default List<Attachment> make(BuiltImage image, ImageName name, List<Attachment> before) throws IOException {
        return make(image, name);
    }
}
