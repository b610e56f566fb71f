package io.github.scratchimage.maven;

import io.github.scratchimage.image.InvalidImageException;

/**
 * A POM parameter (or a property or environment variable the goal reads) with a bad value: its name
 * as the user writes it, e.g. {@code layers/layer[1]/files/file[2]/mode}, and what is expected. The
 * goal fails with {@code <name>: message}.
 */
final class InvalidParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        this(parameter, message, null);
    }

    private InvalidParameterException(String parameter, String message, Throwable cause) {
        super("<" + parameter + ">: " + message, cause);
        this.parameter = parameter;
    }

    /** The engine's complaint about one of its fields, named by the parameter {@code parameter} that gave it. */
    static InvalidParameterException of(String parameter, InvalidImageException e) {
        return new InvalidParameterException(parameter, e.getMessage(), e);
    }

    /** The engine's complaint, named by the parameter that sets its field (see {@link #parameterOf}). */
    static InvalidParameterException of(InvalidImageException e) {
        return of(parameterOf(e), e);
    }

    /**
     * The POM parameter that sets the field: for a layer or file spec, its origin (where the Maven
     * adapter found it in the POM, see {@link ImagePlanFactory}) and the element of the field.
     */
    static String parameterOf(InvalidImageException e) {
        return switch (e.field()) {
            case REFERENCE -> "image";
            case TAG -> "tags";
            case PLATFORM -> "platform";
            case PLATFORMS -> "platforms";
            case FORMAT -> "format";
            case PLATFORM_CHECK -> "platformCheck";
            case CREATION_TIME -> "creationTime";
            case ENVIRONMENT -> "environment";
            case WORKING_DIRECTORY -> "workingDirectory";
            case USER -> "user";
            case STOP_SIGNAL -> "stopSignal";
            case EXPOSED_PORTS -> "exposedPorts";
            case VOLUMES -> "volumes";
            case ANNOTATIONS -> "annotations";
            case COMPRESSION -> "compression";
            case TRUSTED_CERTIFICATES -> "caCertificates";
            case LOAD_PLATFORM -> "loadPlatform";
            case DOCKER_HOST -> "dockerHost";
            case CACHE_FROM -> "cacheFrom";
            case SIGNING_KEY -> "signingKey";
            case LAYER, FILE -> e.origin();
            case SOURCE -> e.origin() + "/source";
            case TARGET -> e.origin() + "/target";
            case MODE -> e.origin() + "/mode";
            case DIRECTORY_MODE -> e.origin() + "/directoryMode";
            case OWNER -> e.origin() + "/owner";
        };
    }

    /** The parameter at fault, e.g. {@code platform} or {@code layers/layer[1]/files/file[2]/mode}. */
    String parameter() {
        return parameter;
    }
}
