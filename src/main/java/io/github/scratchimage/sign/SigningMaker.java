package io.github.scratchimage.sign;

import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.attach.Attachment.Placement;
import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.PlatformImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Signs an image and attests to it, as cosign does with a key: for the digest every tag points at
 * (the index of a multi-platform image) and for each platform manifest, a signature and the SLSA
 * provenance; for each SBOM another maker made before this one (artifact type
 * {@value #SPDX_ARTIFACT_TYPE}), a signed SBOM statement at its platform manifest and, for a
 * multi-platform image, at the index too (naming both digests).
 *
 * <p>Files (for {@code save}): {@code image.sig} and {@code image.sig.payload}, {@code image.intoto.jsonl}
 * for the root; {@code image-OS-ARCH[-VARIANT].*} for each platform manifest under an index.
 *
 * <p>Each layer carries the annotation {@value Placement#SIGNED_ANNOTATION}: the digest of what was signed and
 * the digest of the public key. ECDSA signatures differ each time, so this is how a registry push
 * knows the same statement is already there, signed with the same key, and adds no duplicate.
 */
public final class SigningMaker implements AttachmentMaker {
    static final String SPDX_ARTIFACT_TYPE = "application/spdx+json";

    private final SigningKey key;
    private final ImageSigner signer;
    private final SlsaProvenance provenance;
    private final Supplier<Instant> clock;
    private final String keyDigest;

    /** @param provenance what is known before the build; {@link SlsaProvenance#finished} completes it */
    public SigningMaker(SigningKey key, SlsaProvenance provenance, Supplier<Instant> clock) {
        this.key = key;
        this.signer = new ImageSigner(key);
        this.provenance = provenance;
        this.clock = clock;
        this.keyDigest = Digest.sha256(key.publicKeyDer()).toString();
    }

    @Override
    public String describe() {
        return "cosign signatures and attestations, " + key.kind() + " key " + keyDigest;
    }

    @Override
    public List<Attachment> make(BuiltImage image, ImageName name) {
        return make(image, name, List.of());
    }

    @Override
    public List<Attachment> make(BuiltImage image, ImageName name, List<Attachment> before) {
        String repository = name.repository();
        List<String> platforms = image.images().stream().map(p -> p.platform().toString()).toList();
        SlsaProvenance finished = provenance.finished(platforms, clock.get());
        boolean index = image.index() != null;
        List<Attachment> attachments = new ArrayList<>();
        List<Descriptor> subjects = new ArrayList<>();
        subjects.add(image.root().descriptor());
        if (index) {
            image.images().forEach(platform -> subjects.add(platform.manifest().descriptor()));
        }
        for (Descriptor subject : subjects) {
            String prefix = filePrefix(image, subject.digest());
            CosignSignature signature = signer.signature(repository, subject.digest());
            attachments.add(new Attachment(subject, SimpleSigningPayload.MEDIA_TYPE, SimpleSigningPayload.MEDIA_TYPE,
                    signature.payloadBytes(), Map.of(Placement.SIGNATURE_ANNOTATION, signature.signature(),
                            Placement.SIGNED_ANNOTATION, signed(Digest.sha256(signature.payloadBytes()))),
                    prefix + ".sig", Placement.COSIGN_SIGNATURE));
            attachments.add(attestation(subject, prefix, signer.provenance(repository, List.of(subject.digest()),
                    finished)));
        }
        for (Attachment sbom : before) {
            if (!sbom.artifactType().equals(SPDX_ARTIFACT_TYPE)) {
                continue;
            }
            Descriptor platformManifest = sbom.subject();
            List<Digest> about = List.of(platformManifest.digest());
            attachments.add(attestation(platformManifest, filePrefix(image, platformManifest.digest()),
                    signer.sbom(repository, about, sbom.content())));
            if (index && !platformManifest.digest().equals(image.digest())) {
                List<Digest> both = List.of(image.digest(), platformManifest.digest());
                attachments.add(attestation(image.root().descriptor(), "image",
                        signer.sbom(repository, both, sbom.content())));
            }
        }
        return attachments;
    }

    private Attachment attestation(Descriptor subject, String prefix, Attestation attestation) {
        return new Attachment(subject, Dsse.MEDIA_TYPE, Dsse.MEDIA_TYPE, attestation.envelopeBytes(),
                Map.of(Attestation.ANNOTATION, attestation.predicateType(), Placement.SIGNED_ANNOTATION, signed(attestation.statement())),
                prefix + ".intoto.jsonl", Placement.COSIGN_ATTESTATION);
    }

    /** {@code <digest of what was signed> <digest of the public key>}. */
    private String signed(Digest content) {
        return content + " " + keyDigest;
    }

    /** {@code image} for the root, {@code image-OS-ARCH[-VARIANT]} for a platform manifest under an index. */
    private static String filePrefix(BuiltImage image, Digest digest) {
        if (digest.equals(image.digest())) {
            return "image";
        }
        for (PlatformImage platform : image.images()) {
            if (platform.manifest().digest().equals(digest)) {
                Platform p = platform.platform();
                return "image-" + p.os() + "-" + p.architecture() + (p.variant() == null ? "" : "-" + p.variant());
            }
        }
        return "image-" + digest.hex();
    }
}
