package io.github.scratchimage.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A {@code <platform>} of {@code <platforms>}, exactly as written in the POM: the platform's name and
 * what its image has beyond (or instead of) the common configuration. The environment is a
 * LinkedHashMap field because Maven 3.8 fills a field of type Map with a sorted map. Entrypoint and cmd
 * stay null unless written, so that only a written value overrides the common one.
 */
public class PlatformEntry {
    private String name;
    private String osVersion;
    private List<Layer> layers = new ArrayList<>();
    private LinkedHashMap<String, String> environment = new LinkedHashMap<>();
    private List<String> entrypoint;
    private List<String> cmd;

    public PlatformEntry() {
    }

    public PlatformEntry(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getOsVersion() {
        return osVersion;
    }

    public void setOsVersion(String osVersion) {
        this.osVersion = osVersion;
    }

    public List<Layer> getLayers() {
        return layers;
    }

    public void setLayers(List<Layer> layers) {
        this.layers = layers;
    }

    public LinkedHashMap<String, String> getEnvironment() {
        return environment;
    }

    public void setEnvironment(LinkedHashMap<String, String> environment) {
        this.environment = environment;
    }

    public List<String> getEntrypoint() {
        return entrypoint;
    }

    public void setEntrypoint(List<String> entrypoint) {
        this.entrypoint = entrypoint;
    }

    public List<String> getCmd() {
        return cmd;
    }

    public void setCmd(List<String> cmd) {
        this.cmd = cmd;
    }
}
