package io.github.scratchimage.maven;

import io.github.scratchimage.testing.PodmanService;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The load ITs' container engine, for their setup.groovy and verify.groovy (one class loader in the
 * invoker's JVM, so verify finds what setup started): a real {@code podman system service} on
 * {@code engine/podman.sock} in the IT's directory, which its pom.xml names as {@code dockerHost}.
 * A service whose verify never ran is stopped when the JVM exits.
 */
public final class LoadIt {
    private static final Map<Path, PodmanService> ENGINES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ENGINES.values().forEach(PodmanService::close),
                "load-it-engines"));
    }

    private LoadIt() {
    }

    /** Starts the service for the IT in {@code basedir}. */
    public static PodmanService start(File basedir) throws IOException {
        PodmanService podman = PodmanService.start(basedir.toPath().resolve("engine"));
        ENGINES.put(basedir.toPath().toAbsolutePath(), podman);
        return podman;
    }

    /** The service {@link #start} started for {@code basedir}. */
    public static PodmanService engine(File basedir) {
        PodmanService podman = ENGINES.get(basedir.toPath().toAbsolutePath());
        if (podman == null) {
            throw new AssertionError("no podman service was started for " + basedir + " (setup.groovy)");
        }
        return podman;
    }

    public static void stop(File basedir) {
        PodmanService podman = ENGINES.remove(basedir.toPath().toAbsolutePath());
        if (podman != null) {
            podman.close();
        }
    }
}
