package io.github.scratchimage.testing;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds small {@link BuiltImage}s by hand, independent of the layer and engine packages, so that
 * output and registry code can be tested on its own. Layers are real gzip tars on disk with the
 * entries given; configs, manifests and indexes come from the image value classes. {@link #sample}
 * and {@link #twoPlatforms} hold a file tree for reading back; {@link #single} and {@link #multi}
 * hold seeded random bytes of given sizes, for pushing.
 */
public final class TestImages {

    /** The creation time of the sample images (also every file's mtime). */
    public static final Instant CREATED = Instant.parse("2024-01-31T12:00:00Z");

    private TestImages() {
    }

    /** One entry of a test layer: a regular file, a directory or a symlink. */
    public record Entry(String path, byte[] content, int mode, int uid, int gid, String linkTarget, boolean directory) {
        public static Entry file(String path, String content, int mode) {
            return file(path, content, mode, 0, 0);
        }

        public static Entry file(String path, byte[] content, int mode) {
            return new Entry(path, content, mode, 0, 0, null, false);
        }

        public static Entry file(String path, String content, int mode, int uid, int gid) {
            return new Entry(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid, null, false);
        }

        public static Entry directory(String path, int mode) {
            return new Entry(path, new byte[0], mode, 0, 0, null, true);
        }

        public static Entry symlink(String path, String target) {
            return new Entry(path, new byte[0], 0777, 0, 0, target, false);
        }
    }

    /** A layer blob on disk with its uncompressed digest. */
    public record TestLayer(Blob blob, Digest diffId) {
    }

    /**
     * Writes a gzip tar of the entries (sorted by path, mtime {@code mtime}) into {@code directory}
     * as {@code <hex>} of its compressed digest.
     */
    public static TestLayer layer(Path directory, ImageFormat format, Instant mtime, Entry... entries) throws IOException {
        Files.createDirectories(directory);
        List<Entry> sorted = new ArrayList<>(Arrays.asList(entries));
        sorted.sort(Comparator.comparing(Entry::path));
        Path temp = Files.createTempFile(directory, "layer", ".tmp");
        MessageDigest compressed = Digest.newSha256();
        MessageDigest uncompressed = Digest.newSha256();
        try (OutputStream file = Files.newOutputStream(temp);
                DigestOutputStream compressedHash = new DigestOutputStream(file, compressed);
                GZIPOutputStream gzip = new GZIPOutputStream(compressedHash);
                DigestOutputStream uncompressedHash = new DigestOutputStream(gzip, uncompressed);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(uncompressedHash, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry entry : sorted) {
                TarArchiveEntry tarEntry;
                if (entry.directory()) {
                    tarEntry = new TarArchiveEntry(entry.path().endsWith("/") ? entry.path() : entry.path() + "/");
                } else if (entry.linkTarget() != null) {
                    tarEntry = new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
                    tarEntry.setLinkName(entry.linkTarget());
                } else {
                    tarEntry = new TarArchiveEntry(entry.path());
                    tarEntry.setSize(entry.content().length);
                }
                tarEntry.setMode((entry.directory() ? 040000 : entry.linkTarget() != null ? 0120000 : 0100000) | entry.mode());
                tarEntry.setIds(entry.uid(), entry.gid());
                tarEntry.setUserName("");
                tarEntry.setGroupName("");
                tarEntry.setModTime(mtime.getEpochSecond() * 1000);
                tar.putArchiveEntry(tarEntry);
                if (!entry.directory() && entry.linkTarget() == null) {
                    tar.write(entry.content());
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Digest digest = Digest.fromSha256(compressed.digest());
        Path target = directory.resolve(digest.encoded());
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Descriptor descriptor = new Descriptor(format.layerMediaType(), digest, Files.size(target));
        return new TestLayer(Blob.ofFile(descriptor, target), Digest.fromSha256(uncompressed.digest()));
    }

    /** Config and manifest for one platform; the manifest descriptor carries the platform. */
    public static PlatformImage platformImage(ImageFormat format, Platform platform, RuntimeConfig runtime,
            Map<String, String> annotations, List<TestLayer> layers) {
        List<Digest> diffIds = layers.stream().map(TestLayer::diffId).toList();
        List<String> history = layers.stream().map(l -> "test layer " + l.diffId().encoded().substring(0, 12)).toList();
        byte[] configJson = new ImageConfig(platform, CREATED, runtime, diffIds, history).toJsonBytes();
        Blob config = Blob.ofBytes(format.configMediaType(), configJson);
        List<Descriptor> layerDescriptors = layers.stream().map(l -> l.blob().descriptor()).toList();
        byte[] manifestJson = new Manifest(format, config.descriptor(), layerDescriptors, annotations).toJsonBytes();
        Descriptor manifestDescriptor = Descriptor.of(format.manifestMediaType(), manifestJson).withPlatform(platform);
        Blob manifest = new Blob(manifestDescriptor, null, manifestJson);
        return new PlatformImage(platform, layers.stream().map(TestLayer::blob).toList(), config, manifest, diffIds);
    }

    /** An index over the platform images (with their platforms). */
    public static BuiltImage multiPlatform(ImageFormat format, Map<String, String> annotations, List<PlatformImage> images) {
        List<Descriptor> manifests = images.stream().map(i -> i.manifest().descriptor()).toList();
        byte[] indexJson = new ImageIndex(format, manifests, annotations).toJsonBytes();
        return new BuiltImage(format, images, Blob.ofBytes(format.indexMediaType(), indexJson), CREATED);
    }

    /** linux/amd64 with two layers: a tree of files (modes, owners, a symlink, an empty directory) and one more file. */
    public static BuiltImage sample(Path blobDirectory, ImageFormat format) throws IOException {
        TestLayer base = layer(blobDirectory, format, CREATED,
                Entry.directory("etc", 0755),
                Entry.file("etc/app.conf", "mode=prod\n", 0644),
                Entry.directory("usr", 0755),
                Entry.directory("usr/local", 0755),
                Entry.directory("usr/local/bin", 0755),
                Entry.file("usr/local/bin/app", "#!/bin/sh\necho app\n", 0755),
                Entry.symlink("usr/local/bin/app-link", "app"),
                Entry.directory("data", 0700),
                Entry.file("data/owned.txt", "owned by 65532\n", 0600, 65532, 65532),
                Entry.directory("empty", 0755));
        TestLayer second = layer(blobDirectory, format, CREATED, Entry.file("version.txt", "1.0\n", 0444));
        return new BuiltImage(format, List.of(platformImage(format, Platform.linuxAmd64(), sampleRuntime(),
                sampleAnnotations(), List.of(base, second))), null, CREATED);
    }

    /**
     * linux/amd64 and linux/arm64/v8: a shared layer with {@code shared.txt} (same blob for both) and
     * a per-platform layer with {@code arch.txt} holding the architecture.
     */
    public static BuiltImage twoPlatforms(Path blobDirectory, ImageFormat format) throws IOException {
        TestLayer shared = layer(blobDirectory, format, CREATED, Entry.file("shared.txt", "shared\n", 0644));
        List<PlatformImage> images = new ArrayList<>();
        for (Platform platform : List.of(Platform.linuxAmd64(), new Platform("linux", "arm64", "v8", null))) {
            TestLayer own = layer(blobDirectory, format, CREATED,
                    Entry.file("arch.txt", platform.architecture() + "\n", 0644));
            images.add(platformImage(format, platform, sampleRuntime(), sampleAnnotations(), List.of(shared, own)));
        }
        return multiPlatform(format, sampleAnnotations(), images);
    }

    /**
     * linux/amd64, one layer per entry of {@code layerSizes}, each holding one file of that many random
     * bytes (seeded with {@code seed} plus the layer's index): random bytes do not compress, so every
     * blob is about as large as said.
     */
    public static BuiltImage single(Path blobDirectory, ImageFormat format, long seed, int... layerSizes)
            throws IOException {
        return new BuiltImage(format, List.of(randomImage(blobDirectory, format, Platform.linuxAmd64(), seed,
                layerSizes)), null, CREATED);
    }

    /** linux/amd64 and linux/arm64 under an index, each with one layer of 2,000 random bytes; nothing shared. */
    public static BuiltImage multi(Path blobDirectory, ImageFormat format, long seed) throws IOException {
        List<Platform> platforms = List.of(Platform.linuxAmd64(), new Platform("linux", "arm64", null, null));
        List<PlatformImage> images = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            images.add(randomImage(blobDirectory, format, platforms.get(i), seed + 100L * i, 2000));
        }
        return multiPlatform(format, Map.of(), images);
    }

    private static PlatformImage randomImage(Path blobDirectory, ImageFormat format, Platform platform, long seed,
            int... layerSizes) throws IOException {
        List<TestLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerSizes.length; i++) {
            byte[] content = new byte[layerSizes[i]];
            new Random(seed + i).nextBytes(content);
            layers.add(layer(blobDirectory, format, CREATED,
                    Entry.file("data/file-" + (seed + i) + ".bin", content, 0644)));
        }
        return platformImage(format, platform, RuntimeConfig.empty(), Map.of(), layers);
    }

    /** The bytes of a blob, from memory or its file. */
    public static byte[] bytes(Blob blob) throws IOException {
        try (InputStream in = blob.open()) {
            return in.readAllBytes();
        }
    }

    public static RuntimeConfig sampleRuntime() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin");
        env.put("APP_MODE", "prod");
        return new RuntimeConfig(env, List.of("/usr/local/bin/app"), List.of("--serve"), "/", null, null, null,
                null, null);
    }

    public static Map<String, String> sampleAnnotations() {
        return Map.of("org.opencontainers.image.created", "2024-01-31T12:00:00Z");
    }
}
