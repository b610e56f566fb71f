package io.github.scratchimage.output;

import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.OutputException;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Adds an image to an OCI image layout directory: {@code oci-layout}, {@code blobs/sha256/<hex>} for
 * every blob, and in {@code index.json} the root once per tag, with {@code org.opencontainers.image.ref.name}
 * = the tag (as in the tarball, see {@link TarballSink}). Readable with {@code skopeo ... oci:DIR:tag}
 * and {@code umoci unpack --image DIR:tag}.
 *
 * <p>The layout is shared: other images and their ref names stay, an entry with one of this image's
 * tags as its ref name is replaced, and a blob already there (same digest, same size) is not written
 * again. {@link #deliver} writes each missing blob under a temporary name of its own and renames it
 * into place (a blob no index names is invisible; two builds writing the same blob at once write the
 * same bytes, and neither takes the other's temporary file for a leftover, see
 * {@link AtomicFiles#writeShared}); {@link #publish} then reads {@code index.json}, merges, and
 * replaces it atomically (temporary file, rename), holding the lock file {@value #LOCK_FILE} in the
 * directory, so that two builds adding to one layout at once both end up in it. A directory that
 * exists, is not empty and has no {@code oci-layout} file is refused before anything is built.
 */
public final class OciLayoutSink implements ImageSink {
    /** Held (an OS file lock) while {@code index.json} is read, merged and replaced. */
    static final String LOCK_FILE = ".scratch-layout.lock";
    /** File locks belong to the process: builds of one JVM (Maven -T) take turns here first. */
    private static final Map<Path, Object> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path directory;
    private final ImageName name;
    private final BuildLog log;
    private List<Object> entries;

    /** @param directory the layout directory to create or add to */
    public OciLayoutSink(Path directory, ImageName name, BuildLog log) {
        this.directory = directory.toAbsolutePath().normalize();
        this.name = name;
        this.log = log;
    }

    @Override
    public String target() {
        return "OCI layout " + directory;
    }

    /**
     * The directory is missing, empty or an OCI layout, and can be written. {@code oci-layout} is asked
     * for after the listing: another build starting a layout here puts it in place before anything else.
     */
    @Override
    public void check() throws IOException {
        if (Files.isDirectory(directory) && !Files.isRegularFile(directory.resolve(OciLayout.LAYOUT_FILE))) {
            boolean occupied;
            try (Stream<Path> children = Files.list(directory)) {
                occupied = children.anyMatch(child -> !isTransient(child));
            }
            if (occupied && !Files.isRegularFile(directory.resolve(OciLayout.LAYOUT_FILE))) {
                throw new OutputException(directory, "exists and is not an OCI image layout (no "
                        + OciLayout.LAYOUT_FILE + " file); choose another directory or empty it", null);
            }
        }
        AtomicFiles.checkDirectoryWritable(directory);
    }

    /**
     * What another build writing a new layout at this moment has there before {@code oci-layout}:
     * its write probe, the temporary file of {@code oci-layout}, the lock file.
     */
    private static boolean isTransient(Path child) {
        String name = child.getFileName().toString();
        return name.equals(LOCK_FILE) || name.startsWith(AtomicFiles.PROBE_PREFIX)
                || name.startsWith("." + OciLayout.LAYOUT_FILE + ".");
    }

    /** Writes the missing blobs (each under a temporary name, then renamed) and {@code oci-layout}. */
    @Override
    public void deliver(BuiltImage image) throws IOException {
        check();
        Path layoutFile = directory.resolve(OciLayout.LAYOUT_FILE);
        if (!Files.isRegularFile(layoutFile)) {
            AtomicFiles.writeShared(layoutFile, out -> out.write(OciLayout.layoutFile()));
        }
        int written = 0;
        for (Blob blob : OciLayout.blobs(image)) {
            Path file = directory.resolve(OciLayout.blobPath(blob.digest()));
            if (!Files.isRegularFile(file) || Files.size(file) != blob.size()) {
                AtomicFiles.writeShared(file, out -> BlobCopy.copy(blob, out));
                written++;
            }
        }
        log.debug("OCI layout " + directory + ": " + written + " blob(s) written, the others were there");
        entries = OciLayout.indexEntries(image, name);
    }

    /** Adds the image's entries to {@code index.json}, under the lock. */
    @Override
    public void publish() throws IOException {
        if (entries == null) {
            return;
        }
        Path lockFile = directory.resolve(LOCK_FILE);
        synchronized (IN_THIS_JVM.computeIfAbsent(lockFile, f -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                writeIndex();
            }
        }
        log.info("Added " + name + " to the OCI layout " + directory);
        entries = null;
    }

    private void writeIndex() throws IOException {
        Path indexFile = directory.resolve(OciLayout.INDEX_FILE);
        Map<String, Object> index = new LinkedHashMap<>();
        List<Object> manifests = new ArrayList<>();
        if (Files.exists(indexFile)) {
            JsonValue existing = readIndex(indexFile);
            existing.names().forEach(member -> index.put(member, existing.get(member).value()));
            Set<String> replaced = new TreeSet<>();
            for (JsonValue entry : existing.get("manifests").elements()) {
                String refName = entry.get("annotations").get(OciLayout.REF_NAME).text(null);
                if (refName != null && name.tags().contains(refName)) {
                    replaced.add(refName);
                } else {
                    manifests.add(entry.value());
                }
            }
            if (!replaced.isEmpty()) {
                log.info("OCI layout " + directory + ": replacing the image(s) named " + String.join(", ", replaced));
            }
        }
        manifests.addAll(entries);
        byte[] content = OciLayout.index(index, manifests);
        AtomicFiles.writeFile(indexFile, out -> out.write(content));
    }

    private static JsonValue readIndex(Path indexFile) throws IOException {
        try {
            JsonValue index = Json.parse(Files.readAllBytes(indexFile));
            if (index.names().isEmpty()) {
                throw new MalformedJsonException("not a JSON object");
            }
            return index;
        } catch (MalformedJsonException e) {
            throw new OutputException(indexFile, "is not a valid OCI index (" + e.getMessage()
                    + "); repair it or remove the layout directory", e);
        }
    }

    @Override
    public void close() {
        entries = null;
    }
}
