package io.github.scratchimage.layer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An Ant-style path glob: {@code **} matches any number of directories (also none), {@code *} any
 * characters within one name, {@code ?} one character. A pattern ending with {@code /} means
 * {@code /**}. Paths and patterns use {@code /}; a leading {@code /} of a pattern is ignored.
 */
final class AntPattern {
    private final String text;
    private final Pattern regex;

    private AntPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    static AntPattern compile(String glob) {
        String pattern = glob.trim().replace('\\', '/');
        while (pattern.startsWith("/")) {
            pattern = pattern.substring(1);
        }
        if (pattern.isEmpty() || pattern.endsWith("/")) {
            pattern = pattern + "**";
        }
        String[] segments = pattern.split("/+");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (segments[i].equals("**")) {
                if (!last) {
                    regex.append("(?:[^/]+/)*");
                } else if (i == 0) {
                    regex.append(".*");
                } else {
                    regex.setLength(regex.length() - 1); // drop the '/' so "dir/**" also matches "dir"
                    regex.append("(?:/.*)?");
                }
            } else {
                appendSegment(regex, segments[i]);
                if (!last) {
                    regex.append('/');
                }
            }
        }
        return new AntPattern(glob, Pattern.compile(regex.toString()));
    }

    private static void appendSegment(StringBuilder regex, String segment) {
        StringBuilder literal = new StringBuilder();
        for (char c : segment.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? "[^/]*" : "[^/]");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    static boolean anyMatches(List<AntPattern> patterns, String relativePath) {
        for (AntPattern pattern : patterns) {
            if (pattern.matches(relativePath)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
