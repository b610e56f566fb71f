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
    /** Null for a pattern without wildcard, which matches by comparing with {@link #literal}. */
    private final Pattern regex;
    /** The normalised pattern when it has no wildcard, else null. */
    private final String literal;

    private AntPattern(String text, Pattern regex, String literal) {
        this.text = text;
        this.regex = regex;
        this.literal = literal;
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
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            // no regex to compile: an image of one layer per file has one such include per layer
            return new AntPattern(glob, null, String.join("/", segments));
        }
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
        return new AntPattern(glob, Pattern.compile(regex.toString()), null);
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
        return regex == null ? literal.equals(relativePath) : regex.matcher(relativePath).matches();
    }

    /**
     * Whether this pattern can match {@code relativePath} or anything below it. Exact for patterns
     * without wildcards (so a walk can skip what cannot be included), always true otherwise.
     */
    boolean mayMatchAtOrBelow(String relativePath) {
        return literal == null || literal.equals(relativePath) || literal.startsWith(relativePath + "/");
    }

    /** The normalised pattern when it has no wildcard (it then matches exactly this path), else null. */
    String literal() {
        return literal;
    }

    static boolean anyMatches(List<AntPattern> patterns, String relativePath) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(relativePath));
    }

    @Override
    public String toString() {
        return text;
    }
}
