package io.github.scratchimage.maven;

import io.github.scratchimage.log.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Forwards the engine's messages to Maven's log. */
final class MavenBuildLog implements BuildLog {
    private final Log log;

    MavenBuildLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public boolean infoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean debugEnabled() {
        return log.isDebugEnabled();
    }
}
