package io.github.scratchimage.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge: its scheme ({@code basic} or {@code bearer}, lowercase) and
 * its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}), names lowercase.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    /** The first Bearer challenge of the headers, else the first Basic one, else null. */
    static AuthChallenge select(List<String> headerValues) {
        AuthChallenge basic = null;
        if (headerValues == null) {
            return null;
        }
        for (String value : headerValues) {
            AuthChallenge challenge = parse(value);
            if (challenge == null) {
                continue;
            }
            if (challenge.scheme().equals("bearer")) {
                return challenge;
            }
            if (challenge.scheme().equals("basic") && basic == null) {
                basic = challenge;
            }
        }
        return basic;
    }

    /** Parses {@code Scheme k1="v1",k2=v2}; null when blank. */
    static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String text = header.trim();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = text.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            parameters.put(name, value.toString().trim());
        }
        return new AuthChallenge(scheme, parameters);
    }

    String parameter(String name) {
        return parameters.get(name);
    }
}
