package io.github.scratchimage.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names: the host part of {@code host[:port]} and whether it is a loopback address. */
final class Hosts {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}");

    private Hosts() {
    }

    /** The host of {@code host[:port]} or {@code [v6]:port}, without brackets, lowercase. */
    static String hostOf(String hostPort) {
        String h = hostPort.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
    }

    /** True for {@code localhost}, 127.0.0.0/8 and ::1 (literal addresses; no DNS lookup). */
    static boolean isLoopback(String host) {
        String h = hostOf(host);
        return h.equals("localhost") || h.endsWith(".localhost") || IPV4_LOOPBACK.matcher(h).matches()
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
