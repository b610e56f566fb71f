package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.sign.OpensslKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The save goal built by plain construction, as Maven would configure it, without Maven around it. */
class SaveMojoTest {

    @TempDir
    Path basedir;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(basedir.resolve("site/css"));
        Files.writeString(basedir.resolve("site/index.html"), "<h1>hi</h1>\n");
        Files.writeString(basedir.resolve("site/css/site.css"), "h1 {}\n");
    }

    private SaveMojo mojo(String buildDirectory) {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setVersion("1.0");
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve(buildDirectory).toString());
        SaveMojo mojo = new SaveMojo(null, null);
        mojo.project = project;
        mojo.image = "example/demo:1.0";
        mojo.platform = "linux/amd64";
        mojo.format = "oci";
        mojo.layers = List.of(new Layer("site", List.of(new FileEntry("site", "/srv/www"))));
        mojo.environment = new LinkedHashMap<>(Map.of("MODE", "test"));
        mojo.outputFile = basedir.resolve(buildDirectory).resolve("scratch/image.tar").toFile();
        mojo.compression = "gzip"; // the POM default (SaveMojoHarnessTest checks it)
        return mojo;
    }

    @Test
    void savesTheTarballWithDigestAndDescriptionBeside() throws Exception {
        SaveMojo mojo = mojo("target");

        mojo.execute();

        Path scratch = basedir.resolve("target/scratch");
        assertThat(scratch.resolve("image.tar")).isRegularFile();
        assertThat(Files.readString(scratch.resolve("image.digest")).trim()).matches("sha256:[0-9a-f]{64}");
        assertThat(Files.readString(scratch.resolve("image.json"))).contains("example/demo");
    }

    /** The files are hashed for the SBOM save writes, and kept with the cached layer; without one, not. */
    @Test
    void theLayerCacheKeepsTheFileChecksumsWhenTheSbomIsWritten() throws Exception {
        SaveMojo withSbom = mojo("target");
        withSbom.cacheDirectory = basedir.resolve("cache-sbom").toFile();
        withSbom.execute();
        SaveMojo without = mojo("target-without");
        without.cacheDirectory = basedir.resolve("cache-plain").toFile();
        without.sbom = false;
        without.execute();

        assertThat(basedir.resolve("target/scratch/sbom.spdx.json")).isRegularFile();
        assertThat(HarnessSupport.cachedLayersAndFileLists(basedir.resolve("cache-sbom"))).containsExactly(1, 1);
        assertThat(HarnessSupport.cachedLayersAndFileLists(basedir.resolve("cache-plain"))).containsExactly(1, 0);
    }

    /** An encrypted key without a password fails the build before anything is written, naming the parameter. */
    @Test
    void anEncryptedSigningKeyWithoutPasswordFailsBeforeTheBuild() {
        Path key = OpensslKeys.encrypted(OpensslKeys.ecKey(basedir), "pw");
        SaveMojo mojo = mojo("target");
        mojo.signingKey = key.toFile();

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("<signingKey>: " + key + " is encrypted and no password was given; put it in a "
                        + "settings.xml <server> named by <signingServerId> (encrypted with mvn --encrypt-password), "
                        + "or in the environment variable SCRATCH_SIGNING_KEY_PASSWORD");
        assertThat(basedir.resolve("target/scratch/image.tar")).doesNotExist();
    }

    /** With a key, save writes the signature, its payload and the attestations beside the tarball. */
    @Test
    void aSigningKeyWritesTheSignatureAndAttestationsBesideTheTarball() throws Exception {
        Path key = OpensslKeys.ecKey(basedir);
        Path pub = OpensslKeys.publicKey(key);
        SaveMojo mojo = mojo("target");
        mojo.signingKey = key.toFile();
        mojo.sbom = true;

        mojo.execute();

        Path scratch = basedir.resolve("target/scratch");
        byte[] payload = Files.readAllBytes(scratch.resolve("image.sig.payload"));
        byte[] signature = Base64.getDecoder().decode(Files.readString(scratch.resolve("image.sig")));
        assertThat(OpensslKeys.verifies(pub, payload, signature)).isTrue();
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .contains(Files.readString(scratch.resolve("image.digest")).trim());
        assertThat(Files.readAllLines(scratch.resolve("image.intoto.jsonl"))).hasSize(2);
    }

    /** The goal's own log gets the warning about a source link leading out of the project. */
    @Test
    void aSourceLinkLeadingOutOfTheProjectIsWarnedAboutInTheBuildLog(@TempDir Path elsewhere) throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "not for the image\n");
        Files.createSymbolicLink(basedir.resolve("leak.txt"), secret);
        SaveMojo mojo = mojo("target");
        mojo.layers = List.of(new Layer("leak", List.of(new FileEntry("leak.txt", "/leak.txt"))));
        CapturingMavenLog log = new CapturingMavenLog();
        mojo.setLog(log);

        mojo.execute();

        assertThat(log.lines("WARN")).singleElement().asString().contains(basedir.resolve("leak.txt").toString(),
                secret.toString(), "world-readable");
    }

    /** A cached layer damaged in place is found while the tarball is written, dropped, built again. */
    @Test
    void aDamagedCachedLayerIsBuiltAgainAndSaved() throws Exception {
        SaveMojo first = mojo("target");
        first.cacheDirectory = basedir.resolve("cache").toFile();
        first.execute();
        String digest = Files.readString(basedir.resolve("target/scratch/image.digest"));
        Path blob;
        try (var blobs = Files.list(basedir.resolve("cache/blobs"))) {
            blob = blobs.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        CapturingMavenLog log = new CapturingMavenLog();
        SaveMojo second = mojo("target");
        second.cacheDirectory = basedir.resolve("cache").toFile();
        second.setLog(log);

        second.execute();

        assertThat(log.lines("WARN")).singleElement().asString().contains(blob.toString(), "does not match its digest",
                "building the layer again");
        assertThat(Files.readString(basedir.resolve("target/scratch/image.digest"))).isEqualTo(digest);
        assertThat(io.github.scratchimage.image.Digest.sha256(Files.readAllBytes(blob)).encoded())
                .isEqualTo(blob.getFileName().toString());
    }

    // --- outputs (issue 15 points 4 and 6) ---

    @Test
    void outputFileThatIsADirectoryFailsNamingItBeforeAnyLayerIsBuilt() throws Exception {
        SaveMojo mojo = mojo("target");
        Files.createDirectories(mojo.outputFile.toPath());

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("<outputFile>: " + mojo.outputFile + ": is a directory, not a file");
        assertThat(basedir.resolve("target/scratch/work")).as("no layer built").doesNotExist();
    }

    @Test
    void cacheDirectoryThatIsAFileFailsNamingItBeforeAnyLayerIsBuilt() throws Exception {
        SaveMojo mojo = mojo("target");
        mojo.cacheDirectory = Files.writeString(basedir.resolve("cache"), "a file").toFile();

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("<cacheDirectory>: " + basedir.resolve("cache") + ": is a file, not a directory");
        assertThat(basedir.resolve("target/scratch/work")).as("no layer built").doesNotExist();
    }

    /** A read-only file system (a tmpfs mounted read-only; needs root) fails before any layer is built. */
    @Test
    void aReadOnlyOutputDirectoryFailsNamingItBeforeAnyLayerIsBuilt() throws Exception {
        Path readOnly = Files.createDirectories(basedir.resolve("read-only"));
        var mount = io.github.scratchimage.testing.ProcessRunner.create()
                .run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.succeeded(), "cannot mount a read-only tmpfs here "
                + "(needs root): " + mount.describe());
        try {
            SaveMojo mojo = mojo("target");
            mojo.outputFile = readOnly.resolve("image.tar").toFile();

            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("<outputFile>: " + readOnly + ": cannot write here: Read-only file system");
            assertThat(basedir.resolve("target/scratch/work")).as("no layer built").doesNotExist();
        } finally {
            io.github.scratchimage.testing.ProcessRunner.create().run("umount", readOnly.toString()).requireSuccess();
        }
    }

    /** {@code /dev/full} answers every write with ENOSPC: the goal names the parameter, the file and the reason. */
    @Test
    void aFullDiskNamesTheParameterTheFileAndTheReason() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        SaveMojo mojo = mojo("target");
        mojo.outputFile = new java.io.File("/dev/full");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("<outputFile>: /dev/full: No space left on device");
    }

    /** outputFile a link to a pipe, as {@code /dev/stdout} is under {@code | docker load}: written through, never replaced. */
    @Test
    void outputFileLinkedToAPipeIsWrittenThroughAndTheMetadataGoesToTheBuildDirectory() throws Exception {
        Path fifo = basedir.resolve("fifo");
        io.github.scratchimage.testing.ProcessRunner.create().run("mkfifo", fifo.toString()).requireSuccess();
        Path link = Files.createSymbolicLink(basedir.resolve("stdout"), fifo);
        java.util.concurrent.CompletableFuture<byte[]> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        SaveMojo mojo = mojo("target");
        mojo.outputFile = link.toFile();

        mojo.execute();

        byte[] tar = reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(tar.length).isGreaterThan(1024);
        assertThat(new String(tar, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(basedir.resolve("image.digest")).doesNotExist();
        assertThat(Files.readString(basedir.resolve("target/scratch/image.digest"))).startsWith("sha256:");
    }

    @Test
    void outputFileOrCacheInsideALayerSourceIsRefusedNamingBoth() throws Exception {
        SaveMojo output = mojo("target");
        output.outputFile = basedir.resolve("site/out/image.tar").toFile();
        assertThatThrownBy(output::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<outputFile>: " + basedir.resolve("site/out/image.tar") + " is inside "
                        + basedir.resolve("site").toRealPath())
                .hasMessageContaining("<layers/layer[1]/files/file[1]/source>");

        SaveMojo cache = mojo("target");
        cache.cacheDirectory = basedir.resolve("site/.cache").toFile();
        assertThatThrownBy(cache::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<cacheDirectory>: ");
        assertThat(basedir.resolve("site/out")).doesNotExist();

        SaveMojo excluded = mojo("target");
        excluded.outputFile = basedir.resolve("site/out/image.tar").toFile();
        FileEntry site = new FileEntry("site", "/srv/www");
        site.setExcludes(List.of("out/**"));
        excluded.layers = List.of(new Layer("site", List.of(site)));
        excluded.execute();
        assertThat(basedir.resolve("site/out/image.tar")).isRegularFile();
    }

    /** The small files are in place before the tarball, and a killed build's temporary file is cleaned up. */
    @Test
    void metadataIsPublishedBeforeTheTarballAndLeftoversAreRemoved() throws Exception {
        SaveMojo mojo = mojo("target");
        Path scratch = Files.createDirectories(basedir.resolve("target/scratch"));
        Files.writeString(scratch.resolve(".image.tar.k1ll3d.tmp"), "half a tarball from a killed build");

        assertThat(mojo.sinks(io.github.scratchimage.image.ImageName.of(
                io.github.scratchimage.image.ImageReference.parse("example/demo:1.0"), List.of()),
                io.github.scratchimage.log.BuildLog.NONE))
                .extracting(sink -> sink.getClass().getSimpleName()).containsExactly("MetadataSink", "TarballSink", "AttachmentFilesSink");
        mojo.execute();

        try (var files = Files.list(scratch)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList()).isEmpty();
        }
    }

    /** Two builds add their images to one layout; a directory that is not a layout fails naming the parameter. */
    @Test
    void layoutDirectoryGetsTheImageBesideOthersAndIsRefusedWhenNotALayout() throws Exception {
        Path layout = basedir.resolve("shared-layout");
        SaveMojo first = mojo("one");
        first.layoutDirectory = layout.toFile();
        first.execute();
        SaveMojo second = mojo("two");
        second.image = "example/other:2.0";
        second.environment.put("OTHER", "yes");
        second.layoutDirectory = layout.toFile();
        second.execute();

        assertThat(new io.github.scratchimage.testing.Skopeo().inspect("oci:" + layout + ":1.0").path("Digest").asText())
                .isEqualTo(Files.readString(basedir.resolve("one/scratch/image.digest")));
        assertThat(new io.github.scratchimage.testing.Skopeo().inspect("oci:" + layout + ":2.0").path("Digest").asText())
                .isEqualTo(Files.readString(basedir.resolve("two/scratch/image.digest")));

        SaveMojo refused = mojo("three");
        Path notes = Files.createDirectories(basedir.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "not an image\n");
        refused.layoutDirectory = notes.toFile();
        assertThatThrownBy(refused::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("<layoutDirectory>: " + notes)
                .hasMessageContaining("not an OCI image layout");
        assertThat(basedir.resolve("three/scratch/image.tar")).doesNotExist();
    }

    @Test
    void withoutImageTheReferenceIsArtifactIdAndVersion() throws Exception {
        SaveMojo mojo = mojo("target");
        mojo.image = null;

        mojo.execute();

        assertThat(Files.readString(basedir.resolve("target/scratch/image.json")))
                .contains("docker.io/library/demo:1.0");
    }

    @Test
    void sameDigestFromAnotherBuildDirectoryAndTouchedFiles() throws Exception {
        mojo("one").execute();
        try (var paths = Files.walk(basedir.resolve("site"))) {
            for (Path path : paths.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2011-11-11T11:11:11Z")));
            }
        }
        mojo("two").execute();

        assertThat(basedir.resolve("two/scratch/image.digest")).hasSameTextualContentAs(
                basedir.resolve("one/scratch/image.digest"));
    }

    @Test
    void skipWritesNothingEvenWithBadConfiguration() throws Exception {
        SaveMojo mojo = mojo("target");
        mojo.platform = "linux/pentium";
        mojo.skip = true;

        mojo.execute();

        assertThat(basedir.resolve("target")).doesNotExist();
    }

    @Test
    void badParameterFailsTheBuildAndWritesNothing() {
        SaveMojo mojo = mojo("target");
        mojo.platform = "linux/pentium";

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<platform>").hasMessageContaining("pentium");
        assertThat(basedir.resolve("target")).doesNotExist();
    }

    @Test
    void missingSourceFailsTheBuildAndWritesNoOutput() {
        SaveMojo mojo = mojo("target");
        mojo.layers = List.of(new Layer("app", List.of(new FileEntry("missing/app", "/app"))));

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("layers/layer[1]/files/file[1]");
        assertThat(basedir.resolve("target/scratch/image.tar")).doesNotExist();
        assertThat(basedir.resolve("target/scratch/image.digest")).doesNotExist();
    }
}
