package io.github.scratchimage.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 */
public final class ImagePaths {
    private static final int MAX_LINKS = 40;

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
        String normalised = addWithParents(path);
        symlinks.remove(normalised);
    }

    /** Adds a symbolic link with its link text ({@code ../lib/x} or {@code /lib/x}), and its parents. */
    public void addSymlink(String path, String target) {
        symlinks.put(addWithParents(path), target);
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
                java.util.List<String> targetSegments = segments(target);
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

    private static java.util.List<String> segments(String path) {
        java.util.List<String> segments = new java.util.ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !".".equals(segment)) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
