package io.github.scratchimage.registry;

/**
 * The body of a request: bytes in memory, a blob (or a range of one) streamed from its file, or bytes
 * of unknown length sent as they come.
 */
sealed interface RequestBody permits RequestBody.Bytes, BlobBody, StreamBody {
    /** No content, sent with {@code Content-Length: 0}. */
    Bytes EMPTY = new Bytes(null, new byte[0]);

    /**
     * Bytes in memory: a manifest, a token request's form, or nothing.
     *
     * @param type the Content-Type, or null for none
     */
    record Bytes(String type, byte[] bytes) implements RequestBody {
    }
}
