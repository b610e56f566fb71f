package io.github.scratchimage.maven;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Refuses an element of the plugin's {@code <configuration>} that names no parameter of any of its
 * goals (a typo such as {@code <workingDirectroy>}): Maven 3.6 and 3.8 drop it silently, 3.9 only
 * warns, and the image is built without the setting.
 */
final class UnknownParameters {
    private UnknownParameters() {
    }

    /**
     * @param written   the element names written under {@code <configuration>} (plugin and execution)
     * @param known     every parameter name and alias of every goal of the plugin
     */
    static void check(Collection<String> written, Collection<String> known) {
        for (String name : written) {
            if (!known.contains(name)) {
                String hint = closest(name, known).map(c -> "; did you mean <" + c + ">?").orElse(
                        "; see mvn io.github.scratchimage:scratch-maven-plugin:help -Ddetail for the parameters");
                throw new InvalidParameterException(name, "is not a parameter of scratch-maven-plugin" + hint);
            }
        }
    }

    /** The known name fewest edits away, when it is close enough to be a typo (at most a third of its length). */
    static Optional<String> closest(String name, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
                .filter(k -> distance(name, k) <= Math.max(2, k.length() / 3));
    }

    /** Levenshtein distance, ignoring case. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }
}
