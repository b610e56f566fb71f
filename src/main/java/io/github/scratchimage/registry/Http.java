package io.github.scratchimage.registry;

import java.io.IOException;

/** Sends the registry code's requests; see {@link RegistryHttp} for which client sends which. */
interface Http extends AutoCloseable {
    /** Sends the request and returns the answer, whatever its status; IO failures throw. */
    HttpReply send(HttpCall call) throws IOException;

    /** Frees the connections. */
    @Override
    void close();
}
