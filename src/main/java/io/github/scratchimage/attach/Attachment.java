package io.github.scratchimage.attach;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Descriptor;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One document about an image (an SBOM, later a signature or an attestation), delivered beside the
 * image by the sinks that take attachments (see {@link io.github.scratchimage.engine.ImageSink#attach}):
 * a registry stores it as {@link #placement} says, a file sink writes {@link #content} to
 * {@link #fileName} beside its output. It is not part of the image: no image digest changes.
 *
 * @param subject      the manifest or index it is about
 * @param artifactType what it is, e.g. {@code application/spdx+json}; the artifact manifest's
 *                     {@code artifactType} in a registry
 * @param mediaType    the media type of {@link #content} (the layer's, in a registry)
 * @param content      the document's bytes
 * @param annotations  annotations of the document (the artifact manifest's, in a registry); may be empty
 * @param fileName     the name of the file a file sink writes it to, e.g. {@code sbom.spdx.json}
 * @param placement    how a registry stores it
 */
public record Attachment(Descriptor subject, String artifactType, String mediaType, byte[] content,
        Map<String, String> annotations, String fileName, Placement placement) {

    /**
     * How a registry stores an attachment. A new way (e.g. cosign's, a layer added to the manifest at
     * tag {@code sha256-<hex of subject>.sig}) is one more value here and one more case where the
     * registry sink dispatches on it ({@code PushSession#attach}); file sinks need no change.
     */
    public enum Placement {
        /**
         * An OCI 1.1 referrer: an artifact manifest ({@code artifactType}, the empty config, one layer
         * holding the content, {@code subject}), pushed by digest and listed by the referrers API,
         * or, where the registry has none, in the index at tag {@code sha256-<hex of subject>}.
         */
        REFERRER,
        /**
         * A cosign signature: a layer (the content, a simple-signing payload, with the signature in
         * its annotations) added to the manifest at tag {@code sha256-<hex of subject>.sig}, next to
         * the layers already there. A file sink writes the signature (the annotation
         * {@value #SIGNATURE_ANNOTATION}) to {@code fileName} and the payload to {@code fileName.payload}.
         */
        COSIGN_SIGNATURE,
        /**
         * A cosign attestation: a layer (the content, a DSSE envelope) added to the manifest at tag
         * {@code sha256-<hex of subject>.att}. A file sink writes every attestation of one file name
         * into that file, one envelope per line ({@code *.intoto.jsonl}).
         */
        COSIGN_ATTESTATION;

        /** The layer annotation holding a cosign signature, base64. */
        public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
        /**
         * The layer annotation naming what a cosign layer signs and with which key ({@code <digest of
         * the signed bytes> <digest of the public key>}): a layer already at the tag with the same value
         * is the same signature (ECDSA signatures differ each time), so a push adds no duplicate.
         */
        public static final String SIGNED_ANNOTATION = "io.github.scratchimage.signed";
    }

    public Attachment {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(placement, "placement");
        content = content.clone();
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The content's bytes (a copy). */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Equal when every component is, the content compared byte by byte. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Attachment that && subject.equals(that.subject) && artifactType.equals(that.artifactType)
                && mediaType.equals(that.mediaType) && Arrays.equals(content, that.content)
                && annotations.equals(that.annotations) && fileName.equals(that.fileName) && placement == that.placement;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, artifactType, mediaType, Arrays.hashCode(content), annotations, fileName, placement);
    }

    @Override
    public String toString() {
        return "Attachment[" + artifactType + " of " + subject.digest() + ", " + content.length + " bytes, " + fileName + "]";
    }

    /** The content as a blob of {@link #mediaType}. */
    public Blob blob() {
        return Blob.ofBytes(mediaType, content);
    }
}
