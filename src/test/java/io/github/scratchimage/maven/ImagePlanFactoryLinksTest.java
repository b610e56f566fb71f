package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that is, or goes through, a symbolic link to something outside {@code ${basedir}} puts
 * that outside file into the image, world-readable unless {@code <mode>} says otherwise: one warning
 * per such link, naming the link and its target.
 */
class ImagePlanFactoryLinksTest {

    @TempDir
    Path basedir;

    @TempDir
    Path outside;

    private final CapturingLog log = new CapturingLog();
    private Path secret;

    @BeforeEach
    void files() throws IOException {
        secret = Files.writeString(outside.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(basedir.resolve("real.txt"), "inside\n");
    }

    private PlannedImage plan(PomConfiguration parameters) {
        return plan(basedir, parameters);
    }

    private PlannedImage plan(Path projectDirectory, PomConfiguration parameters) {
        return new ImagePlanFactory(new ProjectInfo(projectDirectory, "1.0", null, null, null), log).plan(parameters);
    }

    private static PomConfiguration files(FileEntry... entries) {
        return new PomConfiguration().image("example/app:1.0").layers(List.of(new Layer("app", List.of(entries))));
    }

    @Test
    void linkToAFileOutsideTheProjectIsNamedWithItsTargetAndTheModeRule() throws IOException {
        Path leak = Files.createSymbolicLink(basedir.resolve("leak"), secret);

        plan(files(new FileEntry("leak", "/leak")));

        assertThat(log.warnings()).hasSize(1);
        String warning = log.warnings().get(0);
        assertThat(warning).contains("layers/layer[1]/files/file[1]/source").contains(leak.toString())
                .contains(secret.toString()).contains("outside").contains(basedir.toString())
                .contains("world-readable").contains("<mode>");
    }

    @Test
    void oneWarningPerLinkHoweverOftenItIsUsed() throws IOException {
        Files.createSymbolicLink(basedir.resolve("leak"), secret);
        Layer second = new Layer("again", List.of(new FileEntry("leak", "/b")));
        PlatformEntry amd64 = new PlatformEntry("linux/amd64");
        amd64.setLayers(List.of(second));
        PlatformEntry arm64 = new PlatformEntry("linux/arm64");
        arm64.setLayers(List.of(second));

        plan(files(new FileEntry("leak", "/a"), new FileEntry("./leak", "/c")).platforms(List.of(amd64, arm64)));

        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void linkInADirectoryOfTheSourcePathIsNamed() throws IOException {
        Path etc = Files.createSymbolicLink(basedir.resolve("etc"), outside);

        plan(files(new FileEntry("etc/shadow", "/shadow")));

        assertThat(log.warnings()).singleElement().asString().contains(etc + " -> " + outside)
                .contains(secret.toString());
    }

    @Test
    void directorySourceThatIsALinkOutsideIsNamed() throws IOException {
        Path etc = Files.createSymbolicLink(basedir.resolve("etc"), outside);

        plan(files(new FileEntry("etc", "/etc")));

        assertThat(log.warnings()).singleElement().asString().contains(etc + " -> " + outside);
    }

    @Test
    void relativeLinkLeavingTheProjectIsNamed() throws IOException {
        Path relative = basedir.relativize(secret);
        Path leak = Files.createSymbolicLink(basedir.resolve("leak"), relative);

        plan(files(new FileEntry("leak", "/leak")));

        assertThat(log.warnings()).singleElement().asString().contains(leak + " -> " + relative)
                .contains(secret.toRealPath().toString());
    }

    @Test
    void placeholdersAreReplacedBeforeLinksAreLookedAt() throws IOException {
        Files.createDirectories(basedir.resolve("bin"));
        Path amd64 = Files.createSymbolicLink(basedir.resolve("bin/amd64"), secret);
        Files.writeString(basedir.resolve("bin/arm64"), "app\n");
        Layer layer = new Layer("app", List.of(new FileEntry("bin/{arch}", "/app")));

        plan(new PomConfiguration().image("example/app:1.0").layers(List.of(layer))
                .platforms(List.of(new PlatformEntry("linux/amd64"), new PlatformEntry("linux/arm64"))));

        assertThat(log.warnings()).singleElement().asString().contains(amd64.toString());
    }

    @Test
    void linksWithinTheProjectAndPlainSourcesGiveNoWarning() throws IOException {
        Files.createSymbolicLink(basedir.resolve("alias"), basedir.resolve("real.txt"));
        Files.createSymbolicLink(basedir.resolve("relative-alias"), Path.of("real.txt"));
        Files.createDirectories(basedir.resolve("site"));
        // a link inside a copied directory goes into the image as a link, its target is not read
        Files.createSymbolicLink(basedir.resolve("site/leak"), secret);

        plan(files(new FileEntry("alias", "/a"), new FileEntry("relative-alias", "/b"), new FileEntry("site", "/site"),
                new FileEntry("real.txt", "/c"), new FileEntry("missing", "/d"), new FileEntry(secret.toString(), "/e")));

        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void projectDirectoryReachedThroughALinkIsStillTheProject() throws IOException {
        Path projectLink = Files.createSymbolicLink(outside.resolve("project"), basedir);
        Files.createSymbolicLink(basedir.resolve("alias"), Path.of("real.txt"));
        Files.createSymbolicLink(basedir.resolve("leak"), secret);

        plan(projectLink, files(new FileEntry("alias", "/a"), new FileEntry("leak", "/b")));

        assertThat(log.warnings()).singleElement().asString().contains(projectLink.resolve("leak").toString());
    }
}
