package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.output.AttachmentFilesSink;
import io.github.scratchimage.output.MetadataSink;
import io.github.scratchimage.output.OciLayoutSink;
import io.github.scratchimage.output.TarballSink;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the image and saves it as one tar that is both an OCI image layout and a docker-archive
 * ({@code docker load}, {@code podman load}, {@code skopeo ... oci-archive:} all read it), with
 * {@code image.digest}, {@code image.json} and the SBOM ({@code sbom.spdx.json}) beside it.
 */
@Mojo(name = "save", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class SaveMojo extends AbstractImageMojo {
    static final String CLASSIFIER = "image";
    static final String TYPE = "tar";

    /**
     * Where the tarball goes; image.digest and image.json are written beside it. Default:
     * target/scratch/image.tar, or target/scratch/ID/image.tar for an execution with id ID.
     */
    @Parameter(property = "scratch.outputFile")
    File outputFile;

    /** Attaches the tarball to the project (type tar, with the classifier below) for install and deploy. */
    @Parameter(property = "scratch.attach", defaultValue = "false")
    boolean attach;

    /**
     * The classifier the tarball is attached with; default: image, or the execution's id when the POM
     * gives one (two attached tarballs need two classifiers).
     */
    @Parameter(property = "scratch.classifier")
    String classifier;

    /**
     * {@code os/architecture[/variant]}: the platform of an image of several that the tarball's
     * docker-archive part ({@code manifest.json}, what {@code docker load} reads) lists. Default: the
     * build machine's. It must be one of the image's.
     */
    @Parameter(property = "scratch.loadPlatform")
    String loadPlatform;

    /** Also add the image to this OCI image layout directory, keeping the images already there. */
    @Parameter(property = "scratch.layoutDirectory")
    File layoutDirectory;

    private final MavenProjectHelper projectHelper;

    @Inject
    public SaveMojo(MavenProjectHelper projectHelper, SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
        this.projectHelper = projectHelper;
    }

    /** Digest, description, SBOM beside the tarball (a pipe's: in scratchDirectory), in place before it. */
    @Override
    protected List<ImageSink> sinks(ImageName name, BuildLog log) {
        Path output = output();
        boolean deviceOrPipe = Files.exists(output) && !Files.isRegularFile(output) && !Files.isDirectory(output);
        Path metadata = deviceOrPipe ? scratchDirectory() : output.getParent();
        List<ImageSink> sinks = new ArrayList<>(List.of(new MetadataSink(metadata, name),
                new TarballSink(output, name, LoadMojo.platform(loadPlatform), log)));
        if (layoutDirectory != null) {
            sinks.add(new OciLayoutSink(absolute(layoutDirectory), name, log));
        }
        sinks.add(new AttachmentFilesSink(metadata, name, log));
        return sinks;
    }

    @Override
    protected Map<String, Path> outputs() {
        Map<String, Path> outputs = super.outputs();
        outputs.put("outputFile", output());
        outputs.put("layoutDirectory", absolute(layoutDirectory));
        return outputs;
    }

    /** The tarball, its directory, and the files written beside it. */
    @Override
    protected String parameterFor(Path path) {
        Path output = output();
        boolean beside = path.getParent() != null && path.getParent().equals(output.getParent())
                && (path.endsWith(MetadataSink.DIGEST_FILE) || path.endsWith(MetadataSink.JSON_FILE));
        return path.equals(output) || path.equals(output.getParent()) || beside ? "outputFile"
                : super.parameterFor(path);
    }

    @Override
    protected void delivered(ImageName name) {
        if (attach) {
            String id = namedExecutionId();
            String attachedAs = classifier != null && !classifier.isBlank() ? classifier.trim()
                    : id != null ? id : CLASSIFIER;
            projectHelper.attachArtifact(project, TYPE, attachedAs, output().toFile());
            getLog().info("Attached " + output().getFileName() + " (classifier " + attachedAs + ", type " + TYPE + ")");
        }
    }

    private Path output() {
        Path output = outputFile == null ? scratchDirectory().resolve("image.tar") : outputFile.toPath();
        return output.toAbsolutePath().normalize();
    }
}
