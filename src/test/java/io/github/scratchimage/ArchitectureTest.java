package io.github.scratchimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structure docs/architecture.md describes, checked on the sources: the engine owns the
 * pipeline, and the Maven package only maps parameters and errors. A change that calls a registry
 * through the JDK's HTTP clients instead of google-http-client, puts Maven types into the engine or
 * threads into the Mojos, or grows a Mojo past its budget fails here.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of(System.getProperty("basedir", "."), "src/main/java/io/github/scratchimage");
    private static final Path ADAPTER = MAIN.resolve("maven");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void noPackageIsNamedBuild() throws IOException {
        try (Stream<Path> paths = Files.walk(MAIN)) {
            assertThat(paths.filter(Files::isDirectory).map(MAIN::relativize).map(Path::toString))
                    .contains("engine", "maven")
                    .noneMatch(name -> name.equals("build") || name.endsWith("/build"));
        }
    }

    @Test
    void noSourceUsesTheJdksHttpClients() {
        assertThat(sourcesMatching(MAIN, "HttpURLConnection|java\\.net\\.http")).isEmpty();
        assertThat(sourcesMatching(MAIN, "import com\\.google\\.api\\.client\\.http")).isNotEmpty();
    }

    @Test
    void mavenTypesStayInTheMavenPackage() {
        List<Path> importing = sourcesMatching(MAIN, "import org\\.apache\\.maven\\.");
        assertThat(importing).isNotEmpty().allMatch(source -> source.startsWith(ADAPTER));
    }

    @Test
    void theMavenPackageStartsNoThreads() {
        assertThat(sourcesMatching(ADAPTER, "java\\.util\\.concurrent|\\bThread\\b|\\bExecutors?\\b|Future\\b"))
                .isEmpty();
        assertThat(sourcesMatching(MAIN.resolve("engine"), "\\bExecutors?\\b")).isNotEmpty();
    }

    @Test
    void theMojosKeepToTheirBudgets() throws IOException {
        assertThat(lines(ADAPTER.resolve("PushMojo.java"))).isLessThanOrEqualTo(200);
        assertThat(lines(ADAPTER.resolve("SaveMojo.java"))).isLessThanOrEqualTo(120);
        assertThat(lines(ADAPTER.resolve("LoadMojo.java"))).isLessThanOrEqualTo(120); // as SaveMojo
    }

    /** The Java sources under {@code directory} whose code (comments left out) has a match of {@code regex}. */
    private static List<Path> sourcesMatching(Path directory, String regex) {
        Pattern pattern = Pattern.compile(regex);
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> pattern.matcher(code(path)).find())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String code(Path source) {
        try {
            return COMMENT.matcher(Files.readString(source)).replaceAll("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path source) throws IOException {
        try (Stream<String> lines = Files.lines(source)) {
            return lines.count();
        }
    }
}
