package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files that tell scripts what was built, each atomically:
 * <ul>
 * <li>{@code image.digest}: the digest tags point at (the manifest, or the index for several
 * platforms), e.g. {@code sha256:0a1b...}, without a line break (like Jib's {@code jib-image.digest});</li>
 * <li>{@code image.json}: {@code image} (the fully qualified name with the first tag), {@code repository},
 * {@code tags}, {@code digest}, {@code mediaType} and {@code platforms}: per platform {@code platform}
 * ({@code os/arch[/variant]}), {@code osVersion} when set, {@code manifestDigest}, {@code configDigest},
 * {@code size} (sum of the layers) and {@code layers} with {@code digest}, {@code diffId} (from the
 * config's rootfs.diff_ids), {@code size} and {@code mediaType}.</li>
 * </ul>
 */
public final class MetadataSink implements ImageSink {
    public static final String DIGEST_FILE = "image.digest";
    public static final String JSON_FILE = "image.json";

    private final Path directory;
    private final ImageName name;
    private final List<AtomicFiles.StagedFile> staged = new ArrayList<>();

    /** @param directory where both files go; created when missing */
    public MetadataSink(Path directory, ImageName name) {
        this.directory = directory;
        this.name = name;
    }

    @Override
    public String target() {
        return "metadata " + directory.resolve(DIGEST_FILE) + ", " + JSON_FILE;
    }

    @Override
    public void check() throws IOException {
        AtomicFiles.checkWritable(directory.resolve(DIGEST_FILE));
    }

    @Override
    public void deliver(BuiltImage image) throws IOException {
        close(); // what an earlier delivery of this run staged
        byte[] json = (Json.pretty(describe(image, name)) + "\n").getBytes(StandardCharsets.UTF_8);
        staged.add(AtomicFiles.stage(directory.resolve(JSON_FILE), out -> out.write(json)));
        byte[] digest = image.digest().toString().getBytes(StandardCharsets.US_ASCII);
        staged.add(AtomicFiles.stage(directory.resolve(DIGEST_FILE), out -> out.write(digest)));
    }

    /** {@code image.json}, then {@code image.digest}. */
    @Override
    public void publish() throws IOException {
        for (AtomicFiles.StagedFile file : staged) {
            file.publish();
        }
    }

    @Override
    public void close() {
        staged.forEach(AtomicFiles.StagedFile::close);
        staged.clear();
    }

    /** It describes the image from its descriptors: no layer's bytes are read. */
    @Override
    public boolean readsLayers() {
        return false;
    }

    /** Both files are there and {@code image.digest} names {@code digest}. */
    @Override
    public boolean confirmsDelivery() {
        return true;
    }

    @Override
    public boolean stillHolds(Digest digest) throws IOException {
        Path digestFile = directory.resolve(DIGEST_FILE);
        return Files.isRegularFile(digestFile) && Files.isRegularFile(directory.resolve(JSON_FILE))
                && Files.readString(digestFile, StandardCharsets.US_ASCII).equals(digest.toString());
    }

    static Map<String, Object> describe(BuiltImage image, ImageName name) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("image", name.fullName(name.tags().get(0)));
        node.put("repository", name.repository());
        node.put("tags", name.tags());
        node.put("digest", image.digest().toString());
        node.put("mediaType", image.root().mediaType());
        List<Object> platforms = new ArrayList<>();
        for (PlatformImage platformImage : image.images()) {
            platforms.add(describe(platformImage));
        }
        node.put("platforms", platforms);
        return node;
    }

    private static Map<String, Object> describe(PlatformImage image) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("platform", image.platform().toString());
        if (image.platform().osVersion() != null) {
            node.put("osVersion", image.platform().osVersion());
        }
        node.put("manifestDigest", image.manifest().digest().toString());
        node.put("configDigest", image.config().digest().toString());
        long total = 0;
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < image.layers().size(); i++) {
            Blob layer = image.layers().get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("digest", layer.digest().toString());
            entry.put("diffId", image.diffIds().get(i).toString());
            entry.put("size", layer.size());
            entry.put("mediaType", layer.mediaType());
            layers.add(entry);
            total += layer.size();
        }
        node.put("size", total);
        node.put("layers", layers);
        return node;
    }
}
