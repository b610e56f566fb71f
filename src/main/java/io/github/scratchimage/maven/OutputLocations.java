package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses an output or the layer cache inside a directory that a layer copies: the next build would
 * copy the last image (or the cache) into the new one, and an output could be read while it is
 * written. Checked before anything is built.
 */
final class OutputLocations {
    private OutputLocations() {
    }

    /** @param outputs each output parameter's name and the path it gives (null when unset) */
    static void checkNotInsideSources(ImagePlan plan, Map<String, Path> outputs) {
        for (PlatformPlan platform : plan.platforms()) {
            for (LayerSpec layer : platform.layers()) {
                for (FileSpec file : layer.files()) {
                    Path source = real(file.source());
                    if (file.source().toString().contains("{") || !Files.isDirectory(source)) {
                        continue;
                    }
                    outputs.forEach((parameter, output) -> {
                        Path path = output == null ? null : real(output);
                        if (path != null && path.startsWith(source) && !path.equals(source)
                                && file.picks(source.relativize(path).toString().replace('\\', '/'))) {
                            throw new InvalidParameterException(parameter, output + " is inside " + source
                                    + ", which <" + file.origin() + "/source> copies into the image; move "
                                    + "<" + parameter + "> out of it, or leave it out with <excludes>");
                        }
                    });
                }
            }
        }
    }

    /** The path with its links resolved as far as it exists, the rest appended. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
