package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.output.MetadataSink;
import io.github.scratchimage.registry.MountSources;
import io.github.scratchimage.registry.RegistryOptions;
import io.github.scratchimage.registry.RegistrySink;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the image and pushes it to its registry under its tag and every extra tag, and to every
 * {@code additionalImages} reference: blobs and manifests to every registry before any tag is
 * written, so a tag never points at an incomplete image. Credentials come from {@code <auth>}, else
 * the settings.xml {@code <server>}, else docker's and podman's files; the proxy from settings.xml.
 * Writes {@code image.digest} and {@code image.json} to {@code target/scratch} (or
 * {@code target/scratch/<execution id>} for an execution with an id of its own).
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class PushMojo extends AbstractImageMojo {
    /** The longest {@code httpTimeout}: a day, in seconds. */
    private static final int MAX_HTTP_TIMEOUT = 86_400;

    /**
     * The registry credential: username, and passwordEnvironment (the name of an environment variable
     * holding the password; mvn -X cannot print it) or password (printed by mvn -X, and kept in
     * version control). Prefer a settings.xml server with an encrypted password, or docker login.
     */
    @Parameter
    Auth auth;

    /** The id of the settings.xml server holding the credential; default: the registry's host[:port]. */
    @Parameter(property = "scratch.serverId")
    String serverId;

    /** PEM files with certificates to trust in addition to the JVM's CAs (self-signed or company CAs). */
    @Parameter(property = "scratch.caCertificates")
    List<File> caCertificates;

    /** Allow plain HTTP and unverified TLS for any registry (loopback registries may always use HTTP). */
    @Parameter(property = "scratch.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    /** How many times a failed request or blob upload is tried again. */
    @Parameter(property = "scratch.retries", defaultValue = "5")
    int retries;

    /**
     * Upload blobs in chunks of this size (PATCH with Content-Range): bytes, or with k, m, g (KiB, MiB,
     * GiB), e.g. 5m; default: one PUT per blob, and a layer of 4 MiB of files or more sent while it is
     * compressed (one PATCH of unknown length).
     */
    @Parameter(property = "scratch.chunkSize")
    String chunkSize;

    /** How many blobs are uploaded at once; four times as many are checked at once (does the registry have it?). */
    @Parameter(property = "scratch.parallelUploads", defaultValue = "4")
    int parallelUploads;

    /**
     * Seconds to wait for the registry's answer to a request (and at most 30 of them for a connection)
     * before the attempt fails and is retried.
     */
    @Parameter(property = "scratch.httpTimeout", defaultValue = "300")
    int httpTimeout;

    /**
     * More images of the registry pushed to whose layers a push may reuse, besides those of the image
     * its tag holds: one image element each, e.g. registry.example.com/app:release
     * (-Dscratch.cacheFrom=a,b on the command line). A layer with the same content and compression is
     * then neither compressed nor uploaded, but mounted from there.
     */
    @Parameter(property = "scratch.cacheFrom")
    List<String> cacheFrom;

    /**
     * More references ({@code [registry/]repository[:tag]}, comma-separated on the command line) to push
     * the same image to; one without a tag gets the tags of {@code image}. Credentials for another
     * registry come from the settings.xml {@code <server>} with its host[:port] as id, else docker's and
     * podman's files. Every registry gets the image before any gets a tag.
     */
    @Parameter(property = "scratch.additionalImages")
    List<String> additionalImages;

    @Inject
    public PushMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    /** A push goes to a registry the user names: no default that would silently mean Docker Hub. */
    @Override
    protected String defaultImage() {
        return null;
    }

    /**
     * A registry sink per repository ({@code image} first, then {@code additionalImages}), then the
     * metadata. A registry other than {@code image}'s does not get {@code <auth>} or {@code <serverId>}.
     */
    @Override
    protected List<ImageSink> sinks(ImageName name, BuildLog log) throws MojoExecutionException {
        List<ImageReference> reusable = ReferenceList.parse("cacheFrom", cacheFrom);
        List<ImageName> names = AdditionalImages.names(name,
                commandLine().listOr(AdditionalImages.PROPERTY, additionalImages));
        RegistryOptions options = registryOptions(name.reference());
        MountSources mountSources = new MountSources(); // this run's, shared by its registry sinks
        List<ImageSink> sinks = new ArrayList<>();
        for (ImageName target : names) {
            boolean ownRegistry = target.reference().registry().equals(name.reference().registry());
            sinks.add(ownRegistry ? new RegistrySink(options, target, reusable, mountSources, log)
                    : new RegistrySink(options.toBuilder().credential(registrySettings().credential(target.reference(), null,
                            null)).build(), target, List.of(), mountSources, log));
        }
        sinks.add(new MetadataSink(scratchDirectory(), names.get(0), names.subList(1, names.size())));
        return sinks;
    }

    /** The engine's options from the goal's parameters and Maven's settings, checked. */
    RegistryOptions registryOptions(ImageReference reference) throws MojoExecutionException {
        if (retries < 0) {
            throw new InvalidParameterException("retries", "must be 0 or more, not " + retries);
        }
        if (parallelUploads < 1) {
            throw new InvalidParameterException("parallelUploads", "must be 1 or more, not " + parallelUploads);
        }
        if (httpTimeout < 1 || httpTimeout > MAX_HTTP_TIMEOUT) {
            throw new InvalidParameterException("httpTimeout", "must be from 1 to " + MAX_HTTP_TIMEOUT
                    + " seconds (a day), not " + httpTimeout);
        }
        Long chunkBytes = chunkSize == null || chunkSize.isBlank() ? null
                : ImagePlanFactory.bytes(chunkSize.trim(), "chunkSize");
        if (chunkBytes != null && chunkBytes < 1) {
            throw new InvalidParameterException("chunkSize", "must be a positive size, not " + chunkSize
                    + "; leave it out to upload each blob in one request");
        }
        List<File> files = caCertificates == null ? List.of() : caCertificates; // null only when built without Maven
        List<Path> certificates = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i).toPath().toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new InvalidParameterException("caCertificates/caCertificate[" + (i + 1) + "]",
                        "file " + file + " does not exist; give PEM files of certificates to trust");
            }
            certificates.add(file);
        }
        boolean offline = session != null && session.isOffline();
        RegistrySettings settings = registrySettings();
        return RegistryOptions.builder()
                .credential(settings.credential(reference, auth, serverId))
                .proxy(settings.proxy())
                .caCertificates(certificates)
                .allowInsecureRegistries(allowInsecureRegistries)
                .retries(retries)
                .chunkSize(chunkBytes)
                .parallelUploads(parallelUploads)
                .timeout(Duration.ofSeconds(httpTimeout))
                .offline(offline)
                .build();
    }
}
