package io.github.scratchimage.maven;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.XmlStreamReader;

/**
 * What the maven-plugin-testing-harness tests share: the project they run in, the plugin descriptor's
 * parameters (to check that a test covers every default and every property), and reading back a
 * saved tarball.
 */
final class HarnessSupport {
    /** The project's {@code project.build.outputTimestamp}. */
    static final String OUTPUT_TIMESTAMP = "2024-01-31T12:00:00Z";
    /** The one page of the site the test POMs put into their layer. */
    static final String PAGE = "<h1>harness</h1>\n";

    private HarnessSupport() {
    }

    /** org.example:demo:1.0 in {@code basedir}, building into {@code basedir/target}, as Maven would read its POM. */
    static MavenProject project(Path basedir) {
        MavenProject project = new MavenProject();
        project.setGroupId("org.example");
        project.setArtifactId("demo");
        project.setVersion("1.0");
        project.setPackaging("pom");
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        project.getProperties().setProperty("project.build.outputTimestamp", OUTPUT_TIMESTAMP);
        project.setArtifact(new DefaultArtifact("org.example", "demo", "1.0", null, "pom", null,
                new DefaultArtifactHandler("pom")));
        return project;
    }

    /** {@code basedir/site/index.html}, the source of the test POMs' layer. */
    static void writeSite(Path basedir) throws IOException {
        Files.createDirectories(basedir.resolve("site"));
        Files.writeString(basedir.resolve("site/index.html"), PAGE);
    }

    /** {@code relative} as Maven resolves a relative path against the project directory. */
    static File file(Path basedir, String relative) {
        return basedir.resolve(relative).toFile();
    }

    /** The names of the parameters a POM can set for the goal (plugin.xml's editable ones). */
    static List<String> configurableParameters(String goal) throws Exception {
        return parameters(goal, Parameter::isEditable);
    }

    /** The names of the goal's parameters that have a default value in plugin.xml. */
    static List<String> parametersWithDefault(String goal) throws Exception {
        return parameters(goal, p -> p.getDefaultValue() != null);
    }

    /** The names of the goal's parameters without a default value. */
    static List<String> parametersWithoutDefault(String goal) throws Exception {
        return parameters(goal, p -> p.getDefaultValue() == null);
    }

    /** The parameters every goal shares that have a default, with the value Maven injects in {@link #project}. */
    static Map<String, Object> commonDefaults(MavenProject project) {
        Path target = Path.of(project.getBuild().getDirectory());
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("alwaysIndex", false);
        defaults.put("platformCheck", "fail");
        defaults.put("compression", "gzip");
        defaults.put("cacheMaxSize", "5g");
        defaults.put("format", "oci");
        defaults.put("sbom", true);
        defaults.put("skip", false);
        defaults.put("outputTimestamp", OUTPUT_TIMESTAMP);
        defaults.put("project", project);
        return defaults;
    }

    /**
     * The parameters every goal shares that have no default, with the value Maven injects when neither
     * the POM nor a user property sets them: null, except a list read from a property, which is an
     * empty list (the property's expression stands in its configuration, and evaluates to nothing).
     */
    static Map<String, Object> commonUnconfigured() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : List.of("image", "platform", "platforms", "osVersion", "layers", "environment",
                "entrypoint", "cmd", "workingDirectory", "user", "labels", "annotations", "stopSignal",
                "creationTime", "cacheDirectory", "compressionLevel", "signingKey", "signingServerId")) {
            values.put(name, null);
        }
        values.put("tags", List.of());
        values.put("exposedPorts", List.of());
        values.put("volumes", List.of());
        return values;
    }

    /** The user properties ({@code -Dname=value}) the goal reads, e.g. {@code scratch.format}. */
    static List<String> properties(String goal) throws Exception {
        List<String> properties = new ArrayList<>();
        for (Parameter parameter : mojo(goal).getParameters()) {
            String expression = parameter.getExpression();
            if (expression != null && expression.startsWith("${") && expression.endsWith("}")) {
                properties.add(expression.substring(2, expression.length() - 1));
            }
        }
        return properties;
    }

    private static List<String> parameters(String goal, Predicate<Parameter> filter) throws Exception {
        return mojo(goal).getParameters().stream().filter(filter).map(Parameter::getName).toList();
    }

    private static MojoDescriptor mojo(String goal) throws Exception {
        try (InputStream in = HarnessSupport.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml");
                Reader reader = new XmlStreamReader(in)) {
            PluginDescriptor plugin = new PluginDescriptorBuilder().build(reader);
            MojoDescriptor mojo = plugin.getMojo(goal);
            if (mojo == null) {
                throw new AssertionError("plugin.xml has no goal " + goal);
            }
            return mojo;
        }
    }

    /** The values of the named fields of {@code mojo}, by name. */
    static Map<String, Object> values(Mojo mojo, Collection<String> names) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, MojoExtension.getVariableValueFromObject(mojo, name));
        }
        return values;
    }

    /** Every regular file of a tar, by name, with its bytes. */
    static Map<String, byte[]> tarEntries(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return tarEntries(in);
        }
    }

    private static Map<String, byte[]> tarEntries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** The regular files of every gzip layer blob among a saved tarball's entries, by path, as text. */
    static Map<String, String> layerFiles(Map<String, byte[]> tarball) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : tarball.entrySet()) {
            byte[] bytes = entry.getValue();
            if (entry.getKey().startsWith("blobs/") && bytes.length > 2 && (bytes[0] & 0xff) == 0x1f
                    && (bytes[1] & 0xff) == 0x8b) {
                tarEntries(new GZIPInputStream(new ByteArrayInputStream(bytes)))
                        .forEach((path, content) -> files.put(path, new String(content, StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    /**
     * How many layers the layer cache in {@code cache} holds, and how many of them with the list of
     * their files' checksums (for the SBOM): {@code [blobs, file lists]}.
     */
    static long[] cachedLayersAndFileLists(Path cache) throws IOException {
        return new long[] {count(cache.resolve("blobs")), count(cache.resolve("files"))};
    }

    private static long count(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (var files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
