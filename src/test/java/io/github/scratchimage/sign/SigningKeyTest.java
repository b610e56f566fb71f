package io.github.scratchimage.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.testing.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    private static final String HOW = "set <signingServerId> or SCRATCH_SIGNING_KEY_PASSWORD";
    private static final byte[] DATA = "some payload\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void anOpensslP256KeySignsWhatOpensslVerifies() {
        Path key = OpensslKeys.ecKey(dir);
        SigningKey signing = SigningKey.load(key, null, HOW);
        byte[] signature = signing.sign(DATA);
        Path pub = OpensslKeys.publicKey(key);
        assertThat(OpensslKeys.verifies(pub, DATA, signature)).isTrue();
        assertThat(OpensslKeys.verifies(pub, "other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(signing.kind()).isEqualTo("ECDSA P-256");
        assertThat(signing.verifies(DATA, signature)).isTrue();
        assertThat(signing.verifies("other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void thePublicKeyIsTheOneOpensslDerives() throws Exception {
        Path key = OpensslKeys.ecKey(dir);
        Path der = dir.resolve("pub.der");
        ProcessRunner.create().runChecked("openssl", "pkey", "-in", key.toString(), "-pubout", "-outform", "DER",
                "-out", der.toString());
        assertThat(SigningKey.load(key, null, HOW).publicKeyDer()).isEqualTo(Files.readAllBytes(der));
        Path rsa = genpkey("rsa.pem", "RSA", "rsa_keygen_bits:2048");
        Path rsaDer = dir.resolve("rsa.der");
        ProcessRunner.create().runChecked("openssl", "pkey", "-in", rsa.toString(), "-pubout", "-outform", "DER",
                "-out", rsaDer.toString());
        assertThat(SigningKey.load(rsa, null, HOW).publicKeyDer()).isEqualTo(Files.readAllBytes(rsaDer));
    }

    @Test
    void anEncryptedKeyIsDecryptedWithItsPassword() {
        Path key = OpensslKeys.ecKey(dir);
        Path encrypted = OpensslKeys.encrypted(key, "s3cret pass");
        assertThat(Files.exists(encrypted)).isTrue();
        SigningKey signing = SigningKey.load(encrypted, "s3cret pass".toCharArray(), HOW);
        assertThat(OpensslKeys.verifies(OpensslKeys.publicKey(key), DATA, signing.sign(DATA))).isTrue();
    }

    @Test
    void aWrongPasswordNamesTheParameterAndNeverThePassword() {
        Path encrypted = OpensslKeys.encrypted(OpensslKeys.ecKey(dir), "right");
        assertThatThrownBy(() -> SigningKey.load(encrypted, "wrong-guess".toCharArray(), HOW))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("the password does not decrypt " + encrypted)
                .hasMessageContaining(HOW)
                .hasMessageNotContaining("wrong-guess");
    }

    @Test
    void anEncryptedKeyWithoutPasswordSaysHowToGiveOne() {
        Path encrypted = OpensslKeys.encrypted(OpensslKeys.ecKey(dir), "right");
        assertThatThrownBy(() -> SigningKey.load(encrypted, null, HOW))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage(encrypted + " is encrypted and no password was given; " + HOW);
    }

    @Test
    void aMissingFileNamesTheParameter() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> SigningKey.load(missing, null, HOW))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("the key file " + missing + " does not exist");
    }

    @Test
    void aDirectoryIsUnreadable() {
        assertThatThrownBy(() -> SigningKey.load(dir, null, HOW))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("cannot read the key file " + dir);
    }

    @Test
    void otherCurvesAndOldFormatsAreRefusedWithTheFix() {
        OpensslKeys.ecKey(dir);
        Path p384 = genpkey("p384.pem", "EC", "ec_paramgen_curve:P-384");
        assertThatThrownBy(() -> SigningKey.load(p384, null, HOW))
                .hasMessageContaining(p384 + " holds an ECDSA key on another curve than P-256");
        Path ed25519 = genpkey("ed.pem", "ED25519", null);
        assertThatThrownBy(() -> SigningKey.load(ed25519, null, HOW))
                .hasMessageContaining("holds a key of a type not supported");
        Path sec1 = dir.resolve("sec1.pem");
        ProcessRunner.create().runChecked("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
                "-out", sec1.toString());
        assertThatThrownBy(() -> SigningKey.load(sec1, null, HOW))
                .hasMessageContaining("EC PRIVATE KEY in the old OpenSSL format").hasMessageContaining("pkcs8 -topk8");
    }

    @Test
    void anRsaKeySignsWhatOpensslVerifies() {
        OpensslKeys.ecKey(dir);
        Path rsa = genpkey("rsa.pem", "RSA", "rsa_keygen_bits:2048");
        SigningKey signing = SigningKey.load(rsa, null, HOW);
        assertThat(OpensslKeys.verifies(OpensslKeys.publicKey(rsa), DATA, signing.sign(DATA))).isTrue();
    }

    private Path genpkey(String name, String algorithm, String option) {
        Path key = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("openssl", "genpkey", "-algorithm", algorithm, "-out",
                key.toString()));
        if (option != null) {
            command.addAll(List.of("-pkeyopt", option));
        }
        ProcessRunner.create().runChecked(command);
        return key;
    }
}
