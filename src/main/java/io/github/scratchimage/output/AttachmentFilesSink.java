package io.github.scratchimage.output;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the image's attachments (SBOM, signatures) as files in a directory, each under the
 * {@linkplain Attachment#fileName file name} its maker gave it, e.g. {@code target/scratch/sbom.spdx.json}
 * beside the tarball of {@code save}. Delivers nothing of the image itself; each file is written
 * under a temporary name and moved into place ({@link AtomicFiles#writeFile}).
 */
public final class AttachmentFilesSink implements ImageSink {
    private final Path directory;
    private final ImageName name;
    private final BuildLog log;

    public AttachmentFilesSink(Path directory, ImageName name, BuildLog log) {
        this.directory = directory;
        this.name = name;
        this.log = log;
    }

    @Override
    public String target() {
        return "attachments " + directory;
    }

    @Override
    public void deliver(BuiltImage image) {
        // the image goes to the other sinks; this one only writes the attachments
    }

    @Override
    public void attach(Attachments attachments) throws IOException {
        for (Attachment attachment : attachments.of(name)) {
            Path file = directory.resolve(attachment.fileName());
            byte[] content = attachment.content();
            AtomicFiles.writeFile(file, out -> out.write(content));
            log.info("Wrote " + attachment.artifactType() + " of " + attachment.subject().digest() + " to " + file);
        }
    }
}
