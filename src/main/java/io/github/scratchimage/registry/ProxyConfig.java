package io.github.scratchimage.registry;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP proxy for registry traffic (the active proxy of Maven's settings.xml). {@link #toString()}
 * never shows the password.
 *
 * @param host          proxy host
 * @param port          proxy port
 * @param username      proxy username, or null
 * @param password      proxy password, or null
 * @param nonProxyHosts hosts reached directly, Maven syntax: {@code |} or {@code ,} separated, {@code *} wildcards
 */
public record ProxyConfig(String host, int port, String username, String password, String nonProxyHosts) {

    /** True when {@code targetHost} (no port) is listed in {@link #nonProxyHosts}. */
    public boolean bypasses(String targetHost) {
        if (nonProxyHosts == null || nonProxyHosts.isBlank()) {
            return false;
        }
        String host = targetHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        for (String pattern : List.of(nonProxyHosts.split("[|,]"))) {
            String p = pattern.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            String regex = Pattern.quote(p).replace("*", "\\E.*\\Q");
            if (host.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ProxyConfig[" + host + ":" + port + (username == null ? "" : ", username=" + username + ", password=****")
                + (nonProxyHosts == null ? "" : ", nonProxyHosts=" + nonProxyHosts) + "]";
    }
}
