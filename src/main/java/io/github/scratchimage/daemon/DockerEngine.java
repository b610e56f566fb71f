package io.github.scratchimage.daemon;

import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.output.ImageArchive;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The three calls of the Docker Engine API that loading an image takes, over {@link UnixSocketHttp}:
 * {@code GET /version}, {@code POST /images/load}, {@code GET /images/{name}/json}. Docker and Podman
 * (its Docker-compatible service) both serve them. The version is asked unversioned; the other calls
 * use the newest API version the engine names (Docker 29 refuses versions below 1.44).
 */
final class DockerEngine {
    private final DockerHost host;
    private final UnixSocketHttp http;
    private String prefix = "";

    DockerEngine(DockerHost host) {
        this.host = host;
        this.http = new UnixSocketHttp(host);
    }

    DockerHost host() {
        return host;
    }

    /** {@code GET /version}; later calls then use the API version it names. */
    EngineVersion version() throws IOException {
        UnixSocketHttp.Response response = http.get("/version");
        if (response.status() != 200) {
            throw refused("GET /version", response);
        }
        EngineVersion version = EngineVersion.of(json(response, "GET /version"));
        prefix = version.pathPrefix();
        return version;
    }

    /**
     * {@code POST /images/load} with the archive streamed as the body. A refusal may come as an error
     * status or, from Docker, inside the streamed answer of a 200 ({@code errorDetail}, {@code error}).
     *
     * @return the {@code stream} lines of the answer, e.g. {@code Loaded image: docker.io/example/app:1.0}
     */
    List<String> load(ImageArchive archive) throws IOException {
        String call = "POST /images/load";
        UnixSocketHttp.Response response = http.post(prefix + "/images/load?quiet=1", "application/x-tar",
                archive::writeTo);
        if (response.status() != 200) {
            throw refused(call, response);
        }
        List<JsonValue> messages;
        try {
            messages = Json.parseSequence(response.body());
        } catch (MalformedJsonException e) {
            throw new EngineException("the container engine at " + host + " answered " + call + " with "
                    + "something else than JSON: " + e.getMessage(), e);
        }
        for (JsonValue message : messages) {
            String error = message.get("errorDetail").get("message").text(message.get("error").text(null));
            if (error != null) {
                throw new EngineException("the container engine at " + host + " refused the image: " + error.trim());
            }
        }
        return messages.stream().map(m -> m.get("stream").text("").trim()).filter(s -> !s.isEmpty()).toList();
    }

    /** The ID of the image called {@code name} ({@code GET /images/{name}/json}); empty when there is none. */
    Optional<String> imageId(String name) throws IOException {
        String call = "GET /images/" + name + "/json";
        UnixSocketHttp.Response response = http.get(prefix + "/images/" + name + "/json");
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw refused(call, response);
        }
        return Optional.ofNullable(json(response, call).get("Id").text(null));
    }

    private JsonValue json(UnixSocketHttp.Response response, String call) throws EngineException {
        try {
            return Json.parse(response.body());
        } catch (MalformedJsonException e) {
            throw new EngineException("the container engine at " + host + " answered " + call + " with "
                    + "something else than JSON: " + e.getMessage(), e);
        }
    }

    /** An error status, with the engine's own message ({@code {"message": ...}}) when it sent one. */
    private EngineException refused(String call, UnixSocketHttp.Response response) {
        String message;
        try {
            message = Json.parse(response.body()).get("message").text(null);
        } catch (MalformedJsonException notJson) {
            message = null;
        }
        if (message == null) {
            String text = response.text().strip();
            message = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
        return new EngineException("the container engine at " + host + " refused " + call + " (HTTP "
                + response.status() + "): " + message.strip());
    }
}
