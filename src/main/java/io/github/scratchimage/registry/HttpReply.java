package io.github.scratchimage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The answer to an {@link HttpCall}, being read. Closing it frees the connection for the next request. */
interface HttpReply extends AutoCloseable {
    int status();

    /** The first value of the header (name in any case), or null. */
    String header(String name);

    /** Every value of the header (name in any case), in the order received. */
    List<String> headers(String name);

    /** The body; an empty stream when there is none. */
    InputStream body() throws IOException;

    /** Reads what is left of the body (so the connection can be used again) and releases the connection. */
    @Override
    void close();
}
