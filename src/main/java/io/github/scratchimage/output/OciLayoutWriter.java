package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an image as an OCI image layout directory: {@code oci-layout}, {@code index.json} (the root
 * once per tag, with {@code org.opencontainers.image.ref.name}; see {@link ImageTarballWriter}) and
 * {@code blobs/sha256/<hex>} for every blob. Readable with {@code skopeo ... oci:DIR:tag} and
 * {@code umoci unpack --image DIR:tag}.
 *
 * <p>The layout is filled in a hidden sibling directory and renamed into place. An existing
 * {@code directory} is replaced only when it is empty or an OCI layout (has {@code oci-layout});
 * anything else is refused before anything is written. The old layout is renamed aside, the new one
 * renamed in, then the old one deleted, so a failure leaves the old layout as it was (a reader can see
 * no directory for the instant between the two renames).
 */
public final class OciLayoutWriter {

    /**
     * @param reference the primary tag ({@code latest} when it has none)
     * @param extraTags more tags (validated; duplicates dropped); may be empty
     * @param directory the layout directory to create or replace
     * @throws java.nio.file.FileAlreadyExistsException when {@code directory} exists and is neither
     *         empty nor an OCI layout
     */
    public void write(BuiltImage image, ImageReference reference, List<String> extraTags, Path directory)
            throws IOException {
        List<String> tags = Tags.of(reference, extraTags);
        byte[] indexJson = OciLayout.indexFile(image, reference, tags);
        List<Blob> blobs = OciLayout.blobs(image);
        AtomicFiles.writeDirectory(directory, OciLayoutWriter::isReplaceable,
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
