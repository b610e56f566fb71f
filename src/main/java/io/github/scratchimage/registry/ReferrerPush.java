package io.github.scratchimage.registry;

import io.github.scratchimage.attach.ArtifactManifest;
import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Json;
import io.github.scratchimage.image.JsonValue;
import io.github.scratchimage.image.MalformedJsonException;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pushes one {@link Attachment.Placement#REFERRER} attachment (its blobs are already in the
 * repository): the artifact manifest by digest; then, unless the registry answered with
 * {@code OCI-Subject} (it has the referrers API and lists the manifest itself), the referrers tag
 * schema of the OCI distribution spec: the index at tag {@code sha256-<hex of subject>} is read,
 * the manifest's descriptor added unless it is listed already, and the index written back.
 *
 * <p>Two pushes updating the same referrers tag at the same moment may lose one descriptor (the
 * spec's schema has no lock); the next push adds it again.
 */
final class ReferrerPush {
    private final RegistryClient client;
    private final String registry;
    private final String repository;
    private final BuildLog log;

    ReferrerPush(RegistryClient client, String registry, String repository, BuildLog log) {
        this.client = client;
        this.registry = registry;
        this.repository = repository;
        this.log = log;
    }

    /** Pushes the artifact manifest of {@code attachment} and makes it found as a referrer of its subject. */
    void push(Attachment attachment) {
        Blob manifest = ArtifactManifest.of(attachment);
        RegistryClient.ManifestPut put = client.putManifest(manifest.digest().toString(), manifest);
        if (put.subject() != null && !put.subject().isBlank()) {
            log.debug(registry + ": the referrers API lists " + manifest.digest() + " for " + attachment.subject().digest());
            return;
        }
        String tag = attachment.subject().digest().algorithm() + "-" + attachment.subject().digest().hex();
        Map<String, Object> index = readIndex(tag);
        @SuppressWarnings("unchecked")
        List<Object> manifests = (List<Object>) index.get("manifests");
        for (Object listed : manifests) {
            if (listed instanceof Map<?, ?> descriptor && manifest.digest().toString().equals(descriptor.get("digest"))) {
                log.debug(registry + ": " + repository + ":" + tag + " already lists " + manifest.digest());
                return;
            }
        }
        manifests.add(descriptor(attachment, manifest));
        client.putManifest(tag, Blob.ofBytes(MediaTypes.OCI_INDEX, Json.bytes(index)));
        log.debug(registry + ": added " + manifest.digest() + " to the referrers index " + repository + ":" + tag);
    }

    /** The index at {@code tag}, or a new empty one; its members kept as read (order included). */
    private Map<String, Object> readIndex(String tag) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", new ArrayList<>());
        byte[] bytes = client.manifest(repository, tag).map(RegistryClient.Document::bytes).orElse(null);
        if (bytes == null) {
            return index;
        }
        JsonValue read;
        try {
            read = Json.parse(bytes);
        } catch (MalformedJsonException e) {
            throw notAnIndex(tag, e.getMessage());
        }
        if (!(read.value() instanceof Map<?, ?> members) || !(read.get("manifests").value() instanceof List<?>)) {
            throw notAnIndex(tag, "it has no manifests list");
        }
        index.clear();
        members.forEach((name, value) -> index.put((String) name, value));
        index.put("manifests", new ArrayList<>((List<?>) read.get("manifests").value()));
        return index;
    }

    private RegistryException notAnIndex(String tag, String why) {
        return new RegistryException(registry, "read referrers index " + repository + ":" + tag, 200, List.of(),
                "the tag holds no image index (" + why + "); it is reserved for the referrers of the digest it names",
                null);
    }

    /** The artifact manifest's descriptor as the referrers list carries it: with artifactType and annotations. */
    private static Map<String, Object> descriptor(Attachment attachment, Blob manifest) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", manifest.mediaType());
        descriptor.put("digest", manifest.digest().toString());
        descriptor.put("size", manifest.size());
        descriptor.put("artifactType", attachment.artifactType());
        if (!attachment.annotations().isEmpty()) {
            descriptor.put("annotations", new TreeMap<>(attachment.annotations()));
        }
        return descriptor;
    }
}
