package io.github.scratchimage.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.InvalidImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookup of the engine's socket, with the environment, the home directory and the root directory
 * of {@code /var/run} and {@code /run} all in a test directory, and the files the docker CLI and the
 * engines write (config.json, a context's meta.json, sockets: plain files stand in for them, as only
 * their existence is asked).
 */
class DockerHostTest {
    private static final String SETTING = "<dockerHost>";

    @TempDir
    Path dir;

    private Path home;
    private Path root;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void directories() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        root = Files.createDirectories(dir.resolve("root"));
    }

    private DockerHost find() throws EngineException {
        return DockerHost.find(null, SETTING, env, home, root);
    }

    private Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }

    /** {@code docker context create NAME --docker host=HOST} and {@code docker context use NAME}, as files. */
    private void context(Path configDirectory, String name, String host) throws IOException {
        Files.createDirectories(configDirectory);
        Files.writeString(configDirectory.resolve("config.json"), "{\"auths\":{},\"currentContext\":\"" + name + "\"}");
        Path meta = configDirectory.resolve("contexts/meta/" + Digest.sha256(name).encoded() + "/meta.json");
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
                + host + "\",\"SkipTLSVerify\":false}}}");
    }

    @Test
    void theParameterWinsOverEverythingElse() throws IOException {
        env.put("DOCKER_HOST", "unix:///from/env.sock");
        context(home.resolve(".docker"), "colima", "unix:///from/context.sock");
        touch(root.resolve("var/run/docker.sock"));

        DockerHost host = DockerHost.find("unix:///from/parameter.sock", SETTING, env, home, root);

        assertThat(host.socket()).isEqualTo(Path.of("/from/parameter.sock"));
        assertThat(host.origin()).isEqualTo("<dockerHost>");
        assertThat(host.url()).isEqualTo("unix:///from/parameter.sock");
    }

    @Test
    void dockerHostWinsOverTheContextAndTheSockets() throws IOException {
        env.put("DOCKER_HOST", "unix:///from/env.sock");
        context(home.resolve(".docker"), "colima", "unix:///from/context.sock");
        touch(root.resolve("var/run/docker.sock"));

        assertThat(find()).isEqualTo(new DockerHost(Path.of("/from/env.sock"), "DOCKER_HOST"));
    }

    @Test
    void theCurrentContextOfConfigJsonInTheHomeDirectory() throws IOException {
        context(home.resolve(".docker"), "colima", "unix:///Users/me/.colima/default/docker.sock");
        touch(root.resolve("var/run/docker.sock"));

        DockerHost host = find();

        assertThat(host.socket()).isEqualTo(Path.of("/Users/me/.colima/default/docker.sock"));
        assertThat(host.origin()).startsWith("docker context colima (").contains("meta.json");
    }

    @Test
    void dockerContextWinsOverTheCurrentContextOfConfigJson() throws IOException {
        context(home.resolve(".docker"), "colima", "unix:///not/this.sock");
        context(dir.resolve("unused"), "orbstack", "unix:///unused.sock");
        Files.createDirectories(home.resolve(".docker/contexts/meta"));
        Files.move(dir.resolve("unused/contexts/meta/" + Digest.sha256("orbstack").encoded()),
                home.resolve(".docker/contexts/meta/" + Digest.sha256("orbstack").encoded()));
        env.put("DOCKER_CONTEXT", "orbstack");

        assertThat(find().socket()).isEqualTo(Path.of("/unused.sock"));
        assertThat(find().origin()).startsWith("docker context orbstack (");
    }

    @Test
    void dockerConfigMovesTheConfigDirectory() throws IOException {
        context(home.resolve(".docker"), "colima", "unix:///not/this.sock");
        Path elsewhere = dir.resolve("docker-config");
        context(elsewhere, "orbstack", "unix:///Users/me/.orbstack/run/docker.sock");
        env.put("DOCKER_CONFIG", elsewhere.toString());

        assertThat(find().socket()).isEqualTo(Path.of("/Users/me/.orbstack/run/docker.sock"));
    }

    @Test
    void theDefaultContextAndAConfigWithoutContextMeanTheSockets() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{}}");
        Path podman = touch(root.resolve("run/podman/podman.sock"));
        assertThat(find().socket()).isEqualTo(podman);

        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"default\"}");
        assertThat(find().socket()).isEqualTo(podman);
    }

    @Test
    void theSocketsInOrderTheFirstThatExists() throws IOException {
        Path runtimeDirectory = Files.createDirectories(dir.resolve("xdg"));
        env.put("XDG_RUNTIME_DIR", runtimeDirectory.toString());
        Path rootPodman = touch(root.resolve("run/podman/podman.sock"));
        assertThat(find()).isEqualTo(new DockerHost(rootPodman, DockerHost.USUAL_PLACES));

        Path userPodman = touch(runtimeDirectory.resolve("podman/podman.sock"));
        assertThat(find().socket()).isEqualTo(userPodman);

        Path desktop = touch(home.resolve(".docker/run/docker.sock"));
        assertThat(find().socket()).isEqualTo(desktop);

        Path docker = touch(root.resolve("var/run/docker.sock"));
        assertThat(find().socket()).isEqualTo(docker);
    }

    @Test
    void noEngineNamesEveryPlaceTriedAndHowToStartOne() throws IOException {
        env.put("XDG_RUNTIME_DIR", dir.resolve("xdg").toString());

        assertThatThrownBy(this::find).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("no Docker or Podman engine found; tried DOCKER_HOST (not set), "
                        + "the current docker context (none in " + home.resolve(".docker/config.json") + "), "
                        + root.resolve("var/run/docker.sock") + " (no such file), "
                        + home.resolve(".docker/run/docker.sock") + " (no such file), "
                        + dir.resolve("xdg/podman/podman.sock") + " (no such file), "
                        + root.resolve("run/podman/podman.sock") + " (no such file)")
                .hasMessageContaining("podman system service --time=0")
                .hasMessageContaining("Docker Desktop")
                .hasMessageEndingWith("or set <dockerHost> to its socket, e.g. unix:///path/to/engine.sock");
    }

    @Test
    void tcpAndHttpsHostsAreRefusedNotSkipped() throws IOException {
        touch(root.resolve("var/run/docker.sock"));
        assertThatThrownBy(() -> DockerHost.find("tcp://127.0.0.1:2375", SETTING, env, home, root))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("'tcp://127.0.0.1:2375': tcp:// hosts are not supported")
                .hasMessageContaining("only over a unix socket")
                .extracting(e -> ((InvalidImageException) e).field()).isEqualTo(InvalidImageException.Field.DOCKER_HOST);

        env.put("DOCKER_HOST", "https://docker.example:2376");
        assertThatThrownBy(this::find).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("DOCKER_HOST: 'https://docker.example:2376': https:// hosts are not supported")
                .hasMessageEndingWith("; to load into another engine than that one, set <dockerHost> to its socket, "
                        + "e.g. unix:///path/to/engine.sock");

        env.remove("DOCKER_HOST");
        context(home.resolve(".docker"), "remote", "tcp://10.0.0.5:2375");
        assertThatThrownBy(this::find).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("docker context remote (")
                .hasMessageContaining("tcp:// hosts are not supported");
    }

    @Test
    void aUnixUrlNeedsAnAbsolutePath() {
        assertThatThrownBy(() -> DockerHost.find("unix://relative.sock", SETTING, env, home, root))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("'unix://relative.sock' is not a unix:// URL with an absolute path");
        assertThatThrownBy(() -> DockerHost.find("/var/run/docker.sock", SETTING, env, home, root))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("is not a unix:// URL");
    }

    @Test
    void aCurrentContextWithoutItsMetaFileIsAnError() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"gone\"}");
        touch(root.resolve("var/run/docker.sock"));

        assertThatThrownBy(this::find).isInstanceOf(EngineException.class)
                .hasMessageContaining("sets currentContext names the context gone, but its endpoint file")
                .hasMessageContaining(Digest.sha256("gone").encoded() + "/meta.json does not exist");
    }

    @Test
    void aBrokenConfigJsonIsNamed() throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":");

        assertThatThrownBy(this::find).isInstanceOf(EngineException.class)
                .hasMessageStartingWith(home.resolve(".docker/config.json") + ": the JSON text ends too early");
    }
}
