package io.github.scratchimage.registry;

import java.util.List;

/**
 * A push failed for good: names the registry, the operation, the HTTP status (0 when there was no
 * HTTP answer) and the registry's own error codes and messages. Never contains a secret.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final String operation;
    private final int statusCode;
    private final List<String> registryErrors;

    public RegistryException(String registry, String operation, int statusCode, List<String> registryErrors,
            String detail, Throwable cause) {
        super(Responses.oneLine(message(registry, operation, statusCode, registryErrors, detail)), cause);
        this.registry = registry;
        this.operation = operation;
        this.statusCode = statusCode;
        this.registryErrors = List.copyOf(registryErrors);
    }

    public RegistryException(String registry, String operation, String detail) {
        this(registry, operation, 0, List.of(), detail, null);
    }

    private static String message(String registry, String operation, int status, List<String> errors, String detail) {
        StringBuilder sb = new StringBuilder("Registry ").append(registry).append(": ").append(operation)
                .append(" failed");
        if (status > 0) {
            sb.append(": HTTP ").append(status);
        }
        if (!errors.isEmpty()) {
            sb.append(": ").append(String.join("; ", errors));
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(status > 0 || !errors.isEmpty() ? " (" : ": ").append(detail)
                    .append(status > 0 || !errors.isEmpty() ? ")" : "");
        }
        return sb.toString();
    }

    /** The registry's host[:port]. */
    public String registry() {
        return registry;
    }

    /** What was being done, e.g. {@code upload blob sha256:...}. */
    public String operation() {
        return operation;
    }

    /** The last HTTP status, or 0 when the registry gave no HTTP answer. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry's {@code errors[]} as {@code CODE: message}. */
    public List<String> registryErrors() {
        return registryErrors;
    }
}
