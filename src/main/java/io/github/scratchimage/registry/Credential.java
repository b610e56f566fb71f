package io.github.scratchimage.registry;

import java.util.Objects;

/**
 * A registry credential: a username with a password, or an identity token (a refresh token that the
 * Bearer token flow exchanges for access tokens). {@link #toString()} never shows the secret.
 *
 * @param username      the username ({@code <token>} for identity tokens from docker's tools)
 * @param secret        the password or identity token
 * @param identityToken true when {@code secret} is an identity token rather than a password
 * @param source        where it was found, for log lines (e.g. {@code docker config.json credHelpers 'ecr-login'})
 */
public record Credential(String username, String secret, boolean identityToken, String source) {

    public Credential {
        Objects.requireNonNull(secret, "secret");
        username = username == null ? "" : username;
        source = source == null ? "explicit configuration" : source;
    }

    /** A username and password. */
    public static Credential of(String username, String password) {
        return new Credential(username, password, false, null);
    }

    public Credential withSource(String newSource) {
        return new Credential(username, secret, identityToken, newSource);
    }

    @Override
    public String toString() {
        return "Credential[username=" + username + (identityToken ? ", identity token" : "") + ", secret=****, from "
                + source + "]";
    }
}
