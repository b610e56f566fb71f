package io.github.scratchimage.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.Umoci;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks a root file system unpacked (by umoci) from {@link io.github.scratchimage.testing.TestImages#sample}. */
final class LayoutAssertions {
    private LayoutAssertions() {
    }

    static void assertSampleRootfs(Path rootfs) throws IOException {
        assertThat(Files.readString(rootfs.resolve("etc/app.conf"))).isEqualTo("mode=prod\n");
        assertFile(rootfs.resolve("etc/app.conf"), 0644, 0);
        assertThat(Files.readString(rootfs.resolve("usr/local/bin/app"))).isEqualTo("#!/bin/sh\necho app\n");
        assertFile(rootfs.resolve("usr/local/bin/app"), 0755, 0);
        Path link = rootfs.resolve("usr/local/bin/app-link");
        assertThat(Files.isSymbolicLink(link)).as("app-link is a symlink").isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("app"));
        assertFile(rootfs.resolve("data"), 0700, 0);
        assertFile(rootfs.resolve("data/owned.txt"), 0600, Umoci.keepsOwners() ? 65532 : -1);
        assertThat(rootfs.resolve("empty")).isEmptyDirectory();
        assertThat(Files.readString(rootfs.resolve("version.txt"))).isEqualTo("1.0\n");
        assertFile(rootfs.resolve("version.txt"), 0444, 0);
    }

    /** Mode bits and (unless {@code uid} is -1 or not root) the owner of a path. */
    static void assertFile(Path path, int mode, int uid) throws IOException {
        int actualMode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        assertThat(Integer.toOctalString(actualMode)).as("mode of %s", path).isEqualTo(Integer.toOctalString(mode));
        if (uid >= 0 && Umoci.keepsOwners()) {
            assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("uid of %s", path).isEqualTo(uid);
            assertThat(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("gid of %s", path).isEqualTo(uid);
        }
    }
}
