package io.github.scratchimage.maven;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.output.ImageMetadataWriter;
import io.github.scratchimage.output.ImageTarballWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the image and saves it as one tar that is both an OCI image layout and a docker-archive
 * ({@code docker load}, {@code podman load}, {@code skopeo ... oci-archive:} all read it), with
 * {@code image.digest} and {@code image.json} beside it.
 */
@Mojo(name = "save", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class SaveMojo extends AbstractImageMojo {
    static final String CLASSIFIER = "image";
    static final String TYPE = "tar";

    /** Where the tarball goes; image.digest and image.json are written beside it. */
    @Parameter(property = "scratch.outputFile", defaultValue = "${project.build.directory}/scratch/image.tar")
    File outputFile;

    /** Attaches the tarball to the project (classifier {@code image}, type {@code tar}). */
    @Parameter(property = "scratch.attach", defaultValue = "false")
    boolean attach;

    private final MavenProjectHelper projectHelper;

    @Inject
    public SaveMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected void run(PlannedImage planned) throws IOException {
        Path output = outputFile.toPath().toAbsolutePath().normalize();
        getLog().info("Building " + planned.reference() + " for "
                + planned.plan().platforms().stream().map(p -> p.platform().toString()).collect(Collectors.joining(", ")));
        BuiltImage built = build(planned);
        new ImageTarballWriter().write(built, planned.reference(), planned.extraTags(), output);
        new ImageMetadataWriter().write(built, planned.reference(), planned.extraTags(), output.getParent());
        for (PlatformImage image : built.images()) {
            getLog().info("Image " + planned.reference() + " (" + image.platform() + "): " + image.manifest().digest());
        }
        if (built.index() != null) {
            getLog().info("Index " + planned.reference() + ": " + built.digest());
        }
        getLog().info("Saved " + String.join(", ", planned.allTags()) + " to " + output);
        if (attach) {
            projectHelper.attachArtifact(project, TYPE, CLASSIFIER, output.toFile());
            getLog().info("Attached " + output.getFileName() + " (classifier " + CLASSIFIER + ", type " + TYPE + ")");
        }
    }
}
