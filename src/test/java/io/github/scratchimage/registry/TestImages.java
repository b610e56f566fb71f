package io.github.scratchimage.registry;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageConfig;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageIndex;
import io.github.scratchimage.image.Manifest;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small images built by hand for registry tests: gzip tar layers of seeded random files, config, manifest. */
final class TestImages {
    /** The creation time of every test image. */
    static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private TestImages() {
    }

    /** One platform, {@code layerSizes.length} layers each holding one file of that many random bytes. */
    static BuiltImage single(Path dir, ImageFormat format, long seed, int... layerSizes) throws IOException {
        return new BuiltImage(format, List.of(platformImage(dir, format, Platform.linuxAmd64(), seed, layerSizes)), null,
                CREATED);
    }

    /** Two platforms (linux/amd64, linux/arm64) sharing nothing, under an index. */
    static BuiltImage multi(Path dir, ImageFormat format, long seed) throws IOException {
        List<PlatformImage> images = new ArrayList<>();
        List<Descriptor> manifests = new ArrayList<>();
        int i = 0;
        for (Platform platform : List.of(Platform.linuxAmd64(), new Platform("linux", "arm64", null, null))) {
            PlatformImage image = platformImage(dir.resolve("p" + i), format, platform, seed + 100 * i++, 2000);
            images.add(image);
            manifests.add(image.manifest().descriptor());
        }
        byte[] index = new ImageIndex(format, manifests, Map.of()).toJsonBytes();
        return new BuiltImage(format, images, Blob.ofBytes(format.indexMediaType(), index), CREATED);
    }

    private static PlatformImage platformImage(Path dir, ImageFormat format, Platform platform, long seed,
            int... layerSizes) throws IOException {
        Files.createDirectories(dir);
        List<Blob> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (int i = 0; i < layerSizes.length; i++) {
            Path file = dir.resolve("layer-" + i + ".tar.gz");
            Digest diffId = writeLayer(file, seed + i, layerSizes[i]);
            byte[] compressed = Files.readAllBytes(file);
            layers.add(Blob.ofFile(new Descriptor(format.layerMediaType(), Digest.sha256(compressed), compressed.length),
                    file));
            diffIds.add(diffId);
            history.add("test layer " + i);
        }
        byte[] config = new ImageConfig(platform, CREATED, RuntimeConfig.empty(),
                diffIds, history).toJsonBytes();
        Blob configBlob = Blob.ofBytes(format.configMediaType(), config);
        byte[] manifest = new Manifest(format, configBlob.descriptor(),
                layers.stream().map(Blob::descriptor).toList(), Map.of()).toJsonBytes();
        Blob manifestBlob = new Blob(Descriptor.of(format.manifestMediaType(), manifest).withPlatform(platform), null,
                manifest);
        return new PlatformImage(platform, layers, configBlob, manifestBlob, diffIds);
    }

    /** Writes a gzip tar with one file of random bytes; returns the diff_id (sha256 of the tar). */
    private static Digest writeLayer(Path file, long seed, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        MessageDigest sha = Digest.newSha256();
        try (OutputStream fileOut = Files.newOutputStream(file);
                GZIPOutputStream gzip = new GZIPOutputStream(fileOut);
                DigestOutputStream digesting = new DigestOutputStream(gzip, sha);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(digesting, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry("data/file-" + seed + ".bin");
            entry.setSize(size);
            entry.setMode(0100644);
            entry.setModTime(1_700_000_000_000L);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return Digest.fromSha256(sha.digest());
    }

    static byte[] bytes(Blob blob) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = blob.open()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }
}
