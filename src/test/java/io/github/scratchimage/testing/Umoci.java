package io.github.scratchimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real {@code umoci} (0.4.7) for tests: it reads OCI layouts strictly (digests, sizes, diff_ids)
 * and refuses Docker media types. Unpacking keeps owners only when the JVM runs as root; otherwise
 * {@code --rootless} is added. Every failure is an AssertionError carrying umoci's output.
 */
public final class Umoci {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProcessRunner runner;

    public Umoci() {
        this(ProcessRunner.create());
    }

    public Umoci(ProcessRunner runner) {
        this.runner = runner;
    }

    public static boolean isInstalled() {
        return ProcessRunner.isInstalled("umoci");
    }

    /** Whether unpacked files keep their owners (only as root). */
    public static boolean keepsOwners() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * {@code umoci unpack --image LAYOUT:TAG BUNDLE}; returns {@code BUNDLE/rootfs}. The bundle
     * directory must not exist yet.
     */
    public Path unpack(Path layout, String tag, Path bundle) {
        List<String> command = new ArrayList<>(List.of("umoci", "unpack"));
        if (!keepsOwners()) {
            command.add("--rootless");
        }
        command.addAll(List.of("--image", layout + ":" + tag, bundle.toString()));
        runner.runChecked(command);
        return bundle.resolve("rootfs");
    }

    /** {@code umoci ls --layout LAYOUT}: the tags (ref.name annotations) of the layout. */
    public List<String> tags(Path layout) {
        String out = runner.runChecked("umoci", "ls", "--layout", layout.toString()).stdout();
        return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code umoci stat --json --image LAYOUT:TAG}: the history umoci reads from the image. */
    public JsonNode stat(Path layout, String tag) {
        String out = runner.runChecked("umoci", "stat", "--json", "--image", layout + ":" + tag).stdout();
        try {
            return MAPPER.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("umoci printed no JSON: " + out, e);
        }
    }
}
