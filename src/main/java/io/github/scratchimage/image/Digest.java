package io.github.scratchimage.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A content digest such as {@code sha256:9f86d0...}. Only sha256 is produced; sha256/sha512 are parsed. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> isLowerHex(hex, 64);
            case "sha512" -> isLowerHex(hex, 128);
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("not a valid digest: " + algorithm + ":" + hex);
        }
    }

    /** Exactly {@code length} characters of 0-9 and a-f (a plain loop: a digest is made for every layer). */
    private static boolean isLowerHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code algorithm:hex}. */
    public static Digest parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a valid digest (expected sha256:<64 hex digits>): " + value);
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return fromSha256(newSha256().digest(content));
    }

    public static Digest sha256(String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps the raw output of a SHA-256 {@link MessageDigest}. */
    public static Digest fromSha256(byte[] rawDigest) {
        return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
    }

    public static MessageDigest newSha256() {
        try {
            // A clone of a fresh prototype: getInstance looks the provider up on every call, which a
            // warm build of 200 layers felt.
            return (MessageDigest) Sha256Prototype.INSTANCE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Instance();
        }
    }

    /** Made at the first hash, not when a digest is first parsed: a push that hashes nothing loads no provider. */
    private static final class Sha256Prototype {
        /** Never updated, only cloned. */
        static final MessageDigest INSTANCE = sha256Instance();
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The hex part, as used for blob file names. */
    public String encoded() {
        return hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    // equals and hashCode are written out: the generated ones link through method handles on first
    // use, which spins classes and costs milliseconds in every fresh Maven JVM.
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest that && Objects.equals(algorithm, that.algorithm)
                && Objects.equals(hex, that.hex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, hex);
    }
}
