package io.github.scratchimage.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Push goals built by plain construction, with a real MavenSession, for a one-layer site image. */
final class PushMojos {
    private PushMojos() {
    }

    /** Writes {@code site/index.html}, the one file the image holds. */
    static void writeSite(Path basedir, String html) throws IOException {
        Files.createDirectories(basedir.resolve("site"));
        Files.writeString(basedir.resolve("site/index.html"), html);
    }

    /**
     * A push of {@code site} to {@code image} under its tag and {@code latest}, from {@code basedir}
     * (build directory {@code target}), with the POM defaults Maven would inject
     * (PushMojoHarnessTest checks them).
     */
    static PushMojo create(Path basedir, MavenExecutionRequest request, SettingsDecrypter decrypter, Log log,
            String image) {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setVersion("1.0");
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        PushMojo mojo = new PushMojo(decrypter);
        mojo.setLog(log);
        mojo.session = new MavenSession(null, request, new DefaultMavenExecutionResult(), project);
        mojo.project = project;
        mojo.image = image;
        mojo.tags = List.of("latest");
        mojo.platform = "linux/amd64";
        mojo.format = "oci";
        mojo.layers = List.of(new Layer("site", List.of(new FileEntry("site", "/srv/www"))));
        mojo.environment = new LinkedHashMap<>();
        mojo.compression = "gzip";
        mojo.retries = 5;
        mojo.parallelUploads = 4;
        mojo.httpTimeout = 300;
        return mojo;
    }
}
