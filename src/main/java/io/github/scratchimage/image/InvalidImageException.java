package io.github.scratchimage.image;

/**
 * Bad input to the engine: names the parameter (as the user wrote it in the POM) and says what is
 * expected. The Maven adapter turns it into a build failure with that text.
 */
public class InvalidImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public InvalidImageException(String parameter, String message) {
        super("<" + parameter + ">: " + message);
        this.parameter = parameter;
    }

    public InvalidImageException(String parameter, String message, Throwable cause) {
        super("<" + parameter + ">: " + message, cause);
        this.parameter = parameter;
    }

    /** The configuration parameter at fault, e.g. {@code platform} or {@code layers/layer[1]/files/file[2]/mode}. */
    public String parameter() {
        return parameter;
    }
}
