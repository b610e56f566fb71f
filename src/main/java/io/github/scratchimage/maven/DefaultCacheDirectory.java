package io.github.scratchimage.maven;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where the layer cache lives when {@code cacheDirectory} is not set: in the user's cache directory,
 * outside every project's {@code target/}, so that {@code mvn clean} keeps it and projects share it.
 * <ul>
 *   <li>{@code $XDG_CACHE_HOME/scratch-maven-plugin} when that variable holds an absolute path (the
 *   XDG base directory rule ignores a relative one);</li>
 *   <li>on Windows, {@code %LOCALAPPDATA%\scratch-maven-plugin};</li>
 *   <li>else {@code ~/.cache/scratch-maven-plugin}.</li>
 * </ul>
 */
final class DefaultCacheDirectory {
    static final String NAME = "scratch-maven-plugin";

    private DefaultCacheDirectory() {
    }

    /**
     * @param environment an environment variable's value by name, null when unset ({@code System::getenv})
     * @param osName      the {@code os.name} system property
     * @param userHome    the {@code user.home} system property
     */
    static Path of(UnaryOperator<String> environment, String osName, String userHome) {
        Path xdg = absolute(environment.apply("XDG_CACHE_HOME"));
        if (xdg != null) {
            return xdg.resolve(NAME);
        }
        if (osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            Path local = absolute(environment.apply("LOCALAPPDATA"));
            return (local != null ? local : Path.of(userHome, "AppData", "Local")).resolve(NAME);
        }
        return Path.of(userHome, ".cache", NAME);
    }

    private static Path absolute(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : null;
    }
}
