package io.github.scratchimage.sbom;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.PlatformImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes one SPDX SBOM ({@link SpdxDocument}) per platform image, about that platform's manifest:
 * a file {@code sbom.spdx.json} for a single-platform image, {@code sbom-OS-ARCH[-VARIANT].spdx.json}
 * per platform otherwise; in a registry an OCI 1.1 referrer of artifact type
 * {@code application/spdx+json}. The documents do not depend on the name the image goes by. The
 * files' checksums come with the built image ({@link BuiltImage#layerFiles}), which the build
 * collects when asked ({@code LayerOptions.fileChecksums}).
 */
public final class SbomMaker implements AttachmentMaker {
    private final ProjectPackage project;
    private final String tool;

    /** @param tool the creating tool with its version, e.g. {@code scratch-maven-plugin-1.0} */
    public SbomMaker(ProjectPackage project, String tool) {
        this.project = project;
        this.tool = tool;
    }

    @Override
    public String describe() {
        return "sbom SPDX-2.3 " + project.purl() + " licenses " + project.licenseExpression() + " supplier "
                + project.supplier() + " by " + tool;
    }

    @Override
    public List<Attachment> make(BuiltImage image, ImageName name) {
        List<Attachment> sboms = new ArrayList<>();
        for (PlatformImage platformImage : image.images()) {
            byte[] document = SpdxDocument.of(project, tool, platformImage, image.created(), image.layerFiles());
            String fileName = image.images().size() == 1 ? "sbom.spdx.json"
                    : "sbom-" + platformImage.platform().toString().replace('/', '-') + ".spdx.json";
            sboms.add(new Attachment(platformImage.manifest().descriptor(), SpdxDocument.MEDIA_TYPE,
                    SpdxDocument.MEDIA_TYPE, document,
                    Map.of("org.opencontainers.image.created", SpdxDocument.timestamp(image.created())), fileName,
                    Attachment.Placement.REFERRER));
        }
        return sboms;
    }
}
