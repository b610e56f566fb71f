package io.github.scratchimage.check;

import io.github.scratchimage.image.InvalidImageException;

/**
 * The image's main executable was built for another platform than the one the image declares. The
 * parameter is always {@code platformCheck}, the setting that turns the failure into a warning.
 */
public class PlatformMismatchException extends InvalidImageException {
    private static final long serialVersionUID = 1L;

    public PlatformMismatchException(String message) {
        super(PlatformCheckMode.PARAMETER, message);
    }
}
