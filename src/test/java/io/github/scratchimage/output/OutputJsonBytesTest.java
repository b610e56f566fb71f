package io.github.scratchimage.output;

import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.image.ImageName;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageConfig;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageIndex;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.Manifest;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the exact bytes of the files the outputs write besides the blobs: {@code oci-layout},
 * {@code index.json}, docker's {@code manifest.json} and the pretty-printed {@code image.json}.
 * The images are made of fixed bytes (no gzip), so the digests below are the same on every machine.
 */
class OutputJsonBytesTest {
    private static final Instant CREATED = Instant.parse("2024-01-31T12:00:00Z");

    private static final ImageReference REFERENCE = ImageReference.parse("registry.example:5000/team/app:1.0");

    @TempDir
    Path dir;

    /** A platform image with one layer per content string, each layer's bytes being that string. */
    private static PlatformImage platformImage(ImageFormat format, Platform platform, String... layerContents) {
        List<Blob> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (String content : layerContents) {
            layers.add(Blob.ofBytes(format.layerMediaType(), content.getBytes(StandardCharsets.UTF_8)));
            diffIds.add(Digest.sha256("uncompressed " + content));
            history.add("layer " + content);
        }
        Blob config = Blob.ofBytes(format.configMediaType(), new ImageConfig(platform,
                CREATED, RuntimeConfig.empty(), diffIds, history).toJsonBytes());
        Manifest manifest = new Manifest(format, config.descriptor(), layers.stream().map(Blob::descriptor).toList(),
                Map.of());
        Blob manifestBlob = Blob.ofBytes(format.manifestMediaType(), manifest.toJsonBytes());
        return new PlatformImage(platform, layers, config, manifestBlob, diffIds);
    }

    private static BuiltImage singlePlatform() {
        return new BuiltImage(ImageFormat.OCI, List.of(platformImage(ImageFormat.OCI, Platform.linuxAmd64(), "one", "two")),
                null, CREATED);
    }

    private static BuiltImage twoPlatforms() {
        PlatformImage amd64 = platformImage(ImageFormat.DOCKER, Platform.linuxAmd64(), "amd64");
        PlatformImage windows = platformImage(ImageFormat.DOCKER,
                new Platform("windows", "amd64", null, "10.0 \u00e9\u2713\ud83d\ude00"), "windows");
        ImageIndex index = new ImageIndex(ImageFormat.DOCKER, List.of(
                amd64.manifest().descriptor().withPlatform(amd64.platform()),
                windows.manifest().descriptor().withPlatform(windows.platform())), Map.of());
        return new BuiltImage(ImageFormat.DOCKER, List.of(amd64, windows),
                Blob.ofBytes(ImageFormat.DOCKER.indexMediaType(), index.toJsonBytes()), CREATED);
    }

    @Test
    void layoutFile() {
        assertBytes(OciLayout.layoutFile(), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    @Test
    void indexFileOfOneManifest() {
        BuiltImage image = singlePlatform();
        String manifest = image.root().digest().toString();
        long size = image.root().size();
        assertBytes(OciLayout.indexFile(image, ImageName.of(REFERENCE, List.of("1.0", "latest"))), "{\"schemaVersion\":2,"
                + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest + "\","
                + "\"size\":" + size + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},"
                + "\"annotations\":{\"io.containerd.image.name\":\"registry.example:5000/team/app:1.0\","
                + "\"org.opencontainers.image.ref.name\":\"1.0\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest + "\","
                + "\"size\":" + size + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},"
                + "\"annotations\":{\"io.containerd.image.name\":\"registry.example:5000/team/app:latest\","
                + "\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
        assertThat(manifest).isEqualTo("sha256:e49fd7bdb76e9acc1cdcae07877201c42f08eb55073e15201af8a16f1deb87cd");
    }

    @Test
    void dockerArchiveManifest() {
        PlatformImage image = singlePlatform().images().get(0);
        assertBytes(DockerArchiveManifest.json(image, ImageName.of(REFERENCE, List.of("1.0", "latest"))),
                "[{\"Config\":\"blobs/sha256/386f0eecfbb2bc1687ffee3876612af9ee5b31d94ab86023b64c2b7287066684\","
                + "\"RepoTags\":[\"registry.example:5000/team/app:1.0\",\"registry.example:5000/team/app:latest\"],"
                + "\"Layers\":[\"blobs/sha256/7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed\","
                + "\"blobs/sha256/3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3\"]}]");
    }

    @Test
    void imageJsonOfOnePlatform() throws IOException {
        Sinks.deliver(new MetadataSink(dir, ImageName.of(REFERENCE, List.of("latest"))), singlePlatform());
        assertBytes(Files.readAllBytes(dir.resolve("image.json")), """
                {
                  "image" : "registry.example:5000/team/app:1.0",
                  "repository" : "registry.example:5000/team/app",
                  "tags" : [ "1.0", "latest" ],
                  "digest" : "sha256:e49fd7bdb76e9acc1cdcae07877201c42f08eb55073e15201af8a16f1deb87cd",
                  "mediaType" : "application/vnd.oci.image.manifest.v1+json",
                  "platforms" : [ {
                    "platform" : "linux/amd64",
                    "manifestDigest" : "sha256:e49fd7bdb76e9acc1cdcae07877201c42f08eb55073e15201af8a16f1deb87cd",
                    "configDigest" : "sha256:386f0eecfbb2bc1687ffee3876612af9ee5b31d94ab86023b64c2b7287066684",
                    "size" : 6,
                    "layers" : [ {
                      "digest" : "sha256:7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed",
                      "diffId" : "sha256:853bcabc63a7483ada908fa01ac2e2e073643f89d9b59992ebb9e6faa802c379",
                      "size" : 3,
                      "mediaType" : "application/vnd.oci.image.layer.v1.tar+gzip"
                    }, {
                      "digest" : "sha256:3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3",
                      "diffId" : "sha256:69c9df4ea985b89c8f710cefd1d6f49f8a7f5affe574d4fe0f73cfa6b5dd4aec",
                      "size" : 3,
                      "mediaType" : "application/vnd.oci.image.layer.v1.tar+gzip"
                    } ]
                  } ]
                }
                """);
    }

    /** Unlike the compact documents, image.json has a character outside the BMP as UTF-8, not as escapes. */
    @Test
    void imageJsonOfTwoPlatforms() throws IOException {
        Sinks.deliver(new MetadataSink(dir, ImageName.of(REFERENCE, List.of())), twoPlatforms());
        assertBytes(Files.readAllBytes(dir.resolve("image.json")), """
                {
                  "image" : "registry.example:5000/team/app:1.0",
                  "repository" : "registry.example:5000/team/app",
                  "tags" : [ "1.0" ],
                  "digest" : "sha256:32f19a849899450b76d00bab2b9c29b4225c00a913e4bd354268cfca3109e13f",
                  "mediaType" : "application/vnd.docker.distribution.manifest.list.v2+json",
                  "platforms" : [ {
                    "platform" : "linux/amd64",
                    "manifestDigest" : "sha256:80effb8e41e131918730b4122f07f020cbdccb24d3611207f8efc1f617a65345",
                    "configDigest" : "sha256:6e0a536d2d3894f913e2ae6b83f252da4d0853512c3a20d2fb47cf738a61c2a3",
                    "size" : 5,
                    "layers" : [ {
                      "digest" : "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51",
                      "diffId" : "sha256:3868cee0665a3a6e32ec773108327456cf9e50ed6fecca9fba47e47c815e6ce1",
                      "size" : 5,
                      "mediaType" : "application/vnd.docker.image.rootfs.diff.tar.gzip"
                    } ]
                  }, {
                    "platform" : "windows/amd64",
                    "osVersion" : "10.0 \u00e9\u2713\ud83d\ude00",
                    "manifestDigest" : "sha256:19a774c28d1ec4240a30128a81ae47b436cde6258679192edbea2a92c07aaf63",
                    "configDigest" : "sha256:1804e1048e18af311385e6088dc3d668e053f28257af3da454f68896f1a2a405",
                    "size" : 7,
                    "layers" : [ {
                      "digest" : "sha256:340d600392818df2413382dc7d8325c360d83ea49a262d31760348484bbc10b5",
                      "diffId" : "sha256:8e4753909729b32e943031eb3917b15302d1296aaf9c95b39ef137162c5c121c",
                      "size" : 7,
                      "mediaType" : "application/vnd.docker.image.rootfs.diff.tar.gzip"
                    } ]
                  } ]
                }
                """);
    }

    private static void assertBytes(byte[] actual, String expected) {
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(actual).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
}
