package io.github.scratchimage.check;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import java.util.Locale;

/** What {@link PlatformCheck} does when the image's main executable does not match the platform. */
public enum PlatformCheckMode {
    /** Fail the build (the default). Other mismatching binaries give a warning. */
    FAIL,
    /** Log a warning for every mismatching binary, including the main executable. */
    WARN,
    /** Do not read any file. */
    OFF;

    /**
     * Parses {@code fail}, {@code warn} or {@code off} (any case, surrounding blanks ignored); null or
     * blank gives the default {@link #FAIL}.
     *
     * @throws InvalidImageException for any other value
     */
    public static PlatformCheckMode parse(String value) {
        if (value == null || value.isBlank()) {
            return FAIL;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fail":
                return FAIL;
            case "warn":
                return WARN;
            case "off":
                return OFF;
            default:
                throw new InvalidImageException(Field.PLATFORM_CHECK, "'" + value
                        + "' is not a platform check mode; use fail (the default), warn or off");
        }
    }
}
