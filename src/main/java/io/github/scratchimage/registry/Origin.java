package io.github.scratchimage.registry;

import java.net.URI;
import java.util.Locale;

/**
 * The scheme, host and port of a URL: what a credential is issued for. Two URLs that differ in any of
 * the three are different parties, however alike their names look ({@code localhost} is not
 * {@code 127.0.0.1}); a missing port is the scheme's default.
 */
record Origin(String scheme, String host, int port) {

    /** The origin of an absolute HTTP(S) URL, or null when {@code url} is not one. */
    static Origin of(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
    }
}
