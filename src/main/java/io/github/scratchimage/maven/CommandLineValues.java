package io.github.scratchimage.maven;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The few values a user gives on the command line to say where this one build goes:
 * {@code -Dscratch.image}, {@code scratch.tags}, {@code scratch.platform}, {@code scratch.platforms}
 * (and {@code scratch.additionalImages} for {@code push}). Maven's rule for a parameter's
 * {@code property} lets a value in the POM win over {@code -D}, so {@code mvn scratch:push
 * -Dscratch.image=other/repo:tag} would silently push where the POM says; these win instead.
 */
final class CommandLineValues {
    static final String IMAGE = "scratch.image";
    static final String TAGS = "scratch.tags";
    static final String PLATFORM = "scratch.platform";
    static final String PLATFORMS = "scratch.platforms";

    private final Properties userProperties;

    /** @param userProperties Maven's user properties: the {@code -D} values of the command line */
    CommandLineValues(Properties userProperties) {
        this.userProperties = userProperties == null ? new Properties() : userProperties;
    }

    /** Sets the goal's fields from the command line where it gives them. */
    void applyTo(AbstractImageMojo goal) {
        goal.image = userProperties.getProperty(IMAGE, goal.image);
        String tags = userProperties.getProperty(TAGS);
        if (tags != null) {
            goal.tags = list(tags);
        }
        String platform = userProperties.getProperty(PLATFORM);
        String platforms = userProperties.getProperty(PLATFORMS);
        if (platform != null && platforms != null) {
            throw new InvalidParameterException("platforms", "-D" + PLATFORM + " and -D" + PLATFORMS
                    + " are both given on the command line; give one of them");
        }
        if (platforms != null) {
            goal.platforms = entries(list(platforms), goal.platforms);
            goal.platform = null;
        } else if (platform != null && goal.platforms != null && !goal.platforms.isEmpty()) {
            goal.platforms = entries(List.of(platform.trim()), goal.platforms);
            goal.platform = null;
        } else if (platform != null) {
            goal.platform = platform;
        }
    }

    /** The value of {@code property} as a list, when the command line gives it. */
    List<String> listOr(String property, List<String> pomValue) {
        String value = userProperties.getProperty(property);
        return value == null ? pomValue : list(value);
    }

    /**
     * One {@code <platforms>} entry per name: the POM's entry for that platform when it has one (its
     * own layers, environment, entrypoint), else an entry with the name alone.
     */
    private static List<PlatformEntry> entries(List<String> names, List<PlatformEntry> pomEntries) {
        List<PlatformEntry> entries = new ArrayList<>();
        for (String name : names) {
            PlatformEntry entry = pomEntries == null ? null : pomEntries.stream()
                    .filter(candidate -> candidate != null && samePlatform(candidate.getName(), name))
                    .findFirst().orElse(null);
            entries.add(entry != null ? entry : new PlatformEntry(name));
        }
        return entries;
    }

    /**
     * Whether the POM's platform {@code pom} is the one {@code wanted} names: {@code linux/aarch64}
     * names {@code linux/arm64/v8}, a variant only when written.
     */
    private static boolean samePlatform(String pom, String wanted) {
        if (pom == null) {
            return false;
        }
        try {
            return Platform.parse(pom, null).matches(Platform.parse(wanted, null));
        } catch (InvalidImageException e) {
            return pom.trim().equals(wanted.trim()); // a bad name is reported by the plan, naming the parameter
        }
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
