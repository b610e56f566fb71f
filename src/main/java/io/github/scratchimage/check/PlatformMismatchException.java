package io.github.scratchimage.check;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;

/**
 * The image's main executable was built for another platform than the one the image declares. The
 * field is always {@link Field#PLATFORM_CHECK}, the setting that turns the failure into a warning.
 */
public class PlatformMismatchException extends InvalidImageException {
    private static final long serialVersionUID = 1L;

    public PlatformMismatchException(String message) {
        super(Field.PLATFORM_CHECK, message);
    }
}
