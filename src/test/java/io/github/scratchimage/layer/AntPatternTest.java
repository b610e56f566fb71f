package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AntPatternTest {

    @Test
    void doubleStarMatchesAnyNumberOfDirectories() {
        AntPattern classes = AntPattern.compile("**/*.class");
        assertThat(classes.matches("A.class")).isTrue();
        assertThat(classes.matches("com/example/A.class")).isTrue();
        assertThat(classes.matches("com/example/A.java")).isFalse();
        assertThat(classes.matches("A.classes")).isFalse();
    }

    @Test
    void starAndQuestionMarkStayWithinOneName() {
        assertThat(AntPattern.compile("*.txt").matches("a.txt")).isTrue();
        assertThat(AntPattern.compile("*.txt").matches("dir/a.txt")).isFalse();
        assertThat(AntPattern.compile("file?.log").matches("file1.log")).isTrue();
        assertThat(AntPattern.compile("file?.log").matches("file12.log")).isFalse();
        assertThat(AntPattern.compile("file?.log").matches("file/.log")).isFalse();
    }

    @Test
    void trailingDoubleStarAndTrailingSlashMatchTheDirectoryAndItsContents() {
        for (String glob : new String[] {"tmp/**", "tmp/", "/tmp/**"}) {
            AntPattern pattern = AntPattern.compile(glob);
            assertThat(pattern.matches("tmp")).as(glob).isTrue();
            assertThat(pattern.matches("tmp/a/b")).as(glob).isTrue();
            assertThat(pattern.matches("tmpx")).as(glob).isFalse();
            assertThat(pattern.matches("x/tmp")).as(glob).isFalse();
        }
        assertThat(AntPattern.compile("**").matches("any/thing")).isTrue();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(AntPattern.compile("a+b(1).txt").matches("a+b(1).txt")).isTrue();
        assertThat(AntPattern.compile("a.txt").matches("abtxt")).isFalse();
        assertThat(AntPattern.compile("**/x/**/*.so").matches("lib/x/y/z/libfoo.so")).isTrue();
        assertThat(AntPattern.compile("**/x/**/*.so").matches("lib/x/libfoo.so")).isTrue();
        assertThat(AntPattern.compile("**/x/**/*.so").matches("lib/y/libfoo.so")).isFalse();
    }

    @Test
    void literalPatternsTellWhichPathsCanHoldAMatch() {
        AntPattern literal = AntPattern.compile("/data/f001.bin");
        assertThat(literal.mayMatchAtOrBelow("data")).isTrue();
        assertThat(literal.mayMatchAtOrBelow("data/f001.bin")).isTrue();
        assertThat(literal.mayMatchAtOrBelow("data/f002.bin")).isFalse();
        assertThat(literal.mayMatchAtOrBelow("dat")).isFalse();
        assertThat(literal.mayMatchAtOrBelow("other")).isFalse();
        AntPattern glob = AntPattern.compile("data/*.bin");
        assertThat(glob.mayMatchAtOrBelow("other")).isTrue();
    }

    /** A pattern without wildcard matches by comparison, with the same normalisation as a glob. */
    @Test
    void literalPatternsMatchExactlyTheirNormalisedPath() {
        AntPattern literal = AntPattern.compile(" /config//app.yml ");
        assertThat(literal.literal()).isEqualTo("config/app.yml");
        assertThat(literal.matches("config/app.yml")).isTrue();
        assertThat(literal.matches("config/app.ym")).isFalse();
        assertThat(literal.matches("config/app.yml/x")).isFalse();
        assertThat(literal.matches("config")).isFalse();
        assertThat(AntPattern.compile("lib\\a+b.so").matches("lib/a+b.so")).isTrue();
        assertThat(AntPattern.compile("lib\\a+b.so").matches("lib/aab.so")).isFalse();
        assertThat(AntPattern.compile("dir/").literal()).as("a trailing slash means dir/**").isNull();
    }
}
