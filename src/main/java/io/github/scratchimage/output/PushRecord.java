package io.github.scratchimage.output;

import io.github.scratchimage.engine.InputState;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the last successful push from a build directory was built from: the {@link InputState}, the
 * repository and tags it went to, and the digest those tags got. A later push with the same input
 * state to the same tags need not build anything: it asks the registry whether the tags still hold
 * that digest, and is done when they do.
 *
 * <p>One file, {@value #FILE}: a format line, the digest, the repository and tags, then the input
 * state's bytes, compared exactly. Written only for a settled state ({@link InputState#settled}),
 * atomically; a damaged or foreign file reads as no record.
 */
public final class PushRecord {
    public static final String FILE = "push.state";
    private static final String FORMAT = "scratch-push-record/1";

    private PushRecord() {
    }

    /**
     * The digest that {@code reference} and {@code extraTags} got from the last push of {@code state}
     * recorded in {@code directory}; empty when there is no such record.
     */
    public static Optional<Digest> read(Path directory, InputState state, ImageReference reference,
            List<String> extraTags) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(directory.resolve(FILE));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        int formatEnd = lineEnd(content, 0);
        int digestEnd = formatEnd < 0 ? -1 : lineEnd(content, formatEnd + 1);
        int targetEnd = digestEnd < 0 ? -1 : lineEnd(content, digestEnd + 1);
        if (targetEnd < 0 || !text(content, 0, formatEnd).equals(FORMAT)
                || !text(content, digestEnd + 1, targetEnd).equals(target(reference, extraTags))
                || !state.matches(content, targetEnd + 1)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(text(content, formatEnd + 1, digestEnd)));
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /**
     * Records that {@code state} was pushed to {@code reference} and {@code extraTags} as
     * {@code pushed}; when the state is not settled, removes any record instead.
     */
    public static void write(Path directory, InputState state, ImageReference reference, List<String> extraTags,
            Digest pushed) throws IOException {
        if (!state.settled()) {
            delete(directory);
            return;
        }
        byte[] head = (FORMAT + "\n" + pushed + "\n" + target(reference, extraTags) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeFile(directory.resolve(FILE), out -> {
            out.write(head);
            state.writeTo(out);
        });
    }

    /** Whether {@code directory} holds a record (of any state). */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE));
    }

    /** Removes the record: done before a push, so a failed one leaves none behind. */
    public static void delete(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(FILE));
    }

    /** The repository and every tag, in order. */
    private static String target(ImageReference reference, List<String> extraTags) {
        return reference.registry() + "/" + reference.repository() + " " + String.join(",", Tags.of(reference, extraTags));
    }

    /** The index of the first line feed at or after {@code from}; -1 when there is none. */
    private static int lineEnd(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] content, int from, int to) {
        return new String(content, from, to - from, StandardCharsets.UTF_8);
    }
}
