package io.github.scratchimage.sign;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/** The SHA-256 of the jar this plugin runs from, for the provenance's resolved dependencies. */
public final class PluginJar {
    private PluginJar() {
    }

    /** The hex SHA-256 of the jar holding this class, or null when it runs from a directory or cannot be read. */
    public static String sha256() {
        try {
            CodeSource source = PluginJar.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path jar = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(jar) ? sha256(jar) : null;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Digest.fromSha256(sha256.digest()).hex();
    }
}
