package io.github.scratchimage.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A goal's parameters set the way a POM sets them, for tests of {@link ImagePlanFactory}: each
 * setter assigns the field Maven would inject and returns this. Starts with the annotation defaults
 * that the factory relies on (the harness tests check those defaults as Maven injects them).
 */
final class PomConfiguration extends SaveMojo {

    PomConfiguration() {
        super(null, null);
        compression = "gzip";
    }

    PomConfiguration compression(String value) {
        compression = value;
        return this;
    }

    PomConfiguration image(String value) {
        image = value;
        return this;
    }

    PomConfiguration tags(List<String> value) {
        tags = value;
        return this;
    }

    PomConfiguration platform(String value) {
        platform = value;
        return this;
    }

    PomConfiguration platforms(List<PlatformEntry> value) {
        platforms = value;
        return this;
    }

    PomConfiguration osVersion(String value) {
        osVersion = value;
        return this;
    }

    PomConfiguration layers(List<Layer> value) {
        layers = value;
        return this;
    }

    PomConfiguration environment(Map<String, String> value) {
        environment = value == null ? null : new LinkedHashMap<>(value);
        return this;
    }

    PomConfiguration entrypoint(List<String> value) {
        entrypoint = value;
        return this;
    }

    PomConfiguration cmd(List<String> value) {
        cmd = value;
        return this;
    }

    PomConfiguration workingDirectory(String value) {
        workingDirectory = value;
        return this;
    }

    PomConfiguration user(String value) {
        user = value;
        return this;
    }

    PomConfiguration exposedPorts(List<String> value) {
        exposedPorts = value;
        return this;
    }

    PomConfiguration volumes(List<String> value) {
        volumes = value;
        return this;
    }

    PomConfiguration labels(Map<String, String> value) {
        labels = value;
        return this;
    }

    PomConfiguration annotations(Map<String, String> value) {
        annotations = value;
        return this;
    }

    PomConfiguration stopSignal(String value) {
        stopSignal = value;
        return this;
    }

    PomConfiguration creationTime(String value) {
        creationTime = value;
        return this;
    }

    PomConfiguration format(String value) {
        format = value;
        return this;
    }

    PomConfiguration alwaysIndex(boolean value) {
        alwaysIndex = value;
        return this;
    }

    PomConfiguration platformCheck(String value) {
        platformCheck = value;
        return this;
    }

    PomConfiguration compressionLevel(int value) {
        compressionLevel = value;
        return this;
    }

    PomConfiguration cacheDirectory(Path value) {
        cacheDirectory = value == null ? null : value.toFile();
        return this;
    }

    PomConfiguration cacheMaxSize(String value) {
        cacheMaxSize = value;
        return this;
    }

}
