package io.github.scratchimage.maven;

import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.sign.CiInvocation;
import io.github.scratchimage.sign.PluginJar;
import io.github.scratchimage.sign.SigningKey;
import io.github.scratchimage.sign.SigningMaker;
import io.github.scratchimage.sign.SlsaProvenance;
import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/**
 * The goals' {@code signingKey} and {@code signingServerId}: loads the key (before anything is
 * built, so a wrong password fails the build before any push) and makes the signing maker with the
 * provenance facts Maven knows. The key's password comes from the settings.xml {@code <server>}
 * named by {@code signingServerId} (decrypted as Maven does), else from the environment variable
 * {@value #PASSWORD_VARIABLE}; it is never logged and never a parameter value (so {@code -X} cannot
 * print it).
 */
final class SigningSettings {
    static final String PASSWORD_VARIABLE = "SCRATCH_SIGNING_KEY_PASSWORD";

    private SigningSettings() {
    }

    /**
     * The signing maker, or none without {@code signingKey}.
     *
     * @param goal    the goal, e.g. {@code push}
     * @param started when the goal started
     */
    static List<AttachmentMaker> makers(File signingKey, String signingServerId, RegistrySettings settings,
            Map<String, String> environment, MavenProject project, String goal, String pluginVersion,
            ImageName name, Instant started) throws MojoExecutionException {
        if (signingKey == null) {
            return List.of();
        }
        char[] password = null;
        String source;
        if (signingServerId != null && !signingServerId.isBlank()) {
            password = settings.password(signingServerId.trim(), "signingServerId").toCharArray();
            source = "the password of settings.xml <server> '" + signingServerId.trim() + "' (<signingServerId>)";
        } else if (environment.get(PASSWORD_VARIABLE) != null && !environment.get(PASSWORD_VARIABLE).isEmpty()) {
            password = environment.get(PASSWORD_VARIABLE).toCharArray();
            source = "the environment variable " + PASSWORD_VARIABLE;
        } else {
            source = "put it in a settings.xml <server> named by <signingServerId> (encrypted with mvn "
                    + "--encrypt-password), or in the environment variable " + PASSWORD_VARIABLE;
        }
        SigningKey key = SigningKey.load(signingKey.toPath().toAbsolutePath().normalize(), password, source);
        if (password != null) {
            java.util.Arrays.fill(password, '\0');
        }
        String scmUrl = project.getScm() == null ? null : project.getScm().getUrl();
        SlsaProvenance provenance = new SlsaProvenance(project.getGroupId(), project.getArtifactId(),
                project.getVersion(), goal, name.tags().stream().map(name::fullName).toList(), List.of(), scmUrl,
                GitRevision.of(project.getBasedir().toPath()), pluginVersion, PluginJar.sha256(),
                CiInvocation.of(environment), started, null);
        return List.of(new SigningMaker(key, provenance, Instant::now));
    }
}
