package io.github.scratchimage.engine;

import io.github.scratchimage.image.ImageConfig;
import io.github.scratchimage.layer.EntriesState;
import io.github.scratchimage.layer.EntryStates;
import io.github.scratchimage.layer.LayerCache;
import io.github.scratchimage.layer.LayerEntry;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.StateBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An image plan checked and resolved, not yet built: every layer's entries (files stat'ed once,
 * none read), per platform its layers in order. {@link ImageBuilder#prepare} makes it and
 * {@link ImageBuilder#build(PreparedImage, LayerListener)} builds it.
 */
public final class PreparedImage {
    private static final String FORMAT = "scratch-image-inputs/1";

    private final ImagePlan plan;
    private final Map<PlatformPlan, List<LayerPart>> layersByPlatform;
    private final Map<LayerPart, List<LayerEntry>> entries;
    private final LayerOptions options;
    private final long takenMillis;
    private final EntryStates entryStates = new EntryStates();

    PreparedImage(ImagePlan plan, Map<PlatformPlan, List<LayerPart>> layersByPlatform,
            Map<LayerPart, List<LayerEntry>> entries, LayerOptions options, long takenMillis) {
        this.plan = plan;
        this.layersByPlatform = layersByPlatform;
        this.entries = entries;
        this.options = options;
        this.takenMillis = takenMillis;
    }

    public ImagePlan plan() {
        return plan;
    }

    Map<PlatformPlan, List<LayerPart>> layersByPlatform() {
        return layersByPlatform;
    }

    /** Every distinct layer's entries, in build order. */
    Map<LayerPart, List<LayerEntry>> entries() {
        return entries;
    }

    /** Each layer's file state, computed once for everything that keys on it in this build. */
    EntryStates entryStates() {
        return entryStates;
    }

    /** A time no later than the first stat of any file. */
    long takenMillis() {
        return takenMillis;
    }

    /**
     * What this image would be built from, as bytes; empty when a file has no stamp (a file system
     * without the {@code unix} attribute view) or the engine's code cannot be identified.
     *
     * <p>The bytes hold the engine's code (its jar's path, size and mtime), the layer format and
     * compression (algorithm and level), the plan's format, creation time, index choice and annotations, per platform
     * the config as it would be written without layers (platform and runtime settings, exactly as the
     * config JSON holds them), the platform itself and its layers (by position) with their history
     * text, and every layer's entries with their files' stamps.
     */
    public Optional<InputState> inputState() {
        Optional<String> engine = engineIdentity();
        if (engine.isEmpty()) {
            return Optional.empty();
        }
        StateBytes state = new StateBytes().text(FORMAT).text(engine.get()).text(LayerCache.FORMAT)
                .text(options.compressionId()).text(plan.format().name()).instant(plan.created())
                .number(plan.needsIndex() ? 1 : 0);
        Map<String, String> annotations = new TreeMap<>(plan.annotations());
        state.number(annotations.size());
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            state.text(annotation.getKey()).text(annotation.getValue());
        }

        Map<LayerPart, Integer> positions = new IdentityHashMap<>();
        state.number(entries.size());
        for (Map.Entry<LayerPart, List<LayerEntry>> part : entries.entrySet()) {
            positions.put(part.getKey(), positions.size());
            Optional<EntriesState> files = entryStates.of(part.getValue());
            if (files.isEmpty()) {
                return Optional.empty();
            }
            state.number(files.get().entryCount()).entries(files.get());
        }
        state.number(layersByPlatform.size());
        for (Map.Entry<PlatformPlan, List<LayerPart>> platform : layersByPlatform.entrySet()) {
            PlatformPlan platformPlan = platform.getKey();
            state.text(platformPlan.platform().toString());
            state.text(String.valueOf(platformPlan.platform().osVersion()));
            state.bytes(new ImageConfig(platformPlan.platform(), plan.created(), platformPlan.runtime(), List.of(),
                    List.of()).toJsonBytes());
            state.number(platform.getValue().size());
            for (LayerPart part : platform.getValue()) {
                state.number(positions.get(part)).text(part.historyText());
            }
        }
        return Optional.of(new InputState(state.toByteArray(), state.newestChangeMillis(), takenMillis));
    }

    /**
     * The code that builds: the plugin jar's path, size and modification time, so that a rebuilt
     * jar of the same version counts as other code. Code run from a directory (tests, an IDE) is
     * known by its path alone.
     */
    private static Optional<String> engineIdentity() {
        try {
            CodeSource source = PreparedImage.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return Optional.of(location.toString());
            }
            return Optional.of(location + " " + Files.size(location) + " "
                    + Files.getLastModifiedTime(location).toMillis());
        } catch (IOException | RuntimeException | java.net.URISyntaxException unknown) {
            return Optional.empty();
        }
    }
}
