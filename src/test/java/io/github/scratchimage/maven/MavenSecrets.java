package io.github.scratchimage.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.cipher.PlexusCipherException;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * Maven's password encryption as {@code mvn --encrypt-master-password} and {@code --encrypt-password}
 * do it: a settings-security.xml holding the master password (encrypted with the fixed key
 * {@code settings.security}), and passwords encrypted with the master password. Used by the unit
 * tests and by the push ITs' setup.groovy.
 */
public final class MavenSecrets {
    private final Path securityFile;
    private final String masterPassword;
    private final DefaultPlexusCipher cipher = new DefaultPlexusCipher();

    private MavenSecrets(Path securityFile, String masterPassword) {
        this.securityFile = securityFile;
        this.masterPassword = masterPassword;
    }

    /** Writes {@code settings-security.xml} into {@code directory} with this master password. */
    public static MavenSecrets create(Path directory, String masterPassword) throws IOException {
        MavenSecrets secrets = new MavenSecrets(directory.resolve("settings-security.xml"), masterPassword);
        Files.createDirectories(directory);
        Files.writeString(secrets.securityFile, "<settingsSecurity>\n  <master>"
                + secrets.encrypt(masterPassword, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)
                + "</master>\n</settingsSecurity>\n");
        return secrets;
    }

    /** {@code password} encrypted with the master password, braces included, as settings.xml holds it. */
    public String encrypt(String password) {
        return encrypt(password, masterPassword);
    }

    /**
     * Whether {@code encrypted} (braces included) decrypts with this master password. An encryption
     * made with another one mostly does not, but about one in 256 does (its padding happens to check
     * out) and yields garbage: a test that needs a password this master cannot read checks it here.
     */
    public boolean decrypts(String encrypted) {
        try {
            cipher.decryptDecorated(encrypted, masterPassword);
            return true;
        } catch (PlexusCipherException e) {
            return false;
        }
    }

    private String encrypt(String text, String key) {
        try {
            return cipher.encryptAndDecorate(text, key);
        } catch (PlexusCipherException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path securityFile() {
        return securityFile;
    }

    /** Maven's own decrypter reading this settings-security.xml. */
    public SettingsDecrypter decrypter() {
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(),
                securityFile.toString()));
    }
}
