package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default {@code cacheDirectory}: the user's cache directory, by the environment given. */
class DefaultCacheDirectoryTest {
    static Path of(Map<String, String> environment, String osName) {
        return DefaultCacheDirectory.of(environment::get, osName, "/home/ann");
    }

    @Test
    void xdgCacheHomeWhenSet() {
        assertThat(of(Map.of("XDG_CACHE_HOME", "/var/cache/ann"), "Linux"))
                .isEqualTo(Path.of("/var/cache/ann/scratch-maven-plugin"));
    }

    @Test
    void elseTheCacheDirectoryInTheHomeDirectory() {
        assertThat(of(Map.of(), "Linux")).isEqualTo(Path.of("/home/ann/.cache/scratch-maven-plugin"));
        assertThat(of(Map.of(), "Mac OS X")).isEqualTo(Path.of("/home/ann/.cache/scratch-maven-plugin"));
    }

    @Test
    void aRelativeOrEmptyXdgCacheHomeIsIgnoredAsTheXdgRuleSays() {
        assertThat(of(Map.of("XDG_CACHE_HOME", "cache"), "Linux"))
                .isEqualTo(Path.of("/home/ann/.cache/scratch-maven-plugin"));
        assertThat(of(Map.of("XDG_CACHE_HOME", " "), "Linux"))
                .isEqualTo(Path.of("/home/ann/.cache/scratch-maven-plugin"));
    }

    @Test
    void onWindowsTheLocalAppData() {
        // an absolute path of this file system stands for C:\Users\ann\AppData\Local
        assertThat(of(Map.of("LOCALAPPDATA", "/users/ann/appdata/local"), "Windows 11"))
                .isEqualTo(Path.of("/users/ann/appdata/local/scratch-maven-plugin"));
        assertThat(of(Map.of(), "Windows 11")).isEqualTo(Path.of("/home/ann/AppData/Local/scratch-maven-plugin"));
        assertThat(of(Map.of("XDG_CACHE_HOME", "/x", "LOCALAPPDATA", "/l"), "Windows 10"))
                .as("XDG_CACHE_HOME, set on purpose, wins everywhere").isEqualTo(Path.of("/x/scratch-maven-plugin"));
    }
}
