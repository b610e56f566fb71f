package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStatTest {
    @TempDir
    Path dir;

    @Test
    void oneStatGivesKindSizeExecuteBitAndTheStampOfAFile() throws Exception {
        Path app = write(dir.resolve("app"), "binary!");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-----"));
        Path data = write(dir.resolve("data.txt"), "x");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r-xr-x"));

        SourceStat appStat = SourceStat.of(app, LinkOption.NOFOLLOW_LINKS);
        SourceStat dataStat = SourceStat.of(data, LinkOption.NOFOLLOW_LINKS);

        assertThat(appStat.kind()).isEqualTo(SourceStat.Kind.FILE);
        assertThat(appStat.size()).isEqualTo(7);
        assertThat(appStat.ownerExecutable()).isTrue();
        assertThat(dataStat.ownerExecutable()).as("only the owner's execute bit counts").isFalse();
        Map<String, Object> unix = Files.readAttributes(app, "unix:dev,ino,ctime,lastModifiedTime");
        assertThat(appStat.stamp()).isEqualTo(new FileStamp((Long) unix.get("dev"), (Long) unix.get("ino"), 7,
                (FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime")));
    }

    @Test
    void directoriesLinksAndSpecialFilesAreToldApart() throws Exception {
        Path target = write(dir.resolve("real/file"), "12345");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        assertThat(SourceStat.of(dir.resolve("real"), LinkOption.NOFOLLOW_LINKS).kind())
                .isEqualTo(SourceStat.Kind.DIRECTORY);
        assertThat(SourceStat.of(link, LinkOption.NOFOLLOW_LINKS).kind()).isEqualTo(SourceStat.Kind.SYMBOLIC_LINK);
        SourceStat followed = SourceStat.of(link);
        assertThat(followed.kind()).isEqualTo(SourceStat.Kind.FILE);
        assertThat(followed.size()).isEqualTo(5);
        assertThat(SourceStat.of(Path.of("/dev/null")).kind()).isEqualTo(SourceStat.Kind.OTHER);
    }

    /** What the file-state memo relies on: a rewrite keeping size and mtime still changes the stamp. */
    @Test
    void rewritingAFileWithItsOldSizeAndMtimeChangesItsStamp() throws Exception {
        Path file = write(dir.resolve("config"), "blue");
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(file, mtime);
        FileStamp before = SourceStat.of(file).stamp();

        Thread.sleep(50); // past the kernel's timestamp tick
        Files.writeString(file, "red!");
        Files.setLastModifiedTime(file, mtime);
        FileStamp after = SourceStat.of(file).stamp();

        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.modified()).isEqualTo(before.modified());
        assertThat(after.changed()).isNotEqualTo(before.changed());
        assertThat(after).isNotEqualTo(before);
    }
}
