package io.github.scratchimage.layer;

import java.nio.file.Path;

/**
 * A build in another JVM, for {@link LayerCacheSharedTest}: uses the cache directory given as its
 * argument, prints {@link #READY}, and ends its use when its standard input closes.
 */
public final class CacheUserProcess {
    static final String READY = "using the cache";

    private CacheUserProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (CacheUsers.Use use = CacheUsers.open(Path.of(args[0]))) {
            System.out.println(READY);
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
