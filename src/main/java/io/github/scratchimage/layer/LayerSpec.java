package io.github.scratchimage.layer;

import java.util.List;
import java.util.Objects;

/**
 * One layer as configured: a name (shown in history and logs) and its file entries.
 *
 * @param parameter where this layer sits in the POM, e.g. {@code layers/layer[1]}
 * @param perFile   whether each file and link becomes a layer of its own ({@link PerFileLayers})
 */
public record LayerSpec(String name, List<FileSpec> files, String parameter, boolean perFile) {
    public LayerSpec {
        files = List.copyOf(files);
    }

    /** One layer holding all its files. */
    public LayerSpec(String name, List<FileSpec> files, String parameter) {
        this(name, files, parameter, false);
    }

    // equals and hashCode are written out: the generated ones link through method handles on first
    // use, which spins classes and costs milliseconds in every fresh Maven JVM.
    @Override
    public boolean equals(Object other) {
        return other instanceof LayerSpec that && Objects.equals(name, that.name) && Objects.equals(files, that.files)
                && Objects.equals(parameter, that.parameter) && perFile == that.perFile;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, files, parameter, perFile);
    }
}
