package io.github.scratchimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.sign.Dsse;
import io.github.scratchimage.sign.OpensslKeys;
import io.github.scratchimage.testing.JsonTrees;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * For the signing ITs' hooks: keys made with openssl, and signatures and attestations checked with
 * openssl and jackson-databind, in the registry ({@code .sig}, {@code .att} tags) or in files.
 */
public final class SignIt {
    private SignIt() {
    }

    /** Writes {@code key.pem} (P-256, encrypted under {@code password}) and {@code key.pub} into the IT's directory. */
    public static void makeKey(File basedir, String password) throws IOException {
        Path dir = Files.createDirectories(basedir.toPath().resolve("keys"));
        Path plain = OpensslKeys.ecKey(dir);
        Files.copy(OpensslKeys.encrypted(plain, password), basedir.toPath().resolve("key.pem"));
        Files.copy(OpensslKeys.publicKey(plain), basedir.toPath().resolve("key.pub"));
        Files.delete(plain);
    }

    /**
     * Checks the signatures at {@code repository:sha256-<hex>.sig}: each verifies with {@code key.pub}
     * and names {@code digest}; returns how many there are.
     */
    public static int checkSignatures(File basedir, String repository, String digest) throws Exception {
        JsonNode manifest = manifest(basedir, repository, digest, ".sig");
        int count = 0;
        for (JsonNode layer : manifest.get("layers")) {
            check("application/vnd.dev.cosign.simplesigning.v1+json".equals(layer.get("mediaType").asText()),
                    "the .sig layer's media type");
            byte[] payload = blob(basedir, repository, layer.get("digest").asText());
            byte[] signature = Base64.getDecoder().decode(layer.at("/annotations/dev.cosignproject.cosign~1signature").asText());
            checkPayload(basedir, payload, signature, digest);
            count++;
        }
        return count;
    }

    /**
     * Checks the attestations at {@code repository:sha256-<hex>.att}: each DSSE signature verifies over
     * PAE with {@code key.pub}, each statement names {@code digest}; returns their predicate types in order.
     */
    public static List<String> checkAttestations(File basedir, String repository, String digest) throws Exception {
        JsonNode manifest = manifest(basedir, repository, digest, ".att");
        List<String> types = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            check("application/vnd.dsse.envelope.v1+json".equals(layer.get("mediaType").asText()), "the .att layer's media type");
            JsonNode statement = checkEnvelope(basedir, blob(basedir, repository, layer.get("digest").asText()), digest);
            check(statement.get("predicateType").asText().equals(layer.at("/annotations/predicateType").asText()),
                    "the predicateType annotation names the statement's predicate type");
            types.add(statement.get("predicateType").asText());
        }
        return types;
    }

    /** Checks {@code image.sig} and {@code image.sig.payload} in {@code directory} against {@code digest}. */
    public static void checkSignatureFiles(File basedir, Path directory, String digest) throws IOException {
        byte[] payload = Files.readAllBytes(directory.resolve("image.sig.payload"));
        byte[] signature = Base64.getDecoder().decode(Files.readString(directory.resolve("image.sig")).trim());
        checkPayload(basedir, payload, signature, digest);
    }

    /** Checks each line of {@code file} (an {@code *.intoto.jsonl}); returns the predicate types in order. */
    public static List<String> checkAttestationFile(File basedir, Path file, String digest) throws IOException {
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            types.add(checkEnvelope(basedir, line.getBytes(StandardCharsets.UTF_8), digest).get("predicateType").asText());
        }
        return types;
    }

    private static void checkPayload(File basedir, byte[] payload, byte[] signature, String digest) {
        check(OpensslKeys.verifies(publicKey(basedir), payload, signature), "openssl verifies the signature");
        JsonNode json = JsonTrees.parse(payload);
        check(digest.equals(json.at("/critical/image/docker-manifest-digest").asText()), "the payload names " + digest);
        check("cosign container image signature".equals(json.at("/critical/type").asText()), "the payload's type");
    }

    private static JsonNode checkEnvelope(File basedir, byte[] envelopeBytes, String digest) {
        JsonNode envelope = JsonTrees.parse(envelopeBytes);
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] signature = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());
        check(OpensslKeys.verifies(publicKey(basedir), Dsse.pae(envelope.get("payloadType").asText(), payload), signature),
                "openssl verifies the DSSE signature over PAE");
        JsonNode statement = JsonTrees.parse(payload);
        check("https://in-toto.io/Statement/v1".equals(statement.get("_type").asText()), "an in-toto v1 statement");
        check(("sha256:" + statement.at("/subject/0/digest/sha256").asText()).equals(digest),
                "the statement names " + digest);
        return statement;
    }

    private static Path publicKey(File basedir) {
        return basedir.toPath().resolve("key.pub");
    }

    private static JsonNode manifest(File basedir, String repository, String digest, String suffix) {
        String tag = digest.replace(':', '-') + suffix;
        return JsonTrees.parse(PushIt.rawManifest(basedir, repository + ":" + tag).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] blob(File basedir, String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + PushIt.registry(basedir).hostPort() + "/v2/" + repository + "/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode() == 200, "GET blob " + digest + " answers 200, not " + response.statusCode());
        return response.body();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }
}
