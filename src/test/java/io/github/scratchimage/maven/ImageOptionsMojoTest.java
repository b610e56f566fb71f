package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new parameters reach the engine through the base Mojo: compressionLevel, cacheDirectory and
 * cacheMaxSize in the layer options, bad values fail before anything is written.
 */
class ImageOptionsMojoTest {

    @TempDir
    Path basedir;

    @BeforeEach
    void files() throws IOException {
        // compresses well: level 0 stores it, level 9 shrinks it
        Files.writeString(basedir.resolve("data.txt"), "all work and no play\n".repeat(5_000));
    }

    private SaveMojo mojo() {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setVersion("1.0");
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        SaveMojo mojo = new SaveMojo(null, null);
        mojo.project = project;
        mojo.image = "example/demo:1.0";
        mojo.format = "oci";
        mojo.layers = List.of(new Layer("data", List.of(new FileEntry("data.txt", "/data.txt"))));
        mojo.outputFile = basedir.resolve("target/scratch/image.tar").toFile();
        mojo.compression = "gzip"; // the POM default (SaveMojoHarnessTest checks it)
        return mojo;
    }

    /** The one layer blob in the cache directory. */
    private static Path cachedBlob(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("blobs"))) {
            List<Path> blobs = files.toList();
            assertThat(blobs).hasSize(1);
            return blobs.get(0);
        }
    }

    @Test
    void compressionLevelAndCacheDirectoryAreUsed() throws Exception {
        Path storedCache = basedir.resolve("cache-0");
        SaveMojo stored = mojo();
        stored.compressionLevel = 0;
        stored.cacheDirectory = storedCache.toFile();
        stored.execute();
        Path smallCache = basedir.resolve("cache-9");
        SaveMojo small = mojo();
        small.compressionLevel = 9;
        small.cacheDirectory = smallCache.toFile();
        small.execute();

        Path storedBlob = cachedBlob(storedCache);
        Path smallBlob = cachedBlob(smallCache);
        assertThat(Files.size(storedBlob)).isGreaterThan(100_000);
        assertThat(Files.size(smallBlob)).isLessThan(10_000);
        try (InputStream a = new GZIPInputStream(Files.newInputStream(storedBlob));
                InputStream b = new GZIPInputStream(Files.newInputStream(smallBlob))) {
            assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
        }
    }

    @Test
    void aBuildThatAddsALayerKeepsTheCacheWithinCacheMaxSize() throws Exception {
        Path cache = basedir.resolve("cache");
        SaveMojo first = mojo();
        first.cacheDirectory = cache.toFile();
        first.execute();
        Path oldBlob = cachedBlob(cache);
        Files.setLastModifiedTime(oldBlob, FileTime.from(Instant.now().minus(Duration.ofDays(3))));

        Files.writeString(basedir.resolve("data.txt"), "all play and no work\n".repeat(5_000));
        SaveMojo second = mojo();
        second.cacheDirectory = cache.toFile();
        second.cacheMaxSize = "1";
        second.execute();

        assertThat(oldBlob).as("unused for 3 days, and the cache is over 1 byte").doesNotExist();
        assertThat(cachedBlob(cache)).isNotEqualTo(oldBlob);
    }

    @Test
    void badCacheMaxSizeFailsBeforeAnythingIsWritten() {
        SaveMojo mojo = mojo();
        mojo.cacheDirectory = basedir.resolve("cache").toFile();
        mojo.cacheMaxSize = "5 GB";

        Throwable thrown = catchThrowable(mojo::execute);

        assertThat(thrown).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<cacheMaxSize>: '5 GB' is not a size");
        assertThat(basedir.resolve("target")).doesNotExist();
        assertThat(basedir.resolve("cache")).doesNotExist();
    }

    @Test
    void badCompressionLevelFailsBeforeAnythingIsWritten() {
        SaveMojo mojo = mojo();
        mojo.compressionLevel = 10;
        mojo.cacheDirectory = basedir.resolve("cache").toFile();

        Throwable thrown = catchThrowable(mojo::execute);

        assertThat(thrown).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<compressionLevel>: '10'");
        assertThat(basedir.resolve("target")).doesNotExist();
        assertThat(basedir.resolve("cache")).doesNotExist();
    }

    @Test
    void platformWithPlatformsFailsBeforeAnythingIsWritten() {
        SaveMojo mojo = mojo();
        mojo.platform = "linux/amd64";
        mojo.platforms = List.of(new PlatformEntry("linux/arm64"));

        Throwable thrown = catchThrowable(mojo::execute);

        assertThat(thrown).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<platforms>: ");
        assertThat(basedir.resolve("target")).doesNotExist();
    }
}
