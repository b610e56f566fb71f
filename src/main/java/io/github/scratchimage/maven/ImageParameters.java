package io.github.scratchimage.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image parameters of the POM as plain values, independent of Maven, for
 * {@link ImagePlanFactory}. Setters return {@code this}; null means "not configured".
 */
public final class ImageParameters {
    private String image;
    private List<String> tags = new ArrayList<>();
    private String platform;
    private List<PlatformEntry> platforms = new ArrayList<>();
    private String osVersion;
    private List<Layer> layers = new ArrayList<>();
    private Map<String, String> environment = new LinkedHashMap<>();
    private List<String> entrypoint;
    private List<String> cmd;
    private String workingDirectory;
    private String user;
    private List<String> exposedPorts = new ArrayList<>();
    private List<String> volumes = new ArrayList<>();
    private Map<String, String> labels = new LinkedHashMap<>();
    private Map<String, String> annotations = new LinkedHashMap<>();
    private String stopSignal;
    private String creationTime;
    private String format;
    private boolean alwaysIndex;
    private String platformCheck;
    private Integer compressionLevel;
    private Path cacheDirectory;
    private String cacheMaxSize;

    public ImageParameters image(String value) {
        image = value;
        return this;
    }

    public ImageParameters tags(List<String> value) {
        tags = value;
        return this;
    }

    public ImageParameters platform(String value) {
        platform = value;
        return this;
    }

    /** Several platforms, each with its own image in one index; excludes {@link #platform}. */
    public ImageParameters platforms(List<PlatformEntry> value) {
        platforms = value;
        return this;
    }

    public ImageParameters osVersion(String value) {
        osVersion = value;
        return this;
    }

    public ImageParameters layers(List<Layer> value) {
        layers = value;
        return this;
    }

    public ImageParameters environment(Map<String, String> value) {
        environment = value;
        return this;
    }

    public ImageParameters entrypoint(List<String> value) {
        entrypoint = value;
        return this;
    }

    public ImageParameters cmd(List<String> value) {
        cmd = value;
        return this;
    }

    public ImageParameters workingDirectory(String value) {
        workingDirectory = value;
        return this;
    }

    public ImageParameters user(String value) {
        user = value;
        return this;
    }

    public ImageParameters exposedPorts(List<String> value) {
        exposedPorts = value;
        return this;
    }

    public ImageParameters volumes(List<String> value) {
        volumes = value;
        return this;
    }

    public ImageParameters labels(Map<String, String> value) {
        labels = value;
        return this;
    }

    public ImageParameters annotations(Map<String, String> value) {
        annotations = value;
        return this;
    }

    public ImageParameters stopSignal(String value) {
        stopSignal = value;
        return this;
    }

    public ImageParameters creationTime(String value) {
        creationTime = value;
        return this;
    }

    public ImageParameters format(String value) {
        format = value;
        return this;
    }

    public ImageParameters alwaysIndex(boolean value) {
        alwaysIndex = value;
        return this;
    }

    public ImageParameters platformCheck(String value) {
        platformCheck = value;
        return this;
    }

    /** The gzip level of the layers, 0-9; null for the default. */
    public ImageParameters compressionLevel(Integer value) {
        compressionLevel = value;
        return this;
    }

    /** The layer cache, or null for none. */
    public ImageParameters cacheDirectory(Path value) {
        cacheDirectory = value;
        return this;
    }

    /** The layer cache's size limit as written (e.g. {@code 5g}), or null for the default. */
    public ImageParameters cacheMaxSize(String value) {
        cacheMaxSize = value;
        return this;
    }

    String image() {
        return image;
    }

    List<String> tags() {
        return orEmpty(tags);
    }

    String platform() {
        return platform;
    }

    List<PlatformEntry> platforms() {
        return orEmpty(platforms);
    }

    String osVersion() {
        return osVersion;
    }

    List<Layer> layers() {
        return orEmpty(layers);
    }

    Map<String, String> environment() {
        return environment;
    }

    List<String> entrypoint() {
        return entrypoint;
    }

    List<String> cmd() {
        return cmd;
    }

    String workingDirectory() {
        return workingDirectory;
    }

    String user() {
        return user;
    }

    List<String> exposedPorts() {
        return exposedPorts;
    }

    List<String> volumes() {
        return volumes;
    }

    Map<String, String> labels() {
        return labels;
    }

    Map<String, String> annotations() {
        return annotations == null ? Map.of() : annotations;
    }

    String stopSignal() {
        return stopSignal;
    }

    String creationTime() {
        return creationTime;
    }

    String format() {
        return format;
    }

    boolean alwaysIndex() {
        return alwaysIndex;
    }

    String platformCheck() {
        return platformCheck;
    }

    Integer compressionLevel() {
        return compressionLevel;
    }

    Path cacheDirectory() {
        return cacheDirectory;
    }

    String cacheMaxSize() {
        return cacheMaxSize;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
