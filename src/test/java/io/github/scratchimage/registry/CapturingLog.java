package io.github.scratchimage.registry;

import io.github.scratchimage.log.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe BuildLog keeping every line, level included. */
final class CapturingLog implements BuildLog {
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

    List<String> lines() {
        return List.copyOf(lines);
    }

    String text() {
        return String.join("\n", lines);
    }
}
