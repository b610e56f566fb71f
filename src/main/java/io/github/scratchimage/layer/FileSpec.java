package io.github.scratchimage.layer;

import java.nio.file.Path;
import java.util.List;

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
 * @param origin        the label its author gives this entry, for error messages (the Maven adapter
 *                      writes where it sits in the POM, e.g. {@code layers/layer[1]/files/file[2]})
 */
public record FileSpec(Path source, String target, Integer mode, Integer directoryMode, int uid, int gid,
        List<String> includes, List<String> excludes, String origin) {

    public FileSpec {
        includes = includes == null ? List.of() : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
    }

    /**
     * Whether a walk of this directory source takes the file at {@code relativePath} (with '/'):
     * no exclude matches it or a directory above it, and an include matches it when there are any.
     */
    public boolean picks(String relativePath) {
        List<AntPattern> excluded = excludes.stream().map(AntPattern::compile).toList();
        for (int slash = relativePath.indexOf('/'); slash >= 0; slash = relativePath.indexOf('/', slash + 1)) {
            if (AntPattern.anyMatches(excluded, relativePath.substring(0, slash))) {
                return false;
            }
        }
        return !AntPattern.anyMatches(excluded, relativePath) && (includes.isEmpty()
                || AntPattern.anyMatches(includes.stream().map(AntPattern::compile).toList(), relativePath));
    }
}
