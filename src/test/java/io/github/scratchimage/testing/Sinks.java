package io.github.scratchimage.testing;

import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.BuiltImage;
import java.io.IOException;

/** Runs one sink as the engine does after a build: check, deliver, publish, close. */
public final class Sinks {
    private Sinks() {
    }

    public static void deliver(ImageSink sink, BuiltImage image) throws IOException {
        try (sink) {
            sink.check();
            sink.deliver(image);
            sink.publish();
        }
    }
}
