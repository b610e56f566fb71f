package io.github.scratchimage.registry;

import com.google.api.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The answer to an {@link HttpCall}, being read. Closing it frees the connection for the next request. */
final class HttpReply implements AutoCloseable {
    private final HttpResponse response;

    HttpReply(HttpResponse response) {
        this.response = response;
    }

    int status() {
        return response.getStatusCode();
    }

    /** The first value of the header (name in any case), or null. */
    String header(String name) {
        return response.getHeaders().getFirstHeaderStringValue(name);
    }

    /** Every value of the header (name in any case), in the order received. */
    List<String> headers(String name) {
        return response.getHeaders().getHeaderStringValues(name);
    }

    /** The body; an empty stream when there is none. */
    InputStream body() throws IOException {
        InputStream in = response.getContent();
        return in == null ? InputStream.nullInputStream() : in;
    }

    /** Reads what is left of the body (so the connection can be used again) and releases the connection. */
    @Override
    public void close() {
        try {
            response.ignore();
        } catch (IOException e) {
            // the connection is dropped instead
        }
        try {
            response.disconnect();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
