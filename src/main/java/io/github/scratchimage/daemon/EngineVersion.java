package io.github.scratchimage.daemon;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.Platform;

/**
 * What a container engine says of itself ({@code GET /version}).
 *
 * @param name       e.g. {@code Podman Engine} or {@code Docker Engine - Community}
 * @param version    the engine's version, e.g. {@code 4.3.1}
 * @param apiVersion the newest Docker Engine API version it serves, e.g. {@code 1.41}
 * @param platform   the platform its containers run on: {@code Os} and {@code Arch}
 */
record EngineVersion(String name, String version, String apiVersion, Platform platform) {

    static EngineVersion of(JsonValue version) {
        JsonValue engine = version.get("Components").elements().stream().findFirst().orElse(new JsonValue(null));
        String platformName = version.get("Platform").get("Name").text("");
        String name = platformName.contains("Docker") ? platformName : engine.get("Name").text("container engine");
        String os = version.get("Os").text(engine.get("Details").get("Os").text("linux"));
        String arch = version.get("Arch").text(engine.get("Details").get("Arch").text("amd64"));
        return new EngineVersion(name, version.get("Version").text(engine.get("Version").text("")),
                version.get("ApiVersion").text(""), platform(os, arch));
    }

    /** The Go names the engine gives, with the usual aliases read as {@link Platform#parse} does. */
    private static Platform platform(String os, String arch) {
        try {
            return Platform.parse(os + "/" + arch, null);
        } catch (InvalidImageException unknown) {
            return new Platform(os, arch, null, null);
        }
    }

    /** The path prefix of versioned API calls, e.g. {@code /v1.41}; none when the engine gave no usable version. */
    String pathPrefix() {
        return apiVersion.matches("[0-9]+\\.[0-9]+") ? "/v" + apiVersion : "";
    }

    @Override
    public String toString() {
        return name + " " + version + " (API " + apiVersion + ", " + platform + ")";
    }
}
