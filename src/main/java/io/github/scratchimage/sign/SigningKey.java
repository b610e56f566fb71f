package io.github.scratchimage.sign;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A private key that signs images the way cosign's key-based signing does: a PEM PKCS#8 file
 * ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY} with PBES2 as {@code openssl pkcs8 -topk8}
 * writes it) holding an ECDSA P-256 key (signatures: SHA-256, DER-encoded) or an RSA key of at least
 * 2048 bits (SHA-256, PKCS#1 v1.5). The JDK reads and decrypts it; no other library is needed.
 */
public final class SigningKey {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String GENERATE = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem";
    private static final int MIN_RSA_BITS = 2048;

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String signatureAlgorithm;

    private SigningKey(PrivateKey key, PublicKey publicKey, String signatureAlgorithm) {
        this.key = key;
        this.publicKey = publicKey;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * Reads the key in {@code file}.
     *
     * @param password       the password of an encrypted key, or null when none was given
     * @param passwordSource where the password came from, or how to give one, for messages
     * @throws InvalidImageException (field {@link Field#SIGNING_KEY}) when the file is missing or unreadable,
     *                               the password is missing or wrong, or the key is of a kind not supported
     */
    public static SigningKey load(Path file, char[] password, String passwordSource) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, "the key file " + file + " does not exist; create one with "
                    + GENERATE, e);
        } catch (IOException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, "cannot read the key file " + file + ": " + e, e);
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, file + " is not a PEM file; give a PKCS#8 private key as "
                    + GENERATE + " writes it");
        }
        String label = pem.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(2));
        } catch (IllegalArgumentException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, file + ": the PEM block is not valid base64", e);
        }
        byte[] pkcs8 = switch (label) {
            case "PRIVATE KEY" -> der;
            case "ENCRYPTED PRIVATE KEY" -> decrypt(der, password, file, passwordSource);
            case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds a "
                    + label + " in the old OpenSSL format; convert it to PKCS#8 with openssl pkcs8 -topk8 -in "
                    + file.getFileName() + " -out key.pem (add -nocrypt for no password)");
            default -> throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds a '" + label + "', not a PKCS#8 "
                    + "private key" + (label.contains("SIGSTORE") || label.contains("COSIGN")
                            ? " (cosign's own key format is not read)" : "")
                    + "; create one with " + GENERATE);
        };
        return of(pkcs8, file);
    }

    private static byte[] decrypt(byte[] der, char[] password, Path file, String passwordSource) {
        if (password == null) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, file + " is encrypted and no password was given; "
                    + passwordSource);
        }
        EncryptedPrivateKeyInfo info;
        String algorithm;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            // for PBES2 the JDK names the scheme only in the parameters, e.g. PBEWithHmacSHA256AndAES_256
            AlgorithmParameters parameters = info.getAlgParameters();
            algorithm = parameters != null ? parameters.toString() : info.getAlgName();
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, file + " is not a readable encrypted PKCS#8 key: " + e, e);
        }
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            PBEKeySpec spec = new PBEKeySpec(password);
            try {
                cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(spec), info.getAlgParameters());
            } finally {
                spec.clearPassword();
            }
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, file + " is encrypted with " + algorithm + ", which this "
                    + "Java cannot decrypt; re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidImageException(Field.SIGNING_KEY, null, "the password does not decrypt " + file + " ("
                    + passwordSource + ")", e);
        }
    }

    private static SigningKey of(byte[] pkcs8, Path file) {
        PrivateKey key = null;
        for (String type : new String[] {"EC", "RSA"}) {
            try {
                key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                break;
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        if (key instanceof ECPrivateKey ec) {
            if (!isP256(ec.getParams())) {
                throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds an ECDSA key on another curve than P-256, "
                        + "which cosign's key-based signing does not use; create one with " + GENERATE);
            }
            ECPoint point = P256.publicPoint(ec.getS(), ec.getParams());
            return new SigningKey(key, publicKey("EC", new ECPublicKeySpec(point, ec.getParams())), "SHA256withECDSA");
        }
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds an RSA key of "
                        + rsa.getModulus().bitLength() + " bits; use at least " + MIN_RSA_BITS + ", or ECDSA P-256");
            }
            if (!(rsa instanceof RSAPrivateCrtKey crt)) {
                throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds an RSA key without its public exponent; "
                        + "create one with openssl genpkey -algorithm RSA, or use ECDSA P-256");
            }
            return new SigningKey(key, publicKey("RSA", new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())),
                    "SHA256withRSA");
        }
        throw new InvalidImageException(Field.SIGNING_KEY, null, file + " holds a key of a type not supported (only ECDSA P-256 "
                + "and RSA are); create one with " + GENERATE);
    }

    private static PublicKey publicKey(String type, KeySpec spec) {
        try {
            return KeyFactory.getInstance(type).generatePublic(spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the public key of a " + type + " key: " + e, e);
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
            p256.init(new ECGenParameterSpec("secp256r1"));
            BigInteger order = p256.getParameterSpec(ECParameterSpec.class).getOrder();
            return params.getOrder().equals(order) && params.getCurve().getField().getFieldSize() == 256;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The signature of {@code data}: SHA-256 with the key, DER-encoded for ECDSA (as cosign stores it, base64). */
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e, e);
        }
    }

    /** Whether {@code signature} (as {@link #sign} makes them) over {@code data} was made with this key. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is not ours
        }
    }

    /** The public key, X.509 SubjectPublicKeyInfo DER (the body of a {@code PUBLIC KEY} PEM). */
    public byte[] publicKeyDer() {
        return publicKey.getEncoded();
    }

    /** {@code ECDSA P-256} or {@code RSA}, for logs. */
    public String kind() {
        return key instanceof ECPrivateKey ? "ECDSA P-256" : "RSA";
    }

    @Override
    public String toString() {
        return "SigningKey[" + kind() + "]";
    }
}
