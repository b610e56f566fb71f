package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.registry.Credential;
import io.github.scratchimage.registry.ProxyConfig;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and proxy from the POM and settings.xml, decrypted by Maven's real SettingsDecrypter. */
class RegistrySettingsTest {
    private static final ImageReference LOCAL = ImageReference.parse("127.0.0.1:5000/team/app:1.0");
    private static final ImageReference HUB = ImageReference.parse("team/app:1.0");

    @TempDir
    Path dir;

    private final String password = "pw-" + UUID.randomUUID();
    private final Settings settings = new Settings();
    private final CapturingMavenLog log = new CapturingMavenLog();
    private MavenSecrets secrets;

    @BeforeEach
    void masterPassword() throws Exception {
        secrets = MavenSecrets.create(dir.resolve("m2"), "master-" + UUID.randomUUID());
    }

    private RegistrySettings registrySettings() {
        return new RegistrySettings(settings, secrets.decrypter(), log);
    }

    private void server(String id, String username, String storedPassword) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(username);
        server.setPassword(storedPassword);
        settings.addServer(server);
    }

    @Test
    void pomAuthComesFirstWithAWarningThatShowsNoPassword() throws Exception {
        server("127.0.0.1:5000", "settings-user", secrets.encrypt("settings-password"));

        Credential credential = registrySettings().credential(LOCAL, new Auth("pom-user", password), null);

        assertThat(credential.username()).isEqualTo("pom-user");
        assertThat(credential.secret()).isEqualTo(password);
        assertThat(log.lines("WARN")).singleElement().asString()
                .contains("<auth><password>", "-X", "<passwordEnvironment>", "settings.xml <server>", "'127.0.0.1:5000'",
                        "--encrypt-password");
        assertThat(log.text()).doesNotContain(password);
    }

    @Test
    void settingsServerNamedAfterTheRegistryWithAnEncryptedPassword() throws Exception {
        String encrypted = secrets.encrypt(password);
        assertThat(encrypted).startsWith("{").doesNotContain(password);
        server("other", "x", secrets.encrypt("not this one"));
        server("127.0.0.1:5000", "ci", encrypted);

        Credential credential = registrySettings().credential(LOCAL, null, null);

        assertThat(credential.username()).isEqualTo("ci");
        assertThat(credential.secret()).isEqualTo(password);
        assertThat(credential.source()).isEqualTo("settings.xml <server> '127.0.0.1:5000'");
        assertThat(log.text()).doesNotContain(password).doesNotContain(encrypted);
    }

    @Test
    void serverIdChoosesTheServerOverTheRegistryName() throws Exception {
        server("127.0.0.1:5000", "by-host", secrets.encrypt("host-password"));
        server("my-registry", "by-id", secrets.encrypt(password));

        Credential credential = registrySettings().credential(LOCAL, new Auth(), "my-registry");

        assertThat(credential.username()).isEqualTo("by-id");
        assertThat(credential.secret()).isEqualTo(password);
    }

    @Test
    void missingServerIdWarnsAndLeavesTheLookupToTheEngine() throws Exception {
        server("127.0.0.1:5000", "by-host", secrets.encrypt(password));

        assertThat(registrySettings().credential(LOCAL, null, "absent")).isNull();
        assertThat(log.lines("WARN")).singleElement().asString().contains("'absent'", "docker");
    }

    @Test
    void dockerHubImagesFindServersUnderEachHubName() throws Exception {
        for (String id : new String[] {"docker.io", "registry-1.docker.io", "index.docker.io"}) {
            settings.getServers().clear();
            server(id, "hub-user", secrets.encrypt(password));

            Credential credential = registrySettings().credential(HUB, null, null);

            assertThat(credential).as(id).isNotNull();
            assertThat(credential.secret()).isEqualTo(password);
        }
    }

    @Test
    void plainTextPasswordsAreUsedAsWritten() throws Exception {
        server("127.0.0.1:5000", "ci", password);

        assertThat(registrySettings().credential(LOCAL, null, null).secret()).isEqualTo(password);
    }

    @Test
    void nothingConfiguredMeansNoExplicitCredential() throws Exception {
        server("elsewhere:5000", "ci", password);

        assertThat(registrySettings().credential(LOCAL, null, null)).isNull();
    }

    @Test
    void undecryptablePasswordFailsNamingTheServer() throws Exception {
        MavenSecrets other = MavenSecrets.create(dir.resolve("other-m2"), "another master password");
        String encrypted = secrets.encrypt(password);
        while (other.decrypts(encrypted)) { // by chance, about one in 256: that one the other master can read
            encrypted = secrets.encrypt(password);
        }
        server("127.0.0.1:5000", "ci", encrypted);
        secrets = other;

        assertThatThrownBy(() -> registrySettings().credential(LOCAL, null, null))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("settings.xml <server> '127.0.0.1:5000'")
                .hasMessageContaining("decrypt")
                .hasMessageNotContaining(password)
                .hasMessageNotContaining(encrypted);
    }

    @Test
    void missingMasterPasswordFileFailsNamingTheServer() throws Exception {
        server("127.0.0.1:5000", "ci", secrets.encrypt(password));
        java.nio.file.Files.delete(secrets.securityFile());

        assertThatThrownBy(() -> registrySettings().credential(LOCAL, null, null))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("'127.0.0.1:5000'")
                .hasMessageNotContaining(password);
    }

    @Test
    void halfWrittenAuthIsABadParameter() {
        assertThatThrownBy(() -> registrySettings().credential(LOCAL, new Auth("user", null), null))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("<auth>:");
        assertThatThrownBy(() -> registrySettings().credential(LOCAL, new Auth(null, password), null))
                .isInstanceOf(InvalidParameterException.class).hasMessageNotContaining(password);
    }

    /** The password comes from the environment variable <auth> names; the POM holds no secret at all. */
    @Test
    void authPasswordEnvironmentReadsTheNamedVariable() throws Exception {
        Auth auth = new Auth("env-user", null);
        auth.setPasswordEnvironment("REGISTRY_PW");
        RegistrySettings settings = new RegistrySettings(this.settings, secrets.decrypter(), log,
                name -> name.equals("REGISTRY_PW") ? password : null);

        Credential credential = settings.credential(LOCAL, auth, null);

        assertThat(credential.username()).isEqualTo("env-user");
        assertThat(credential.secret()).isEqualTo(password);
        assertThat(credential.source()).isEqualTo("the environment variable REGISTRY_PW (<auth>)");
        assertThat(log.lines("WARN")).isEmpty();
        assertThat(log.text()).doesNotContain(password);
    }

    @Test
    void authPasswordEnvironmentThatIsUnsetOrCombinedWithAPasswordIsABadParameter() {
        Auth unset = new Auth("env-user", null);
        unset.setPasswordEnvironment("NOT_SET_ANYWHERE");
        assertThatThrownBy(() -> new RegistrySettings(settings, secrets.decrypter(), log, name -> null)
                .credential(LOCAL, unset, null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("<auth/passwordEnvironment>:").hasMessageContaining("NOT_SET_ANYWHERE");

        Auth both = new Auth("env-user", password);
        both.setPasswordEnvironment("REGISTRY_PW");
        assertThatThrownBy(() -> new RegistrySettings(settings, secrets.decrypter(), log, name -> password)
                .credential(LOCAL, both, null))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("<auth>:")
                .hasMessageNotContaining(password);
    }

    private Proxy proxy(String id, String protocol, boolean active, String host, int port) {
        Proxy proxy = new Proxy();
        proxy.setId(id);
        proxy.setProtocol(protocol);
        proxy.setActive(active);
        proxy.setHost(host);
        proxy.setPort(port);
        settings.addProxy(proxy);
        return proxy;
    }

    @Test
    void activeHttpsProxyWithDecryptedPasswordAndNonProxyHosts() throws Exception {
        proxy("off", "https", false, "inactive.example", 1);
        proxy("plain", "http", true, "http-proxy.example", 3128);
        Proxy https = proxy("corp", "https", true, "proxy.example", 8443);
        https.setUsername("proxy-user");
        https.setPassword(secrets.encrypt(password));
        https.setNonProxyHosts("localhost|127.*|*.internal.example");

        ProxyConfig config = registrySettings().proxy();

        assertThat(config).isEqualTo(new ProxyConfig("proxy.example", 8443, "proxy-user", password,
                "localhost|127.*|*.internal.example"));
        assertThat(config.bypasses("127.0.0.1")).isTrue();
        assertThat(config.bypasses("registry.internal.example")).isTrue();
        assertThat(config.bypasses("ghcr.io")).isFalse();
        assertThat(log.text()).contains("'corp'").doesNotContain(password);
    }

    @Test
    void httpProxyWhenNoHttpsProxyIsActive() throws Exception {
        proxy("off", "https", false, "inactive.example", 1);
        proxy("plain", null, true, "http-proxy.example", 3128);

        assertThat(registrySettings().proxy()).isEqualTo(new ProxyConfig("http-proxy.example", 3128, null, null, null));
    }

    @Test
    void noActiveProxyMeansDirectConnections() throws Exception {
        proxy("off", "https", false, "inactive.example", 1);

        assertThat(registrySettings().proxy()).isNull();
    }

    @Test
    void undecryptableProxyPasswordFailsNamingTheProxy() throws Exception {
        Proxy https = proxy("corp", "https", true, "proxy.example", 8443);
        https.setUsername("proxy-user");
        MavenSecrets other = MavenSecrets.create(dir.resolve("other-m2"), "another master password");
        String encrypted = secrets.encrypt(password);
        while (other.decrypts(encrypted)) { // by chance, about one in 256: that one the other master can read
            encrypted = secrets.encrypt(password);
        }
        https.setPassword(encrypted);
        secrets = other;

        assertThatThrownBy(() -> registrySettings().proxy()).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("settings.xml <proxy> 'corp'").hasMessageNotContaining(password);
    }
}
