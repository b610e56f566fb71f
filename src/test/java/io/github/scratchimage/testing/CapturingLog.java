package io.github.scratchimage.testing;

import io.github.scratchimage.log.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe BuildLog keeping every line, level included ({@code [INFO] ...}). */
public final class CapturingLog implements BuildLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("[INFO] " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("[WARN] " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("[DEBUG] " + message);
    }

    /** Every line, with its level prefix, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    /** The warning messages, without prefix. */
    public List<String> warnings() {
        return at("[WARN] ");
    }

    /** The debug messages, without prefix. */
    public List<String> debugs() {
        return at("[DEBUG] ");
    }

    public void clear() {
        lines.clear();
    }

    private List<String> at(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
}
