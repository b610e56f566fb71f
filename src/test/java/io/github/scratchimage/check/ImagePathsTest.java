package io.github.scratchimage.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImagePathsTest {
    @Test
    void aLaterLayersLinkReplacesADirectoryAndALaterDirectoryReplacesALink() {
        ImagePaths linkLast = new ImagePaths();
        linkLast.add("/lib64/old.so");
        linkLast.add("/usr/lib64/ld.so");
        linkLast.addSymlink("/lib64", "usr/lib64");
        assertThat(linkLast.exists("/lib64/ld.so")).isTrue();

        ImagePaths directoryLast = new ImagePaths();
        directoryLast.add("/usr/lib64/ld.so");
        directoryLast.addSymlink("/lib64", "usr/lib64");
        directoryLast.add("/lib64");
        assertThat(directoryLast.exists("/lib64/ld.so")).isFalse();
    }

    @Test
    void pathsAddedAfterAQuestionCountToo() {
        ImagePaths image = ImagePaths.of("/app");
        assertThat(image.exists("/lib/ld.so")).isFalse();
        image.add("lib/ld.so");
        image.addSymlink("/lib64", "/lib");
        assertThat(image.exists("/lib/ld.so")).isTrue();
        assertThat(image.exists("/lib64/ld.so")).isTrue();
        assertThat(image.exists("./app")).isTrue();
        assertThat(image.exists("/lib64/../app")).isTrue();
    }
}
