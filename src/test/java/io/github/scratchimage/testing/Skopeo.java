package io.github.scratchimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code skopeo} (1.9) for tests. Transport references are passed as written, e.g.
 * {@code oci-archive:/tmp/image.tar:1.0}, {@code docker-archive:/tmp/image.tar},
 * {@code oci:/tmp/layout:1.0} or {@code docker://127.0.0.1:5000/repo:tag}. Every failure is an
 * AssertionError carrying skopeo's output.
 */
public final class Skopeo {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProcessRunner runner;

    public Skopeo() {
        this(ProcessRunner.create());
    }

    public Skopeo(ProcessRunner runner) {
        this.runner = runner;
    }

    public static boolean isInstalled() {
        return ProcessRunner.isInstalled("skopeo");
    }

    /** {@code skopeo inspect FLAGS REF}, parsed (flags such as {@code --raw}, {@code --config}, {@code --tls-verify=false}). */
    public JsonNode inspect(String transportRef, String... flags) {
        return parse(inspectText(transportRef, flags));
    }

    /** {@code skopeo inspect --raw REF}: the manifest or index exactly as stored. */
    public JsonNode inspectRaw(String transportRef, String... flags) {
        return inspect(transportRef, concat("--raw", flags));
    }

    /** {@code skopeo inspect --config REF}: the image config (of the host platform, for an index). */
    public JsonNode inspectConfig(String transportRef, String... flags) {
        return inspect(transportRef, concat("--config", flags));
    }

    /** The raw stdout of {@code skopeo inspect FLAGS REF}. */
    public String inspectText(String transportRef, String... flags) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect"));
        command.addAll(List.of(flags));
        command.add(transportRef);
        return runner.runChecked(command).stdout();
    }

    /** {@code skopeo inspect} without failing: for tests that expect skopeo to reject something. */
    public ProcessRunner.Result tryInspect(String transportRef, String... flags) {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect"));
        command.addAll(List.of(flags));
        command.add(transportRef);
        return runner.run(command);
    }

    /** {@code skopeo copy --insecure-policy FLAGS SOURCE DESTINATION} (flags such as {@code --all}). */
    public ProcessRunner.Result copy(String source, String destination, String... flags) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
        command.addAll(List.of(flags));
        command.add(source);
        command.add(destination);
        return runner.runChecked(command);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("skopeo printed no JSON: " + json, e);
        }
    }
}
