package io.github.scratchimage.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <file>} of a layer, exactly as written in the POM. Modes stay strings so that {@code 0755}
 * is read as octal (an {@code int} parameter would turn it into 755 decimal).
 */
public class FileEntry {
    private String source;
    private String target;
    private String mode;
    private String directoryMode;
    private String owner;
    private List<String> includes = new ArrayList<>();
    private List<String> excludes = new ArrayList<>();

    public FileEntry() {
    }

    public FileEntry(String source, String target) {
        this.source = source;
        this.target = target;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getDirectoryMode() {
        return directoryMode;
    }

    public void setDirectoryMode(String directoryMode) {
        this.directoryMode = directoryMode;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public List<String> getIncludes() {
        return includes;
    }

    public void setIncludes(List<String> includes) {
        this.includes = includes;
    }

    public List<String> getExcludes() {
        return excludes;
    }

    public void setExcludes(List<String> excludes) {
        this.excludes = excludes;
    }
}
