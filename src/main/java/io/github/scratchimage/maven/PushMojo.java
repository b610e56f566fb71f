package io.github.scratchimage.maven;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.engine.InputState;
import io.github.scratchimage.engine.LayerListener;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.engine.PreparedImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.output.ImageMetadataWriter;
import io.github.scratchimage.output.PushRecord;
import io.github.scratchimage.registry.PushResult;
import io.github.scratchimage.registry.PushSession;
import io.github.scratchimage.registry.RegistryException;
import io.github.scratchimage.registry.RegistryOptions;
import io.github.scratchimage.registry.RegistryPusher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the image and pushes it to its registry under its tag and every extra tag: blobs first, the
 * manifest last, so a tag never points at an incomplete image. Credentials come from {@code <auth>},
 * else the settings.xml {@code <server>}, else docker's and podman's files; the proxy from settings.xml.
 * Writes {@code image.digest} and {@code image.json} to {@code target/scratch}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class PushMojo extends AbstractImageMojo {
    /** The longest {@code httpTimeout}: a day, in seconds. */
    private static final int MAX_HTTP_TIMEOUT = 86_400;

    /**
     * Username and password for the registry. Prefer a settings.xml {@code <server>} with an encrypted
     * password: a password here ends up in version control.
     */
    @Parameter
    Auth auth;

    /** The id of the settings.xml {@code <server>} holding the credential; default: the registry host[:port]. */
    @Parameter(property = "scratch.serverId")
    String serverId;

    /** PEM files with certificates to trust in addition to the JVM's CAs (self-signed or company CAs). */
    @Parameter(property = "scratch.caCertificates")
    List<File> caCertificates = new ArrayList<>();

    /** Allow plain HTTP and unverified TLS for any registry (loopback registries may always use HTTP). */
    @Parameter(property = "scratch.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    /** How many times a failed request or blob upload is tried again. */
    @Parameter(property = "scratch.retries", defaultValue = "5")
    int retries = 5;

    /** Upload blobs in chunks of this many bytes (PATCH with Content-Range); default: one request per blob. */
    @Parameter(property = "scratch.chunkSize")
    Long chunkSize;

    /** How many blobs are uploaded at once. */
    @Parameter(property = "scratch.parallelUploads", defaultValue = "4")
    int parallelUploads = 4;

    /**
     * Seconds to wait for the registry's answer to a request (and at most 30 of them for a connection)
     * before the attempt fails and is retried.
     */
    @Parameter(property = "scratch.httpTimeout", defaultValue = "300")
    int httpTimeout = 300;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    /** Connecting since {@link #beforePlanning}; closed by {@link #afterRun}. */
    private PushingLayers pushing;

    @Inject
    public PushMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    /** A push goes to a registry the user names: no default that would silently mean Docker Hub. */
    @Override
    protected String defaultImage() {
        return null;
    }

    @Override
    protected void beforePlanning(ImageTarget target) throws MojoExecutionException {
        RegistryOptions options = registryOptions(target.reference());
        if (options.offline()) {
            throw new MojoExecutionException("Maven runs offline (-o) and scratch:push needs the registry "
                    + target.reference().registryHost() + "; run without -o, or use scratch:save to write the image to a file");
        }
        pushing = new PushingLayers(new RegistryPusher(options, new MavenBuildLog(getLog())), target);
    }

    @Override
    protected void afterRun() {
        if (pushing != null) {
            pushing.close();
        }
    }

    @Override
    protected void run(PlannedImage planned) throws IOException, MojoExecutionException {
        StringJoiner platforms = new StringJoiner(", ");
        for (PlatformPlan platform : planned.plan().platforms()) {
            platforms.add(platform.platform().toString());
        }
        getLog().info("Building " + planned.reference() + " for " + platforms);
        Path scratch = buildDirectory().resolve("scratch");
        Optional<InputState> inputs;
        BuiltImage built;
        PushResult result;
        try {
            PreparedImage prepared = prepare(planned);
            // Without a record to compare with, the input state is only needed for the next push:
            // it is then computed after the layers are built, while their last uploads still run.
            boolean recorded = PushRecord.exists(scratch);
            inputs = recorded ? prepared.inputState() : Optional.empty();
            Optional<PushResult> unchanged = inputs.isEmpty() ? Optional.empty()
                    : alreadyPushed(inputs.get(), planned, scratch, pushing);
            if (unchanged.isPresent()) {
                getLog().info("Unchanged since the last push from this project: same inputs, and every tag still holds "
                        + unchanged.get().digest() + "; nothing built or uploaded");
                logPushed(unchanged.get(), planned, scratch);
                return;
            }
            PushRecord.delete(scratch);
            built = build(prepared, pushing);
            if (!recorded) {
                inputs = prepared.inputState();
            }
            result = pushing.session().finish(built);
        } catch (RegistryException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } finally {
            pushing.close(); // the connections are not needed for the files below
        }
        new ImageMetadataWriter().write(built, planned.reference(), planned.extraTags(), scratch);
        if (inputs.isPresent()) {
            PushRecord.write(scratch, inputs.get(), planned.reference(), planned.extraTags(), result.digest());
        }
        logPushed(result, planned, scratch);
    }

    /**
     * The push recorded for these inputs, when {@code image.digest} still names its digest and every
     * tag still holds it at the registry (one HEAD per tag, the first asked while the files were
     * resolved); else empty.
     */
    private static Optional<PushResult> alreadyPushed(InputState inputs, PlannedImage planned, Path scratch,
            PushingLayers pushing) throws IOException {
        Optional<Digest> recorded = PushRecord.read(scratch, inputs, planned.reference(), planned.extraTags());
        if (recorded.isEmpty() || !ImageMetadataWriter.describes(scratch, recorded.get())) {
            return Optional.empty();
        }
        return pushing.session().alreadyPushed(recorded.get());
    }

    private void logPushed(PushResult result, PlannedImage planned, Path scratch) {
        getLog().info("Pushed " + result.references().size() + " tag(s) of " + planned.reference().registry() + "/"
                + planned.reference().repository() + " at " + result.digest() + "; " + ImageMetadataWriter.DIGEST_FILE
                + " and " + ImageMetadataWriter.JSON_FILE + " in " + scratch);
    }

    /**
     * Connects to the registry on its own thread while the build resolves its inputs (loading the
     * HTTP client and the first round trip take about as long), then uploads each newly built layer
     * while the others are still being built. Bad input is still reported first: a failure to
     * connect surfaces only when the session is needed. Layers from the cache are left to
     * {@link PushSession#finish}, which first asks whether the tag already holds the image.
     */
    private static final class PushingLayers implements LayerListener, AutoCloseable {
        private final FutureTask<PushSession> opening;
        private final Thread connecting;
        private PushSession opened; // guarded by this
        private boolean closed; // guarded by this

        PushingLayers(RegistryPusher pusher, ImageTarget target) {
            this.opening = new FutureTask<>(() -> {
                PushSession session = pusher.open(target.reference(), target.extraTags());
                synchronized (this) {
                    if (closed) {
                        session.close();
                    } else {
                        opened = session;
                    }
                }
                return session;
            });
            this.connecting = new Thread(opening, "scratch-connect");
            connecting.setDaemon(true);
            connecting.start();
        }

        /** The open session, once connected; rethrows what connecting failed with. */
        PushSession session() {
            try {
                return opening.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to the registry", e);
            }
        }

        @Override
        public void layerReady(Blob layer, boolean fromCache) {
            if (!fromCache) {
                session().upload(layer);
            }
        }

        /** Closes the session; one still connecting stops retrying and is closed as soon as it is open. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (opened != null) {
                opened.close();
            } else if (!opening.isDone()) {
                connecting.interrupt();
            }
        }
    }

    /** The engine's options from the goal's parameters and Maven's settings, checked. */
    RegistryOptions registryOptions(ImageReference reference) throws MojoExecutionException {
        if (retries < 0) {
            throw new InvalidImageException("retries", "must be 0 or more, not " + retries);
        }
        if (parallelUploads < 1) {
            throw new InvalidImageException("parallelUploads", "must be 1 or more, not " + parallelUploads);
        }
        if (httpTimeout < 1 || httpTimeout > MAX_HTTP_TIMEOUT) {
            throw new InvalidImageException("httpTimeout", "must be from 1 to " + MAX_HTTP_TIMEOUT
                    + " seconds (a day), not " + httpTimeout);
        }
        if (chunkSize != null && chunkSize < 1) {
            throw new InvalidImageException("chunkSize", "must be a positive number of bytes, not " + chunkSize
                    + "; leave it out to upload each blob in one request");
        }
        List<Path> certificates = new ArrayList<>();
        for (int i = 0; i < caCertificates.size(); i++) {
            Path file = caCertificates.get(i).toPath().toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new InvalidImageException("caCertificates/caCertificate[" + (i + 1) + "]",
                        "file " + file + " does not exist; give PEM files of certificates to trust");
            }
            certificates.add(file);
        }
        boolean offline = session != null && session.isOffline();
        RegistrySettings settings = new RegistrySettings(session == null ? null : session.getSettings(),
                settingsDecrypter, getLog());
        return RegistryOptions.builder()
                .credential(settings.credential(reference, auth, serverId))
                .proxy(settings.proxy())
                .caCertificates(certificates)
                .allowInsecureRegistries(allowInsecureRegistries)
                .retries(retries)
                .chunkSize(chunkSize)
                .parallelUploads(parallelUploads)
                .timeout(Duration.ofSeconds(httpTimeout))
                .offline(offline)
                .build();
    }
}
