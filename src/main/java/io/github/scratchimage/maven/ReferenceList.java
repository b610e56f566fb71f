package io.github.scratchimage.maven;

import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import java.util.ArrayList;
import java.util.List;

/**
 * A goal parameter that lists image references ({@code cacheFrom}, {@code additionalImages}), read
 * the same way for each: an entry may hold several references separated by commas (as a
 * {@code -D} value does), blank ones are skipped, and a reference that does not parse fails the
 * goal naming the parameter.
 */
final class ReferenceList {
    private ReferenceList() {
    }

    /**
     * @param parameter the parameter's name, for the error
     * @param entries   its entries; null (not configured) or null entries count as none
     * @throws InvalidParameterException when a reference does not parse
     */
    static List<ImageReference> parse(String parameter, List<String> entries) {
        List<ImageReference> references = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            for (String part : entry == null ? new String[0] : entry.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    references.add(ImageReference.parse(part.trim()));
                } catch (InvalidImageException e) {
                    throw InvalidParameterException.of(parameter, e);
                }
            }
        }
        return references;
    }
}
