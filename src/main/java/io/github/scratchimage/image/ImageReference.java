package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [registry[:port]/]repository[:tag][@digest]} with Docker's defaults: no registry means
 * {@code docker.io}, and a one-part Docker Hub repository gets {@code library/}.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?");

    /** Parses {@code [registry[:port]/]repository[:tag][@digest]}. */
    public static ImageReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidImageException(Field.REFERENCE, "is empty; expected [registry[:port]/]repository[:tag]");
        }
        String rest = value.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has an invalid digest; expected @sha256:<64 hex digits>");
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has an invalid tag '" + tag
                        + "'; a tag is up to 128 letters, digits, '_', '.', '-' and does not start with '.' or '-'");
            }
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                repository = rest.substring(slash + 1);
            }
        }
        Matcher registryMatch = REGISTRY.matcher(registry);
        if (!registryMatch.matches()) {
            throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has an invalid registry '" + registry + "'");
        }
        String port = registryMatch.group(1);
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has an invalid registry port " + port
                    + "; a port is a number from 1 to 65535, e.g. localhost:5000/app");
        }
        if (registry.equals("index.docker.io") || registry.equals(DOCKER_HUB_API)) {
            registry = DOCKER_HUB;
        }
        if (repository.isEmpty()) {
            throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has no repository name");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new InvalidImageException(Field.REFERENCE, "'" + value + "' has an invalid repository name '"
                        + repository + "'; use lowercase letters, digits and separators '.', '_', '-', '/'");
            }
        }
        if (repository.length() > 255) {
            throw new InvalidImageException(Field.REFERENCE, "'" + value + "': the repository name is longer than 255 characters");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** Validates a bare tag. */
    public static String validateTag(String tag) {
        if (tag == null || !TAG.matcher(tag.trim()).matches()) {
            throw new InvalidImageException(Field.TAG, "'" + tag + "' is not a valid tag; a tag is up to 128 letters, "
                    + "digits, '_', '.', '-' and does not start with '.' or '-'");
        }
        return tag.trim();
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** The tag, or {@code latest} when none was written. */
    public String tagOrLatest() {
        return tag == null ? "latest" : tag;
    }

    /** The host[:port] to talk to over HTTP. */
    public String registryHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** {@code registry/repository}, as written in docker-archive RepoTags (no docker.io for Hub images). */
    public String repositoryName() {
        if (registry.equals(DOCKER_HUB)) {
            return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
        }
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
