package io.github.scratchimage.maven;

import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.engine.Engine;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.OutputException;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.registry.RegistryException;
import io.github.scratchimage.sbom.ProjectPackage;
import io.github.scratchimage.sbom.SbomMaker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * The parameters every goal that builds an image shares, and the common flow: skip, check the
 * configuration, build, then hand the result to the goal. Bad configuration fails the build
 * ({@link MojoFailureException}) before anything is written; I/O trouble is an execution error.
 */
public abstract class AbstractImageMojo extends AbstractMojo {
    /** Maven's decrypter of settings.xml passwords, injected into each goal; null where a goal has none. */
    private final SettingsDecrypter settingsDecrypter;

    protected AbstractImageMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    /**
     * The image name, [registry[:port]/]repository[:tag], e.g. ghcr.io/org/app:1.0; without a tag,
     * latest. save defaults it to artifactId:version; push requires it. A -Dscratch.image on the
     * command line wins over the POM.
     */
    @Parameter(property = "scratch.image")
    String image;

    /**
     * More tags of the same repository, one tag element each (-Dscratch.tags=a,b on the command line,
     * which wins over the POM).
     */
    @Parameter(property = "scratch.tags")
    List<String> tags;

    /**
     * The platform of a single-platform image, os/architecture[/variant], e.g. linux/arm64; default
     * linux/amd64. Not together with platforms. A -Dscratch.platform on the command line wins over the
     * POM; when the POM has platforms, it picks that one entry (with its own layers and environment).
     */
    @Parameter(property = "scratch.platform")
    String platform;

    /**
     * Several platforms, one image each, under one image index. Each platform element has a name
     * (os/architecture[/variant]) and optionally: osVersion; layers, added after the common layers
     * (sources may hold the placeholders {os}, {arch} and {variant}); environment, merged over the
     * common one; entrypoint and cmd, replacing the common ones. Not together with platform.
     * -Dscratch.platforms=linux/amd64,linux/arm64 on the command line chooses the platforms, keeping
     * the entries the POM has for them.
     */
    @Parameter
    List<PlatformEntry> platforms;

    /** The os.version of the image config and platform (Windows builds); the default of every platforms entry. */
    @Parameter(property = "scratch.osVersion")
    String osVersion;

    /** Writes an image index even for a single platform (some tools want one). */
    @Parameter(property = "scratch.alwaysIndex", defaultValue = "false")
    boolean alwaysIndex;

    /**
     * What the platform check does with its findings (an executable built for another platform, an
     * entrypoint whose ELF loader or #! interpreter is not in the image): fail (the entrypoint fails
     * the build, other files warn), warn, or off (no file is read).
     */
    @Parameter(property = "scratch.platformCheck", defaultValue = "fail")
    String platformCheck;

    /**
     * How layers are compressed: {@code gzip}, {@code zstd} (smaller and faster; needs {@code format}
     * oci and a runtime that reads zstd layers) or {@code none}.
     */
    @Parameter(property = "scratch.compression", defaultValue = "gzip")
    String compression;

    /**
     * The level of {@code compression}: gzip 0 (stored, fastest) to 9 (smallest, slowest), default 6; zstd 1 to 19,
     * default 3. Unset: the algorithm's default.
     */
    @Parameter(property = "scratch.compressionLevel")
    Integer compressionLevel;

    /**
     * Where built layers are kept for later builds, keyed on their content, so projects and branches
     * can share it. Default: {@code $XDG_CACHE_HOME/scratch-maven-plugin} when that variable is set,
     * else {@code ~/.cache/scratch-maven-plugin} (Windows: {@code %LOCALAPPDATA%\scratch-maven-plugin}).
     */
    @Parameter(property = "scratch.cacheDirectory")
    File cacheDirectory;

    /**
     * After a build that adds layers to the cache, the layers unused the longest are removed until
     * the cache's layers take at most this much: bytes, or with a suffix k, m, g or t (KiB to TiB).
     */
    @Parameter(property = "scratch.cacheMaxSize", defaultValue = "5g")
    String cacheMaxSize;

    /**
     * The layers of the image, in order. Each layer element has an optional name (shown in the image
     * history), files, and layerPerFile (true: one layer per file and link, so a change to one file
     * uploads that file's layer alone). Each file element has: source, a file or directory relative to
     * the project directory; target, the absolute path in the image (for a directory, where its
     * contents go); optionally mode (octal, e.g. 0755; default 0755 for executables, else 0644),
     * directoryMode (default 0755), owner (numeric uid:gid, default 0:0), and for a directory source
     * includes and excludes (Ant patterns such as **&#47;*.html, one include or exclude element each).
     */
    @Parameter
    List<Layer> layers;

    /** Environment variables of the container, one element each, named by the variable, in the order written. */
    @Parameter
    LinkedHashMap<String, String> environment;

    /** The program the container runs, one arg element per argument, e.g. /usr/local/bin/app. */
    @Parameter
    List<String> entrypoint;

    /** The default arguments of the entrypoint, one arg element per argument. */
    @Parameter
    List<String> cmd;

    /** The working directory of the container, an absolute path. */
    @Parameter(property = "scratch.workingDirectory")
    String workingDirectory;

    /** The user the container runs as: user, uid, user:group or uid:gid, e.g. 65532:65532. */
    @Parameter(property = "scratch.user")
    String user;

    /** Ports the container listens on, PORT[/tcp|udp|sctp] or a range FROM-TO; a bare number is tcp. */
    @Parameter(property = "scratch.exposedPorts")
    List<String> exposedPorts;

    /** Volumes of the container, absolute paths. */
    @Parameter(property = "scratch.volumes")
    List<String> volumes;

    /** Labels of the image config, one element each, named by the label. */
    @Parameter
    Map<String, String> labels;

    /**
     * Manifest (and index) annotations, one element each, named by the annotation; they win over the
     * org.opencontainers.image.* annotations the plugin writes from the POM, and an empty element
     * leaves that annotation out.
     */
    @Parameter
    Map<String, String> annotations;

    /** The signal that stops the container, e.g. SIGTERM. */
    @Parameter(property = "scratch.stopSignal")
    String stopSignal;

    /**
     * The creation time of the image, ISO-8601 (2024-01-31T12:00:00Z) or seconds since 1970; default:
     * project.build.outputTimestamp, else the environment variable SOURCE_DATE_EPOCH, else
     * 1970-01-01T00:00:00Z, so that the same inputs give the same digest. Maven 4's own default
     * outputTimestamp (1980-02-01T00:00:00Z, from its super POM) counts only when the project sets it.
     */
    @Parameter(property = "scratch.creationTime")
    String creationTime;

    /** The media types of manifests and layers: oci, or docker for older tools. */
    @Parameter(property = "scratch.format", defaultValue = "oci")
    String format;

    /**
     * Writes an SPDX 2.3 SBOM of each platform image, listing every file with its SHA-1 and SHA-256:
     * {@code save} beside the tarball ({@code sbom.spdx.json}), {@code push} as an OCI 1.1 referrer of
     * each platform manifest; {@code load} has nowhere to put one, and hashes no file for it. See
     * docs/supply-chain.md.
     */
    @Parameter(property = "scratch.sbom", defaultValue = "true")
    boolean sbom = true;

    /**
     * A PEM PKCS#8 private key (ECDSA P-256, or RSA), optionally encrypted: the image is then signed
     * and attested to (SBOM, SLSA provenance) in cosign's key-based format.
     */
    @Parameter(property = "scratch.signingKey")
    File signingKey;

    /**
     * The id of the settings.xml {@code <server>} whose {@code <password>} (encrypted with
     * {@code mvn --encrypt-password} or not) decrypts {@code signingKey}; without it, the environment
     * variable {@code SCRATCH_SIGNING_KEY_PASSWORD}.
     */
    @Parameter(property = "scratch.signingServerId")
    String signingServerId;

    /** Skips the goal. */
    @Parameter(property = "scratch.skip", defaultValue = "false")
    boolean skip;

    /** Maven's reproducible-build timestamp. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    String outputTimestamp;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    private LayerOptions layerOptions;

    /** The current time in epoch milliseconds; tests move it to make fresh files count as settled. */
    LongSupplier clock = System::currentTimeMillis;

    /** The process environment, for the default {@code cacheDirectory}; tests replace it. */
    UnaryOperator<String> getenv = System::getenv;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("scratch: skipped");
            return;
        }
        if (session != null && session.getProjects().size() > 1 && !declaresThisPlugin()) {
            getLog().info("scratch: skipped " + project.getArtifactId() + ": its <build> does not declare "
                    + "scratch-maven-plugin (a goal run from a reactor root runs in every module)");
            return;
        }
        MavenBuildLog log = new MavenBuildLog(getLog());
        Instant started = Instant.now();
        try {
            checkConfiguredNames();
            commandLine().applyTo(this);
            PlannedImage planned = new ImagePlanFactory(projectInfo(), log).plan(this);
            LayerOptions layerOptions = ImagePlanFactory.layerOptions(this).withFileChecksums(attachesSbom());
            OutputLocations.checkNotInsideSources(planned.plan(), outputs());
            List<ImageSink> sinks = sinks(planned.name(), log);
            new Engine(scratchDirectory(), layerOptions, log, clock).run(planned.plan(), sinks,
                    attachmentMakers(planned.name(), started));
            delivered(planned.name());
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (InvalidImageException e) {
            InvalidParameterException named = InvalidParameterException.of(e);
            throw new MojoFailureException(named.getMessage(), named);
        } catch (OutputException e) {
            String parameter = parameterFor(e.path().toAbsolutePath().normalize());
            throw new MojoExecutionException((parameter == null ? "scratch: " : "<" + parameter + ">: ")
                    + e.getMessage(), e);
        } catch (RegistryException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("scratch: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException("scratch: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** settings.xml's servers (passwords decrypted) and proxies, for registry credentials and the signing key. */
    RegistrySettings registrySettings() {
        return new RegistrySettings(session == null ? null : session.getSettings(), settingsDecrypter, getLog());
    }

    /** Where the goal delivers the image named {@code name}, in order. */
    protected abstract List<ImageSink> sinks(ImageName name, BuildLog log) throws MojoExecutionException;

    /**
     * Refuses a {@code <configuration>} element (of the plugin or of this execution) that is no
     * parameter of any goal of the plugin: Maven would drop a typo silently, or only warn.
     */
    private void checkConfiguredNames() {
        if (mojoExecution == null || project == null) {
            return;
        }
        Plugin plugin = project.getPlugin(mojoExecution.getGroupId() + ":" + mojoExecution.getArtifactId());
        if (plugin == null) {
            return;
        }
        List<String> written = new ArrayList<>(childNames(plugin.getConfiguration()));
        PluginExecution execution = plugin.getExecutionsAsMap().get(mojoExecution.getExecutionId());
        if (execution != null) {
            written.addAll(childNames(execution.getConfiguration()));
        }
        Set<String> known = new HashSet<>();
        for (MojoDescriptor goal : mojoExecution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
            for (org.apache.maven.plugin.descriptor.Parameter parameter : goal.getParameters()) {
                known.add(parameter.getName());
                if (parameter.getAlias() != null) {
                    known.add(parameter.getAlias());
                }
            }
        }
        UnknownParameters.check(written, known);
    }

    private static List<String> childNames(Object configuration) {
        List<String> names = new ArrayList<>();
        if (configuration instanceof Xpp3Dom dom) {
            for (Xpp3Dom child : dom.getChildren()) {
                names.add(child.getName());
            }
        }
        return names;
    }

    /** Whether the project's build (its own or inherited {@code <plugins>}) declares this plugin. */
    private boolean declaresThisPlugin() {
        return project.getBuildPlugins().stream().anyMatch(plugin -> "io.github.scratchimage".equals(
                plugin.getGroupId()) && "scratch-maven-plugin".equals(plugin.getArtifactId()));
    }

    /** The paths the goal writes, by the parameter that names them (a path may be null: unset). */
    protected Map<String, Path> outputs() {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("cacheDirectory", cacheDirectory());
        return outputs;
    }

    /** The parameter that names {@code path} (or the directory it is in), for messages; null when none does. */
    protected String parameterFor(Path path) {
        for (Map.Entry<String, Path> output : outputs().entrySet()) {
            if (output.getValue() != null && path.startsWith(output.getValue())) {
                return output.getKey();
            }
        }
        return null;
    }

    /** Called once the image is delivered; nothing by default. */
    protected void delivered(ImageName name) {
    }

    /** The {@code -D} values of the command line that win over the POM. */
    CommandLineValues commandLine() {
        return new CommandLineValues(session == null ? null : session.getUserProperties());
    }

    /**
     * Where this execution keeps its own files (the delivery record, the build's blobs, the default
     * outputs): {@code target/scratch}, or {@code target/scratch/<execution id>} for an execution the
     * POM gives an id of its own, so that two executions in one module do not overwrite each other.
     */
    protected Path scratchDirectory() {
        Path scratch = buildDirectory().resolve("scratch");
        String id = namedExecutionId();
        return id == null ? scratch : scratch.resolve(id);
    }

    /**
     * The execution's id when the POM names it; null for Maven's own ids ({@code default},
     * {@code default-cli}, {@code default-<goal>}).
     */
    protected String namedExecutionId() {
        String id = mojoExecution == null ? null : mojoExecution.getExecutionId();
        if (id == null || id.equals("default") || id.startsWith("default-")) {
            return null;
        }
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new InvalidParameterException("execution id", "'" + id + "' cannot name the directory of the"
                    + " execution's files (target/scratch/<id>); use letters, digits, '.', '_' and '-'");
        }
        return id;
    }

    /** {@code file} as an absolute, normalised path; null for null. */
    protected static Path absolute(File file) {
        return file == null ? null : file.toPath().toAbsolutePath().normalize();
    }

    /** The project's {@code target} directory. */
    protected Path buildDirectory() {
        return Path.of(project.getBuild().getDirectory());
    }

    /**
     * The reference used when {@code <image>} is not set; {@code null} means the goal requires it.
     * {@code save}: {@code artifactId:version}.
     */
    protected String defaultImage() {
        return project.getArtifactId() + ":" + project.getVersion();
    }

    /** {@code image}, else the goal's {@linkplain #defaultImage default}; an error when the goal has none. */
    String imageOrDefault() {
        String reference = image == null || image.isBlank() ? defaultImage() : image;
        if (reference == null) {
            throw new InvalidParameterException("image", "is required for this goal; name the registry and "
                    + "repository, e.g. <image>ghcr.io/org/app:1.0</image> or -Dscratch.image=127.0.0.1:5000/app:1.0");
        }
        return reference;
    }

    /**
     * Whether the goal's outputs take attachments (SBOM, signatures): true unless the goal overrides
     * it. A goal that takes none ignores {@code <sbom>} and {@code <signingKey>}, so one plugin-level
     * configuration serves every goal.
     */
    boolean takesAttachments() {
        return true;
    }

    /**
     * Whether the goal's outputs get the image's SBOM: {@code <sbom>}, for a goal whose outputs take
     * attachments. Only then are the layers' files hashed (SHA-1 and SHA-256 of every file) for it.
     */
    boolean attachesSbom() {
        return sbom && takesAttachments();
    }

    /**
     * What is attached to the image named {@code name}: nothing for a goal that {@linkplain
     * #takesAttachments takes none}; else its SBOM unless {@code <sbom>} is false, then the signatures
     * and attestations when {@code <signingKey>} is set (after the SBOM: the signing maker attests to
     * the SBOMs it made).
     */
    private List<AttachmentMaker> attachmentMakers(ImageName name, Instant started) throws MojoExecutionException {
        if (!takesAttachments()) {
            return List.of();
        }
        List<AttachmentMaker> makers = new ArrayList<>();
        if (sbom) {
            makers.add(sbomMaker());
        }
        makers.addAll(SigningSettings.makers(signingKey, signingServerId, registrySettings(), System.getenv(), project,
                mojoExecution == null ? "build" : mojoExecution.getGoal(),
                mojoExecution == null ? "unknown" : mojoExecution.getVersion(), name, started));
        return makers;
    }

    /** The SBOM maker, describing the project as the image's package. */
    private SbomMaker sbomMaker() {
        List<String> licenses = new ArrayList<>();
        if (project.getLicenses() != null) {
            project.getLicenses().forEach(license -> licenses.add(license == null ? null : license.getName()));
        }
        String supplier = project.getOrganization() == null ? null : project.getOrganization().getName();
        String version = mojoExecution == null ? "unknown" : mojoExecution.getVersion();
        ProjectPackage projectPackage = new ProjectPackage(project.getGroupId(), project.getArtifactId(),
                project.getVersion(), ImagePlanFactory.licenseExpression(licenses),
                supplier == null || supplier.isBlank() ? null : supplier.strip());
        return new SbomMaker(projectPackage, "scratch-maven-plugin-" + version);
    }

    /** {@code cacheDirectory}, absolute; when unset, the user's cache directory ({@link DefaultCacheDirectory}). */
    Path cacheDirectory() {
        Path directory = cacheDirectory != null ? cacheDirectory.toPath()
                : DefaultCacheDirectory.of(getenv, System.getProperty("os.name"), System.getProperty("user.home"));
        return directory.toAbsolutePath().normalize();
    }

    ProjectInfo projectInfo() {
        String chosenTimestamp = OutputTimestamp.chosen(outputTimestamp, project,
                session == null ? null : session.getUserProperties());
        return ProjectInfo.of(project, chosenTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
    }
}
