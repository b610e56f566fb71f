package io.github.scratchimage.sign;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keys made by openssl, and signatures checked by openssl: independent of the plugin's own code. */
public final class OpensslKeys {
    private OpensslKeys() {
    }

    /** A key openssl made, loaded, with the PEM public key openssl derived from it. */
    public record Pair(SigningKey key, Path publicKey) {
    }

    /** A P-256 key, encrypted under {@code password} when it is not null, loaded with that password. */
    public static Pair pair(Path dir, String password) {
        Path pem = ecKey(dir);
        Path file = password == null ? pem : encrypted(pem, password);
        return new Pair(SigningKey.load(file, password == null ? null : password.toCharArray(), ""),
                publicKey(pem));
    }

    /** An unencrypted P-256 PKCS#8 key, as the documentation tells users to make one. */
    public static Path ecKey(Path dir) {
        assumeTrue(ProcessRunner.isInstalled("openssl"), "openssl is not installed");
        Path key = dir.resolve("key.pem");
        ProcessRunner.create().runChecked("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-out", key.toString());
        return key;
    }

    /** {@code key} encrypted with PBES2 (AES-256-CBC) under {@code password}. */
    public static Path encrypted(Path key, String password) {
        Path encrypted = key.resolveSibling("encrypted-" + key.getFileName());
        ProcessRunner.create().runChecked("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(),
                "-out", encrypted.toString(), "-passout", "pass:" + password);
        return encrypted;
    }

    /** The public key of {@code key}, PEM, as {@code cosign verify --key} takes it. */
    public static Path publicKey(Path key) {
        Path pub = key.resolveSibling(key.getFileName() + ".pub");
        ProcessRunner.create().runChecked("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        return pub;
    }

    /** Whether {@code openssl dgst -sha256 -verify} accepts {@code signature} (DER) over exactly {@code data}. */
    public static boolean verifies(Path publicKey, byte[] data, byte[] signature) {
        try {
            Path dir = Files.createTempDirectory(publicKey.getParent(), "verify");
            Path dataFile = Files.write(dir.resolve("data"), data);
            Path signatureFile = Files.write(dir.resolve("sig.der"), signature);
            return ProcessRunner.create().run("openssl", "dgst", "-sha256", "-verify", publicKey.toString(),
                    "-signature", signatureFile.toString(), dataFile.toString()).succeeded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
