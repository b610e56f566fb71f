package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        SaveMojo mojo = new SaveMojo(null);
        mojo.project = project;
        mojo.image = "example/demo:1.0";
        mojo.platform = "linux/amd64";
        mojo.format = "oci";
        mojo.layers = List.of(new Layer("site", List.of(new FileEntry("site", "/srv/www"))));
        mojo.environment = new LinkedHashMap<>(Map.of("MODE", "test"));
        mojo.outputFile = basedir.resolve(buildDirectory).resolve("scratch/image.tar").toFile();
        mojo.compressionLevel = 6; // the POM default (SaveMojoHarnessTest checks it)
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
