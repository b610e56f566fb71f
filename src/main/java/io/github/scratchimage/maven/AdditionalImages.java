package io.github.scratchimage.maven;

import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The push goal's {@code additionalImages}: more full references ({@code [registry/]repository[:tag]})
 * the image is pushed under, with the same digest. A reference with a tag adds that tag; one without
 * takes the tags of {@code image} (its own and {@code tags}). References to one repository become one
 * name with all their tags, so each repository is pushed to once.
 */
final class AdditionalImages {
    static final String PARAMETER = "additionalImages";
    /** Given on the command line, it wins over the POM's list (see {@link CommandLineValues}). */
    static final String PROPERTY = "scratch.additionalImages";

    private AdditionalImages() {
    }

    /**
     * Every name to push: {@code main} first (with the tags of additional references to its own
     * repository), then one per other repository, in the order they are first named.
     *
     * @param values the parameter's entries, each possibly a comma-separated list; null or blank ones are skipped
     */
    static List<ImageName> names(ImageName main, List<String> values) {
        Map<String, ImageReference> references = new LinkedHashMap<>();
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        references.put(main.repository(), main.reference());
        tags.put(main.repository(), new LinkedHashSet<>(main.tags()));
        for (ImageReference reference : ReferenceList.parse(PARAMETER, values)) {
            if (reference.digest() != null) {
                throw new InvalidParameterException(PARAMETER, "'" + reference + "' names a digest; a push "
                        + "writes tags: give a tag, or none for the tags of <image>");
            }
            String repository = reference.registry() + "/" + reference.repository();
            references.putIfAbsent(repository, reference);
            tags.computeIfAbsent(repository, r -> new LinkedHashSet<>())
                    .addAll(reference.tag() == null ? main.tags() : List.of(reference.tag()));
        }
        List<ImageName> names = new ArrayList<>();
        names.add(new ImageName(main.reference(), new ArrayList<>(tags.get(main.repository()))));
        references.forEach((repository, reference) -> {
            if (!repository.equals(main.repository())) {
                List<String> own = new ArrayList<>(tags.get(repository));
                names.add(new ImageName(reference.withTag(own.get(0)), own));
            }
        });
        return names;
    }
}
