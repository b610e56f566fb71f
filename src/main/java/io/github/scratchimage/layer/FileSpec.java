package io.github.scratchimage.layer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code <file>} entry of a layer, as the user wrote it (already made absolute against the
 * project directory): a file or directory on disk and where it goes in the image.
 *
 * @param source        file, directory or symlink on disk (absolute)
 * @param target        absolute path in the image; for a directory, where its contents go
 * @param mode          permission bits for files (null: 0755 if the source is executable, else 0644)
 * @param directoryMode permission bits for directories created for this entry (null: 0755)
 * @param uid           owner user id
 * @param gid           owner group id
 * @param includes      Ant-style globs relative to a directory source; empty means everything
 * @param excludes      Ant-style globs relative to a directory source
 * @param parameter     where this entry sits in the POM, for error messages, e.g. {@code layers/layer[1]/files/file[2]}
 */
public record FileSpec(Path source, String target, Integer mode, Integer directoryMode, int uid, int gid,
        List<String> includes, List<String> excludes, String parameter) {

    public FileSpec {
        includes = includes == null ? List.of() : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
    }

    // equals and hashCode are written out: the generated ones link through method handles on first
    // use, which spins classes and costs milliseconds in every fresh Maven JVM.
    @Override
    public boolean equals(Object other) {
        return other instanceof FileSpec that && Objects.equals(source, that.source)
                && Objects.equals(target, that.target) && Objects.equals(mode, that.mode)
                && Objects.equals(directoryMode, that.directoryMode) && Objects.equals(includes, that.includes)
                && Objects.equals(excludes, that.excludes) && Objects.equals(parameter, that.parameter)
                && uid == that.uid && gid == that.gid;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, target, mode, directoryMode, includes, excludes, parameter, uid, gid);
    }
}
