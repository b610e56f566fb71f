package io.github.scratchimage.maven;

import static io.github.scratchimage.maven.HarnessSupport.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.registry.RegistryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push goal as Maven builds it (see {@link SaveMojoHarnessTest}): its defaults, its {@code -D}
 * properties, and Maven's own SettingsDecrypter injected. The harness mocks the session; its
 * {@code getSettings()} is stubbed here with a settings.xml {@code <server>} for the registry.
 * Pushing to a real registry is {@link PushMojoTest}'s.
 */
@MojoTest
class PushMojoHarnessTest {
    private static final String REGISTRY = "127.0.0.1:5000";

    @TempDir
    Path basedir;

    @Inject
    MavenSession session;

    @Provides
    MavenProject project() {
        return HarnessSupport.project(basedir);
    }

    @BeforeEach
    void settings() {
        Server server = new Server();
        server.setId(REGISTRY);
        server.setUsername("ci");
        server.setPassword("from-settings");
        Settings settings = new Settings();
        settings.addServer(server);
        when(session.getSettings()).thenReturn(settings);
    }

    private static ImageReference reference() {
        return ImageReference.parse(REGISTRY + "/team/demo:1.0");
    }

    @Test
    @Basedir("/harness/defaults")
    @InjectMojo(goal = "push", pom = "pom.xml")
    void everyParameterDefaultAsMavenInjectsIt(PushMojo mojo) throws Exception {
        Map<String, Object> defaults = HarnessSupport.commonDefaults(mojo.project);
        defaults.put("retries", 5);
        defaults.put("parallelUploads", 4);
        defaults.put("httpTimeout", 300);
        defaults.put("allowInsecureRegistries", false);
        defaults.put("session", session);
        assertThat(mojo.mojoExecution.getMojoDescriptor().getGoal()).as("${mojoExecution}").isEqualTo("push");
        defaults.put("mojoExecution", mojo.mojoExecution);
        Map<String, Object> unconfigured = HarnessSupport.commonUnconfigured();
        unconfigured.put("auth", null);
        unconfigured.put("serverId", null);
        unconfigured.put("chunkSize", null);
        unconfigured.put("caCertificates", List.of());
        unconfigured.put("additionalImages", List.of());
        unconfigured.put("cacheFrom", List.of());

        assertThat(defaults.keySet()).as("the parameters with a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithDefault("push"));
        assertThat(HarnessSupport.values(mojo, defaults.keySet())).isEqualTo(defaults);
        assertThat(unconfigured.keySet()).as("the parameters without a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithoutDefault("push"));
        assertThat(HarnessSupport.values(mojo, unconfigured.keySet())).isEqualTo(unconfigured);
    }

    @Test
    @Basedir("/harness/defaults")
    @InjectMojo(goal = "push", pom = "pom.xml")
    void theDefaultsAndTheSettingsServerReachTheRegistryOptions(PushMojo mojo) throws Exception {
        RegistryOptions options = mojo.registryOptions(reference());

        assertThat(options.retries()).isEqualTo(5);
        assertThat(options.parallelUploads()).isEqualTo(4);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.chunkSize()).isNull();
        assertThat(options.caCertificates()).isEmpty();
        assertThat(options.allowInsecureRegistries()).isFalse();
        assertThat(options.offline()).isFalse();
        assertThat(options.proxy()).isNull();
        assertThat(options.credential().username()).isEqualTo("ci");
        assertThat(options.credential().secret()).as("through Maven's SettingsDecrypter").isEqualTo("from-settings");
    }

    @Test
    @Basedir("/harness/push")
    @InjectMojo(goal = "push", pom = "pom.xml")
    void aListInThePomIsInjectedRelativeToTheProjectDirectory(PushMojo mojo) {
        assertThat(mojo.caCertificates).containsExactly(file(basedir, "ca.pem"));
        assertThat(mojo.retries).isEqualTo(1);
    }

    @Test
    @Basedir("/harness/defaults")
    @InjectMojo(goal = "push", pom = "pom.xml")
    void withoutImageExecuteFailsNamingTheParameter(PushMojo mojo) {
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<image>").hasMessageContaining("required");
        assertThat(basedir.resolve("target")).doesNotExist();
    }

    /** {@code mvn -Dscratch.X=...} for every property push reads beyond those save reads too. */
    @Nested
    class UserProperties {
        private final Map<String, String> properties = new LinkedHashMap<>();

        @BeforeEach
        void userProperties() {
            properties.put("scratch.serverId", "mirror");
            properties.put("scratch.caCertificates", "a.pem,/etc/ssl/b.pem");
            properties.put("scratch.allowInsecureRegistries", "true");
            properties.put("scratch.retries", "2");
            properties.put("scratch.chunkSize", "1m");
            properties.put("scratch.parallelUploads", "1");
            properties.put("scratch.httpTimeout", "7");
            properties.put("scratch.additionalImages", "ghcr.io/org/app,quay.io/org/app:stable");
            properties.put("scratch.cacheFrom", "127.0.0.1:5000/team/app:release");
            properties.put("scratch.image", REGISTRY + "/team/cli:2.0");
            session.getUserProperties().putAll(properties);
        }

        @Test
        @Basedir("/harness/defaults")
        @InjectMojo(goal = "push", pom = "pom.xml")
        void overrideTheDefaults(PushMojo mojo) throws Exception {
            Set<String> pushOnly = new HashSet<>(HarnessSupport.properties("push"));
            HarnessSupport.properties("save").forEach(pushOnly::remove);
            assertThat(properties).as("sets every property push reads and save does not")
                    .containsKeys(pushOnly.toArray(String[]::new));

            assertThat(mojo.serverId).isEqualTo("mirror");
            assertThat(mojo.caCertificates).containsExactly(file(basedir, "a.pem"), file(basedir, "/etc/ssl/b.pem"));
            assertThat(mojo.allowInsecureRegistries).isTrue();
            assertThat(mojo.retries).isEqualTo(2);
            assertThat(mojo.chunkSize).isEqualTo("1m");
            assertThat(mojo.parallelUploads).isEqualTo(1);
            assertThat(mojo.httpTimeout).isEqualTo(7);
            assertThat(mojo.additionalImages).containsExactly("ghcr.io/org/app", "quay.io/org/app:stable");
            assertThat(mojo.cacheFrom).containsExactly("127.0.0.1:5000/team/app:release");
            assertThat(mojo.image).isEqualTo(REGISTRY + "/team/cli:2.0");
        }

        @Test
        @Basedir("/harness/push")
        @InjectMojo(goal = "push", pom = "pom.xml")
        void aSingleValueInThePomWinsOverThePropertyAListDoesNot(PushMojo mojo) {
            assertThat(mojo.image).isEqualTo(REGISTRY + "/team/demo:1.0");
            assertThat(mojo.retries).isEqualTo(1);
            assertThat(mojo.httpTimeout).as("not in the POM").isEqualTo(7);
            // Maven's rule (checked with mvn 3.8.7 -X too): a list written as elements has no text of its
            // own, so it takes the ${scratch.caCertificates} of its default, and a set property replaces it
            assertThat(mojo.caCertificates).containsExactly(file(basedir, "a.pem"), file(basedir, "/etc/ssl/b.pem"));
        }
    }
}
