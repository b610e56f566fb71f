package io.github.scratchimage.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The small text files of the layer cache (layer records, file-state records): written under a
 * temporary name and moved into place, so a reader never sees half a record and builds sharing one
 * cache directory can write the same record at once.
 */
final class CacheRecord {
    private CacheRecord() {
    }

    /** The record's lines, or empty when there is no such record. */
    static Optional<List<String>> read(Path record) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(record);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        // Decoded leniently (unlike Files.readAllLines): a damaged record is skipped by its reader, not an error.
        return Optional.of(new String(bytes, StandardCharsets.UTF_8).lines().toList());
    }

    /**
     * Deletes each record in {@code directory} (none when it does not exist) whose lines {@code doomed}
     * accepts; records still being written (temporary names) are left alone.
     */
    static void deleteWhere(Path directory, Predicate<List<String>> doomed) throws IOException {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(directory)) {
            for (Path record : records) {
                if (record.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Optional<List<String>> lines = read(record);
                if (lines.isPresent() && doomed.test(lines.get())) {
                    Files.deleteIfExists(record);
                }
            }
        } catch (NoSuchFileException noRecords) {
            // nothing to delete
        }
    }

    /** Writes {@code lines}, each ended by a newline, replacing what {@code record} held. */
    static void write(Path record, String... lines) throws IOException {
        Files.createDirectories(record.getParent());
        Path temporary = Files.createTempFile(record.getParent(), ".record-", ".tmp");
        try {
            Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
