package io.github.scratchimage.output;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.LayerStream;
import io.github.scratchimage.engine.LayerToWrite;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.image.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes an image as ONE tar that is both an OCI image layout and a docker-archive, like
 * {@code docker save} since Docker 25:
 * <pre>
 * blobs/  blobs/sha256/  blobs/sha256/&lt;hex&gt;...   every layer, config, manifest and index, once
 * index.json     the root (manifest or index) once per tag, with org.opencontainers.image.ref.name
 *                = the tag and io.containerd.image.name = the full name; a single manifest carries its platform
 * manifest.json  [{"Config":"blobs/sha256/..","RepoTags":["docker.io/example/app:1.0",..],"Layers":["blobs/sha256/..",..]}]
 * oci-layout     {"imageLayoutVersion":"1.0.0"}
 * </pre>
 * So {@code skopeo ... oci-archive:FILE[:tag]}, {@code skopeo ... docker-archive:FILE},
 * {@code docker load} and {@code podman load} all read it. Layers stay gzip-compressed (docker and
 * podman load decompress them; the config's diff_ids name the uncompressed content). RepoTags are
 * written fully qualified ({@code docker.io/example/app:1.0}): Docker reads them like its short form,
 * and podman 4 then names the image the same whether it loads the tar as oci-archive (tried first;
 * works when index.json has one entry, i.e. one tag) or as docker-archive (where a short
 * {@code example/app} would become {@code localhost/example/app}).
 *
 * <p><b>Several platforms.</b> {@code index.json} points at the image index, so OCI tools see every
 * platform ({@code skopeo copy --all oci-archive:FILE ...}). A docker-archive has no notion of
 * platforms: {@code docker load} (classic store) and {@code podman load} load every entry of
 * {@code manifest.json} and give each its RepoTags, so listing all platforms would load images for
 * other machines and leave the tags on one of them (for podman, an entry without RepoTags becomes an
 * unnamed image). {@code manifest.json} therefore lists exactly one entry: the platform matching
 * the machine that writes the tar (linux and the JVM's {@code os.arch}; else the first platform with
 * that architecture; else the first platform), which is what containerd's exporter (and so
 * {@code docker save} with the containerd store) does too. Write the tar on (or for) the machine that
 * loads it, or pass the platform to the constructor (then it must be one of the image's); the image digest does not depend on that choice, only {@code manifest.json} does.
 *
 * <p>The tar is reproducible: entries in a fixed order (see {@link ImageArchive}), every entry with mtime = the image's creation time
 * (from the first config; the epoch when it has none or it is before 1970), owner 0:0 without names,
 * mode 0755 / 0644. Blobs are streamed and checked against their size and digest. The file is
 * written under a hidden temporary name in the same directory and moved into place; on failure that
 * file is deleted and an existing {@code outputFile} is left untouched.
 */
public final class TarballSink implements ImageSink {
    private final Path file;
    private final ImageName name;
    private final Platform chosenPlatform;
    private final BuildLog log;
    private AtomicFiles.StagedFile staged;
    private LeadingLayer leading;

    /**
     * @param file                  the tar to write; its directory is created
     * @param dockerArchivePlatform the platform whose image {@code manifest.json} lists, for an image of
     *                              several platforms (it must be one of them); null for the machine this
     *                              runs on, or a near one
     */
    public TarballSink(Path file, ImageName name, Platform dockerArchivePlatform, BuildLog log) {
        this.file = file;
        this.name = name;
        this.chosenPlatform = dockerArchivePlatform;
        this.log = log;
    }

    @Override
    public String target() {
        return "tarball " + file;
    }

    @Override
    public void check() throws IOException {
        AtomicFiles.checkWritable(file);
    }

    /**
     * The tar's temporary file is begun with the largest layer's bytes while that layer is compressed
     * (see {@link LeadingLayer}): for a big layer, the copy into the tar after the build costs about
     * as much as writing the layer once more (docs/performance.md, "A big layer against pigz").
     */
    @Override
    public LayerStream layerStream(LayerToWrite layer) {
        if (!layer.largest()) {
            return null;
        }
        close(); // what an earlier build of this run began
        leading = new LeadingLayer(file);
        return leading;
    }

    /**
     * Writes the tarball under a temporary name beside the file ({@link #publish} puts it in place):
     * around the layer bytes already there when they are the tar's first blob, else all of it.
     */
    @Override
    public void deliver(BuiltImage image) throws IOException {
        if (staged != null) { // what an earlier delivery of this run staged
            staged.close();
            staged = null;
        }
        ImageArchive archive = new ImageArchive(image, name, dockerEntry(image));
        try (LeadingLayer begun = leading) {
            leading = null;
            Optional<AtomicFiles.StagedFile> completed = begun == null ? Optional.empty() : begun.complete(archive);
            if (completed.isPresent()) {
                staged = completed.get();
                return;
            }
        }
        staged = AtomicFiles.stage(file, archive::writeTo);
    }

    /**
     * The platform image {@code manifest.json} lists: the host's (or a near one) by default; the one
     * named in the constructor, which must be there when the image has several.
     */
    private PlatformImage dockerEntry(BuiltImage image) {
        if (chosenPlatform != null && image.images().size() > 1) {
            return image.requireImageFor(chosenPlatform, InvalidImageException.Field.LOAD_PLATFORM);
        }
        return DockerArchiveManifest.select(image, DockerArchiveManifest.hostPlatform());
    }

    @Override
    public void publish() throws IOException {
        if (staged != null) {
            staged.publish();
            log.info("Saved " + name + " to " + file);
        }
    }

    @Override
    public void close() {
        if (staged != null) {
            staged.close();
            staged = null;
        }
        if (leading != null) {
            leading.close();
            leading = null;
        }
    }
}
