package io.github.scratchimage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The one way tests run a tool: a missing tool skips the test with the reason instead of failing it. */
class ProcessRunnerTest {
    @Test
    void aMissingToolSkipsTheTestNamingIt() {
        assertThatThrownBy(() -> ProcessRunner.create().run("no-such-tool-4f2a", "--version"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no-such-tool-4f2a is not installed").hasMessageContaining(".ci/run");
        assertThatThrownBy(() -> ProcessRunner.create().start(List.of("/usr/bin/no-such-server-4f2a"),
                java.nio.file.Path.of("/dev/null"))).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void anInstalledToolRuns() {
        assertThat(ProcessRunner.create().run("sh", "-c", "echo ok").requireSuccess().stdout()).isEqualTo("ok\n");
    }
}
