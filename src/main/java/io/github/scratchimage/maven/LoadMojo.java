package io.github.scratchimage.maven;

import io.github.scratchimage.daemon.LoadSink;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.log.BuildLog;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the image and loads it into the local Docker or Podman, through the Docker Engine API over
 * its unix socket: no {@code docker} or {@code podman} executable is run. Every tag is checked in the
 * engine afterwards. Of an image of several platforms, one is loaded.
 */
@Mojo(name = "load", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class LoadMojo extends AbstractImageMojo {

    /**
     * The engine's socket, {@code unix:///path/to/engine.sock}. Default: {@code DOCKER_HOST}, else the
     * current docker context's endpoint, else {@code /var/run/docker.sock}, {@code ~/.docker/run/docker.sock},
     * {@code $XDG_RUNTIME_DIR/podman/podman.sock}, {@code /run/podman/podman.sock}, the first that exists.
     */
    @Parameter(property = "scratch.dockerHost")
    String dockerHost;

    /**
     * {@code os/architecture[/variant]}: the platform to load of an image of several. Default: the
     * engine's own. It must be one of the image's.
     */
    @Parameter(property = "scratch.loadPlatform")
    String loadPlatform;

    @Inject
    public LoadMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    /**
     * The engine takes the image alone: no SBOM or signature goes anywhere, so no file is hashed and no
     * signing key read for one.
     */
    @Override
    boolean takesAttachments() {
        return false;
    }

    @Override
    protected List<ImageSink> sinks(ImageName name, BuildLog log) {
        return List.of(new LoadSink(dockerHost, "<dockerHost>", platform(loadPlatform), name, log));
    }

    /** The {@code loadPlatform} parameter (of {@code load} and {@code save}) read; null when unset. */
    static Platform platform(String loadPlatform) {
        try {
            return loadPlatform == null || loadPlatform.isBlank() ? null : Platform.parse(loadPlatform, null);
        } catch (InvalidImageException e) {
            throw InvalidParameterException.of("loadPlatform", e);
        }
    }
}
