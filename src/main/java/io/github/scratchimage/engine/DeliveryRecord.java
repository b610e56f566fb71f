package io.github.scratchimage.engine;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the last successful delivery from a build directory was built from: the {@link InputState},
 * the targets it went to (each sink's {@link ImageSink#target}), and the digest they got. A later run
 * with the same input state to the same targets need not build anything: it asks each sink whether
 * it still holds that digest, and is done when all do.
 *
 * <p>One file, {@value #FILE}: a format line, the digest, the targets, then the input state's bytes,
 * compared exactly. Written only for a settled state ({@link InputState#settled}), atomically; a
 * damaged or foreign file reads as no record.
 */
final class DeliveryRecord {
    static final String FILE = "delivery.state";
    private static final String FORMAT = "scratch-delivery-record/1";

    private DeliveryRecord() {
    }

    /** The digest that {@code targets} got from the last delivery of {@code state}; empty when there is no such record. */
    static Optional<Digest> read(Path directory, InputState state, String targets) throws IOException {
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
                || !text(content, digestEnd + 1, targetEnd).equals(targets)
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
     * Records that {@code state} was delivered to {@code targets} as {@code delivered}; when the
     * state is not settled, removes any record instead.
     */
    static void write(Path directory, InputState state, String targets, Digest delivered) throws IOException {
        if (!state.settled()) {
            delete(directory);
            return;
        }
        if (targets.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("targets must be one line: " + targets);
        }
        byte[] head = (FORMAT + "\n" + delivered + "\n" + targets + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeFile(directory.resolve(FILE), out -> {
            out.write(head);
            state.writeTo(out);
        });
    }

    /** Whether {@code directory} holds a record (of any state). */
    static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE));
    }

    /** Removes the record: done before a delivery, so a failed one leaves none behind. */
    static void delete(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(FILE));
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
