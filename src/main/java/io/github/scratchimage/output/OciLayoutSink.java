package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an image as an OCI image layout directory: {@code oci-layout}, {@code index.json} (the root
 * once per tag, with {@code org.opencontainers.image.ref.name}; see {@link TarballSink}) and
 * {@code blobs/sha256/<hex>} for every blob. Readable with {@code skopeo ... oci:DIR:tag} and
 * {@code umoci unpack --image DIR:tag}.
 *
 * <p>The layout is filled in a hidden sibling directory and renamed into place. An existing
 * {@code directory} is replaced only when it is empty or an OCI layout (has {@code oci-layout});
 * anything else is refused before anything is written. The old layout is renamed aside, the new one
 * renamed in, then the old one deleted, so a failure leaves the old layout as it was (a reader can see
 * no directory for the instant between the two renames).
 */
public final class OciLayoutSink implements ImageSink {
    private final Path directory;
    private final ImageName name;

    /** @param directory the layout directory to create or replace */
    public OciLayoutSink(Path directory, ImageName name) {
        this.directory = directory;
        this.name = name;
    }

    @Override
    public String target() {
        return "OCI layout " + directory;
    }

    /**
     * @throws java.nio.file.FileAlreadyExistsException when the directory exists and is neither
     *         empty nor an OCI layout
     */
    @Override
    public void deliver(BuiltImage image) throws IOException {
        byte[] indexJson = OciLayout.indexFile(image, name);
        List<Blob> blobs = OciLayout.blobs(image);
        AtomicFiles.writeDirectory(directory, OciLayoutSink::isReplaceable,
                "exists and is not an OCI image layout (no oci-layout file); choose another directory or remove it",
                layout -> {
                    for (Blob blob : blobs) {
                        Path file = layout.resolve(OciLayout.blobPath(blob.digest()));
                        Files.createDirectories(file.getParent());
                        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                            BlobCopy.copy(blob, out);
                        }
                    }
                    Files.write(layout.resolve(OciLayout.INDEX_FILE), indexJson);
                    Files.write(layout.resolve(OciLayout.LAYOUT_FILE), OciLayout.layoutFile());
                });
    }

    private static boolean isReplaceable(Path directory) {
        if (Files.isRegularFile(directory.resolve(OciLayout.LAYOUT_FILE))) {
            return true;
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
