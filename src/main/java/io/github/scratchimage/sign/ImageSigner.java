package io.github.scratchimage.sign;

import io.github.scratchimage.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Signs images and attests to them with one key, in cosign's key-based formats: a signature of the
 * simple-signing payload per digest, and DSSE-enveloped in-toto statements (the SBOM, the SLSA
 * provenance) naming the digests they are about.
 */
public final class ImageSigner {
    public static final String SPDX_PREDICATE_TYPE = "https://spdx.dev/Document";

    private final SigningKey key;

    public ImageSigner(SigningKey key) {
        this.key = key;
    }

    /** The signature of {@code digest} in {@code repository}. */
    public CosignSignature signature(String repository, Digest digest) {
        byte[] payload = SimpleSigningPayload.of(repository, digest);
        return new CosignSignature(new String(payload, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(key.sign(payload)));
    }

    /** The SLSA provenance statement about {@code subjects}, signed. */
    public Attestation provenance(String repository, List<Digest> subjects, SlsaProvenance provenance) {
        byte[] statement = InTotoStatement.of(repository, subjects, SlsaProvenance.PREDICATE_TYPE, provenance.toJson());
        return attestation(statement, SlsaProvenance.PREDICATE_TYPE);
    }

    /** The statement that {@code spdxDocument} (SPDX JSON bytes, embedded as they are) describes {@code subjects}, signed. */
    public Attestation sbom(String repository, List<Digest> subjects, byte[] spdxDocument) {
        byte[] statement = InTotoStatement.embedding(repository, subjects, SPDX_PREDICATE_TYPE, spdxDocument);
        return attestation(statement, SPDX_PREDICATE_TYPE);
    }

    private Attestation attestation(byte[] statement, String predicateType) {
        return new Attestation(Dsse.envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, statement, key), predicateType,
                Digest.sha256(statement));
    }
}
