package io.github.scratchimage.log;

/**
 * Where the engine reports what it does. The Maven adapter forwards to Maven's log. Implementations
 * must be thread-safe: layers are built and uploaded in parallel. Never pass a secret.
 */
public interface BuildLog {
    void info(String message);

    void warn(String message);

    void debug(String message);

    /** Whether info lines are kept (not with Maven's {@code -q}); lets a caller skip lines nobody sees. */
    default boolean infoEnabled() {
        return true;
    }

    /** Whether debug lines are kept; lets a caller skip formatting lines nobody sees. */
    default boolean debugEnabled() {
        return true;
    }

    BuildLog NONE = new BuildLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void debug(String message) {
        }

        @Override
        public boolean infoEnabled() {
            return false;
        }

        @Override
        public boolean debugEnabled() {
            return false;
        }
    };
}
