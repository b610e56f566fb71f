package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The docker-archive part of the tarball: {@code manifest.json}, one entry naming the config, the
 * tags and the layers (paths into {@code blobs/}), as {@code docker save} writes it since Docker 25.
 */
final class DockerArchiveManifest {
    static final String FILE = "manifest.json";

    private DockerArchiveManifest() {
    }

    static byte[] json(PlatformImage image, ImageName name) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Config", OciLayout.blobPath(image.config().digest()));
        entry.put("RepoTags", name.tags().stream().map(name::fullName).toList());
        entry.put("Layers", image.layers().stream().map(layer -> OciLayout.blobPath(layer.digest())).toList());
        return Json.bytes(List.of(entry));
    }

    /**
     * The platform image {@code manifest.json} lists: the first with the preferred os and
     * architecture (and variant, when the preference has one), else the first with the preferred
     * architecture, else the first image.
     */
    static PlatformImage select(BuiltImage image, Platform preferred) {
        Optional<PlatformImage> exact = image.imageFor(preferred);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<PlatformImage> images = image.images();
        for (PlatformImage candidate : images) {
            if (candidate.platform().architecture().equals(preferred.architecture())) {
                return candidate;
            }
        }
        return images.get(0);
    }

    /** linux and the JVM's architecture ({@code os.arch}, with x86_64/aarch64 spelled amd64/arm64). */
    static Platform hostPlatform() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        String normalized = switch (arch) {
            case "x86_64", "amd64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "arm32" -> "arm";
            default -> arch;
        };
        return new Platform("linux", normalized, null, null);
    }
}
