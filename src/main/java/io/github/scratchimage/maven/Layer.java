package io.github.scratchimage.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <layer>} of the POM: an optional name, its {@code <files>}, and whether each file becomes a
 * layer of its own ({@code <layerPerFile>}).
 */
public class Layer {
    private String name;
    private List<FileEntry> files = new ArrayList<>();
    private boolean layerPerFile;

    public Layer() {
    }

    public Layer(String name, List<FileEntry> files) {
        this.name = name;
        this.files = files;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<FileEntry> getFiles() {
        return files;
    }

    public void setFiles(List<FileEntry> files) {
        this.files = files;
    }

    public boolean isLayerPerFile() {
        return layerPerFile;
    }

    public void setLayerPerFile(boolean layerPerFile) {
        this.layerPerFile = layerPerFile;
    }
}
