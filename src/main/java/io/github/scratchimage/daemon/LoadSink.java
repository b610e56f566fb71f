package io.github.scratchimage.daemon;

import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.output.ImageArchive;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Loads the image into a local Docker or Podman through the Docker Engine API over its unix socket,
 * with no {@code docker} or {@code podman} executable: the same tar as {@code save} writes, of one
 * platform, streamed as the body of {@code POST /images/load}; then every tag is asked for
 * ({@code GET /images/{name}/json}) and must be the loaded image.
 *
 * <p>It lives here with the engine's client, as the registry sink lives with the registry's: the
 * archive it streams comes from {@code output}, the only thing the two share.
 *
 * <p>{@link #check} finds the engine and asks its version before any layer is built, so a missing
 * engine fails the build at once. {@link #deliver} loads: an engine takes an image whole or not at all,
 * so there is nothing to put in place afterwards. An image of several platforms is loaded for one of
 * them: {@code loadPlatform}, by default the engine's own.
 */
public final class LoadSink implements ImageSink {
    private final String configuredHost;
    private final String setting;
    private final Platform loadPlatform;
    private final ImageName name;
    private final BuildLog log;
    private DockerEngine engine;
    private EngineVersion version;

    /**
     * @param configuredHost the engine's socket as configured ({@code unix://...}), or null to look for it
     * @param setting        the name of the setting that configures it, for messages (e.g. {@code <dockerHost>})
     * @param loadPlatform   the platform to load of an image of several, or null for the engine's
     */
    public LoadSink(String configuredHost, String setting, Platform loadPlatform, ImageName name, BuildLog log) {
        this.configuredHost = configuredHost;
        this.setting = setting;
        this.loadPlatform = loadPlatform;
        this.name = name;
        this.log = log;
    }

    @Override
    public String target() {
        return "container engine " + (configuredHost == null ? "" : configuredHost + " ") + name;
    }

    /** Finds the engine and asks its version: no engine, no build. */
    @Override
    public void check() throws IOException {
        DockerHost host = DockerHost.find(configuredHost, setting);
        engine = new DockerEngine(host);
        try {
            version = engine.version();
        } catch (EngineException e) {
            throw new EngineException(e.getMessage() + "; or set " + setting + " to another engine's socket", e);
        }
        log.info("Container engine: " + version + " at " + host);
    }

    @Override
    public void deliver(BuiltImage image) throws IOException {
        if (engine == null) {
            check();
        }
        PlatformImage chosen = platformImage(image);
        ImageArchive archive = new ImageArchive(image.onePlatform(chosen), name, chosen);
        List<String> answer = engine.load(archive);
        answer.forEach(line -> log.debug("Engine: " + line));
        String imageId = verify(chosen);
        log.info("Loaded " + name + " (" + chosen.platform() + ") into " + version.name() + " " + version.version()
                + ": image ID " + imageId);
    }

    /** The platform to load: {@code loadPlatform}; else the engine's, for an image of several platforms. */
    private PlatformImage platformImage(BuiltImage image) {
        if (loadPlatform != null) {
            return image.requireImageFor(loadPlatform, Field.LOAD_PLATFORM);
        }
        if (image.images().size() == 1) {
            PlatformImage only = image.images().get(0);
            if (!only.platform().matches(version.platform())) {
                log.warn("The image is for " + only.platform() + ", the container engine runs " + version.platform()
                        + " containers: it may not run there");
            }
            return only;
        }
        Optional<PlatformImage> engines = image.imageFor(version.platform());
        if (engines.isEmpty()) {
            throw new InvalidImageException(Field.LOAD_PLATFORM, "not set, so the container engine's platform, "
                    + version.platform() + ", which is not a platform of this image; it has " + image.platformNames()
                    + "; choose one of them");
        }
        return engines.get();
    }

    /**
     * Every tag names the loaded image: its ID is the config digest (Docker's classic store, Podman),
     * or the manifest digest (Docker's containerd store names an image by what it points at).
     */
    private String verify(PlatformImage loaded) throws IOException {
        String configId = loaded.config().digest().toString();
        String manifestId = loaded.manifest().digest().toString();
        String found = configId;
        for (String tag : name.tags()) {
            String reference = name.fullName(tag);
            Optional<String> id = engine.imageId(reference);
            if (id.isEmpty()) {
                throw new EngineException("the container engine at " + engineHost() + " took the image, but has no "
                        + reference + " afterwards");
            }
            if (!id.get().equals(configId) && !id.get().equals(manifestId)) {
                throw new EngineException("the container engine at " + engineHost() + " took the image, but "
                        + reference + " is image " + id.get() + ", not the loaded " + configId);
            }
            found = id.get();
        }
        return found;
    }

    private String engineHost() {
        return engine.host().toString();
    }
}
