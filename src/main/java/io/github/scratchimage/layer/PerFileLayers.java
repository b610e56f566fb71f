package io.github.scratchimage.layer;

import io.github.scratchimage.layer.LayerEntry.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits one resolved layer into one layer per file ({@code <layerPerFile>}): each regular file and
 * each symbolic link becomes a layer of its own that also holds the directories above it, with the
 * same mode, owner and time as in the whole layer. Directories with nothing but directories below
 * them go into one more layer, first. Stacked, the parts give the same file system as the whole
 * layer; a change to one file changes one part, so a build uploads that part alone. A hard link
 * becomes a full copy, as its file is in another part.
 */
public final class PerFileLayers {
    private PerFileLayers() {
    }

    /**
     * One part of a split layer.
     *
     * @param path    the path of the part's file or link in the image (no leading slash); null for the
     *                part of directories only
     * @param entries the part's tar entries, parents first, in {@link LayerResolver#PATH_ORDER}
     */
    public record Part(String path, List<LayerEntry> entries) {
        public Part {
            entries = List.copyOf(entries);
        }
    }

    /**
     * @param entries a resolved layer: sorted by path, every parent directory present (as
     *                {@link LayerResolver#resolve} gives them)
     * @return the parts in path order, the directories-only part first; the whole layer as one part
     *         when it holds no file and no link
     */
    public static List<Part> split(List<LayerEntry> entries) {
        Map<String, LayerEntry> directories = new HashMap<>();
        for (LayerEntry entry : entries) {
            if (entry.type() == Type.DIRECTORY) {
                directories.put(entry.path(), entry);
            }
        }
        if (directories.size() == entries.size()) {
            return List.of(new Part(null, entries));
        }
        List<Part> files = new ArrayList<>();
        Set<String> holdingFiles = new HashSet<>();
        for (LayerEntry entry : entries) {
            if (entry.type() != Type.DIRECTORY) {
                List<LayerEntry> part = new ArrayList<>();
                for (String parent : parents(entry.path())) {
                    LayerEntry directory = directories.get(parent);
                    if (directory != null) {
                        part.add(directory);
                        holdingFiles.add(parent);
                    }
                }
                part.add(entry.asCopy()); // the file it links to is in another part
                files.add(new Part(entry.path(), part));
            }
        }
        Set<LayerEntry> directoriesOnly = new LinkedHashSet<>();
        for (LayerEntry entry : entries) {
            if (entry.type() == Type.DIRECTORY && !holdingFiles.contains(entry.path())) {
                for (String parent : parents(entry.path())) {
                    LayerEntry directory = directories.get(parent);
                    if (directory != null) {
                        directoriesOnly.add(directory);
                    }
                }
                directoriesOnly.add(entry);
            }
        }
        if (directoriesOnly.isEmpty()) {
            return files;
        }
        List<Part> parts = new ArrayList<>(files.size() + 1);
        parts.add(new Part(null, new ArrayList<>(directoriesOnly)));
        parts.addAll(files);
        return parts;
    }

    /** The paths above {@code path}, outermost first: "a", "a/b" for "a/b/c". */
    private static List<String> parents(String path) {
        List<String> parents = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        return parents;
    }
}
