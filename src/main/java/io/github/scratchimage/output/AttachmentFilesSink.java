package io.github.scratchimage.output;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.log.BuildLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the image's attachments (SBOM, signatures) as files in a directory, each under the
 * {@linkplain Attachment#fileName file name} its maker gave it, e.g. {@code target/scratch/sbom.spdx.json}
 * beside the tarball of {@code save}. Delivers nothing of the image itself; each file is written
 * under a temporary name and moved into place ({@link AtomicFiles#writeFile}).
 */
public final class AttachmentFilesSink implements ImageSink {
    /** Added to a cosign signature's file name for the file of the payload it signs. */
    public static final String PAYLOAD_SUFFIX = ".payload";

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

    /**
     * Each attachment to its file name; attachments sharing a name (the attestations of one digest)
     * go into that one file, in order, one per line. A cosign signature is two files: the signature
     * (base64) under its file name, and the signed payload beside it with {@code .payload} added.
     */
    @Override
    public void attach(Attachments attachments) throws IOException {
        Map<String, ByteArrayOutputStream> files = new LinkedHashMap<>();
        Map<String, Attachment> firstOf = new LinkedHashMap<>();
        for (Attachment attachment : attachments.of(name)) {
            if (attachment.placement() == Attachment.Placement.COSIGN_SIGNATURE) {
                String signature = attachment.annotations().get(Attachment.Placement.SIGNATURE_ANNOTATION);
                append(files, attachment.fileName(), signature.getBytes(StandardCharsets.US_ASCII), false);
                append(files, attachment.fileName() + PAYLOAD_SUFFIX, attachment.content(), false);
            } else {
                append(files, attachment.fileName(), attachment.content(),
                        attachment.placement() == Attachment.Placement.COSIGN_ATTESTATION);
            }
            firstOf.putIfAbsent(attachment.fileName(), attachment);
        }
        for (Map.Entry<String, ByteArrayOutputStream> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            byte[] content = file.getValue().toByteArray();
            AtomicFiles.writeFile(path, out -> out.write(content));
            Attachment attachment = firstOf.get(file.getKey());
            if (attachment != null) {
                log.info("Wrote " + attachment.artifactType() + " of " + attachment.subject().digest() + " to " + path);
            }
        }
    }

    private static void append(Map<String, ByteArrayOutputStream> files, String fileName, byte[] content, boolean line) {
        ByteArrayOutputStream file = files.computeIfAbsent(fileName, f -> new ByteArrayOutputStream());
        file.writeBytes(content);
        if (line) {
            file.write('\n');
        }
    }
}
