package io.github.scratchimage.layer;

import io.github.scratchimage.image.LayerFile;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The lines of a layer's file-list record in the cache ({@code files/<diff_id hex>}): a first line
 * naming the format, then one line per regular file: SHA-1, SHA-256 and the path, separated by one
 * space; in the path a backslash, a line feed and a carriage return are written {@code \\},
 * {@code \n} and {@code \r}, so every path is one line.
 */
final class FileListRecord {
    private static final String FORMAT = "scratch-files/1";

    private FileListRecord() {
    }

    static String[] lines(List<LayerFile> files) {
        String[] lines = new String[files.size() + 1];
        lines[0] = FORMAT;
        for (int i = 0; i < files.size(); i++) {
            LayerFile file = files.get(i);
            lines[i + 1] = file.sha1() + " " + file.sha256() + " " + escape(file.path());
        }
        return lines;
    }

    /** The files, or empty when the lines are not such a record (damaged, another format). */
    static Optional<List<LayerFile>> parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(FORMAT)) {
            return Optional.empty();
        }
        List<LayerFile> files = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(" ", 3);
            if (fields.length != 3 || !isHex(fields[0], 40) || !isHex(fields[1], 64)) {
                return Optional.empty();
            }
            files.add(new LayerFile(unescape(fields[2]), fields[0], fields[1]));
        }
        return Optional.of(files);
    }

    private static boolean isHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        try {
            HexFormat.of().parseHex(text);
            return text.equals(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder path = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                path.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                path.append(c);
            }
        }
        return path.toString();
    }
}
