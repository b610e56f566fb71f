package io.github.scratchimage.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every path of one platform's image (files, directories and symbolic links, a later layer's entry
 * replacing an earlier one's), to tell whether a path a binary needs at run time exists in it.
 *
 * <p>{@link #exists} follows symbolic links in the directories of the path ({@code /lib64} linked to
 * {@code usr/lib64} in a merged-/usr tree), but a symbolic link as the last segment counts as present
 * without looking at its target: a base that ships {@code /lib64/ld-linux-x86-64.so.2 ->
 * ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2} is taken at its word.
 *
 * <p>Entries are only listed when added and indexed at the first {@link #exists}: most images hold
 * no dynamically linked binary, so nothing asks, and indexing 20,000 entries took about a tenth of
 * the 20,000-file benchmark's build.
 */
public final class ImagePaths {
    private static final int MAX_LINKS = 40;

    /** Entries not yet indexed, in the order added. */
    private final List<Added> added = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private final Map<String, String> symlinks = new HashMap<>();

    /** An image holding exactly these paths (files or directories; leading slash optional). */
    public static ImagePaths of(String... paths) {
        ImagePaths image = new ImagePaths();
        for (String path : paths) {
            image.add(path);
        }
        return image;
    }

    /** Adds a file or directory (and its parent directories), replacing a symbolic link of that path. */
    public void add(String path) {
        added.add(new Added(path, null));
    }

    /** Adds a symbolic link with its link text ({@code ../lib/x} or {@code /lib/x}), and its parents. */
    public void addSymlink(String path, String target) {
        added.add(new Added(path, target));
    }

    /** A path as added, with its link text (null: not a symbolic link). */
    private record Added(String path, String linkText) {
    }

    private void index() {
        for (Added entry : added) {
            String normalised = addWithParents(entry.path());
            if (entry.linkText() == null) {
                symlinks.remove(normalised);
            } else {
                symlinks.put(normalised, entry.linkText());
            }
        }
        added.clear();
    }

    private String addWithParents(String path) {
        String normalised = normalise(path);
        for (int slash = normalised.indexOf('/'); slash > 0; slash = normalised.indexOf('/', slash + 1)) {
            paths.add(normalised.substring(0, slash));
        }
        paths.add(normalised);
        return normalised;
    }

    /** Whether {@code path} (an image path, leading slash optional) names an entry of the image. */
    public boolean exists(String path) {
        index();
        Deque<String> todo = new ArrayDeque<>(segments(path));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String segment = todo.removeFirst();
            if ("..".equals(segment)) {
                done.pollLast();
                continue;
            }
            done.addLast(segment);
            String current = String.join("/", done);
            if (!paths.contains(current)) {
                return false;
            }
            String target = symlinks.get(current);
            if (target != null && !todo.isEmpty()) {
                if (++links > MAX_LINKS) {
                    return false;
                }
                done.removeLast();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> targetSegments = segments(target);
                for (int i = targetSegments.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetSegments.get(i));
                }
            }
        }
        return true;
    }

    /** Drops leading slashes, "./", repeated slashes and a trailing slash. */
    static String normalise(String path) {
        return String.join("/", segments(path));
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !".".equals(segment)) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
