package io.github.scratchimage.layer;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.layer.LayerEntry.Type;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns a {@link LayerSpec} into the sorted list of tar entries it stands for: walks directory
 * sources (in name order, so the file system's listing order never matters), applies includes and
 * excludes, adds parent directories, and rejects bad input with an {@link InvalidImageException}
 * naming the field and the spec at fault.
 */
public final class LayerResolver {
    /** Mode of parent directories nobody configured. */
    public static final int IMPLIED_DIRECTORY_MODE = 0755;
    /** Same limit as Linux's ELOOP: more expansions while resolving one link means a loop. */
    private static final int MAX_LINK_EXPANSIONS = 40;
    private static final String BASEDIR_HINT = "(paths are relative to ${basedir})";

    /** Sorts paths name by name, so a directory's entries follow it directly. */
    public static final Comparator<String> PATH_ORDER = LayerResolver::comparePaths;

    /** As comparing the paths with every '/' replaced by the lowest char, without making those copies. */
    private static int comparePaths(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return (x == '/' ? 0 : x) - (y == '/' ? 0 : y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * @param hardLink for a file with more than one name, which file it is within its file spec;
     *                 null for others
     */
    private record Claim(LayerEntry entry, String origin, Inode hardLink) {
        Claim(LayerEntry entry, String origin) {
            this(entry, origin, null);
        }
    }

    /** One source file of one file spec: the names of one such file in a walk are hard links. */
    private record Inode(FileSpec spec, long device, long inode) {
    }

    private final Instant time;
    /** In the order claimed; a single walk claims in {@link #PATH_ORDER} already, which makes the final sort cheap. */
    private final Map<String, Claim> claims = new LinkedHashMap<>();

    private LayerResolver(Instant fileTime) {
        this.time = Instant.ofEpochSecond(fileTime.getEpochSecond());
    }

    /**
     * @param fileTime mtime of every entry (truncated to whole seconds)
     * @return the entries, parents before children, sorted by path, no path twice
     * @throws InvalidImageException for bad input, naming the field and the spec's origin
     * @throws IOException           when reading the file system fails
     */
    public static List<LayerEntry> resolve(LayerSpec spec, Instant fileTime) throws IOException {
        LayerResolver resolver = new LayerResolver(fileTime);
        for (FileSpec file : spec.files()) {
            resolver.add(file);
        }
        return resolver.finish();
    }

    private void add(FileSpec spec) throws IOException {
        checkOptions(spec);
        Path source = spec.source();
        // One lstat tells a plain file or directory apart; a link is checked for loops, then followed.
        SourceStat stat;
        try {
            stat = SourceStat.of(source, LinkOption.NOFOLLOW_LINKS);
            if (stat.kind() == SourceStat.Kind.SYMBOLIC_LINK) {
                if (isLinkLoop(source)) {
                    throw new InvalidImageException(Field.SOURCE, spec.origin(), "symbolic link " + source
                            + " is part of a loop; point it at a real file or directory");
                }
                stat = SourceStat.of(source);
            }
        } catch (NoSuchFileException absent) {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), source + " does not exist " + BASEDIR_HINT);
        }
        if (!Files.isReadable(source)) {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), source + " is not readable " + BASEDIR_HINT
                    + "; fix its permissions");
        }
        String target = normalizeTarget(spec);
        if (stat.kind() == SourceStat.Kind.DIRECTORY) {
            if (!target.isEmpty()) {
                claim(directory(spec, target), spec.origin());
            }
            walk(spec, new Walk(spec), source, target, "");
        } else if (stat.kind() == SourceStat.Kind.FILE) {
            if (target.isEmpty()) {
                throw new InvalidImageException(Field.TARGET, spec.origin(), "target / is the root directory; "
                        + "give the file's full path in the image, e.g. /usr/local/bin/app");
            }
            if (spec.target().endsWith("/")) {
                target = join(target, source.getFileName().toString());
            }
            claim(file(spec, target, source, stat), spec.origin());
        } else {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), source
                    + " is neither a regular file nor a directory " + BASEDIR_HINT);
        }
    }

    /** The includes and excludes of one file spec. */
    private static final class Walk {
        final List<AntPattern> includes;
        final List<AntPattern> excludes;

        Walk(FileSpec spec) {
            includes = spec.includes().stream().map(AntPattern::compile).toList();
            excludes = spec.excludes().stream().map(AntPattern::compile).toList();
        }

        boolean included(String relative) {
            return (includes.isEmpty() || AntPattern.anyMatches(includes, relative)) && !excluded(relative);
        }

        boolean excluded(String relative) {
            return AntPattern.anyMatches(excludes, relative);
        }

        /**
         * The names directly in directory {@code relative} that some include names, when every include
         * is a literal path (no wildcard); null when a listing is needed. Lets a walk stat a few named
         * files instead of listing a large directory once per layer.
         */
        Set<String> literalChildren(String relative) {
            if (includes.isEmpty()) {
                return null;
            }
            Set<String> names = new TreeSet<>();
            String prefix = relative.isEmpty() ? "" : relative + "/";
            for (AntPattern include : includes) {
                String literal = include.literal();
                if (literal == null) {
                    return null;
                }
                if (literal.startsWith(prefix) && literal.length() > prefix.length()) {
                    int end = literal.indexOf('/', prefix.length());
                    String name = literal.substring(prefix.length(), end < 0 ? literal.length() : end);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                }
            }
            return names;
        }

        /** False when no include can match this path or anything below it: the walk skips it unread. */
        boolean relevant(String relative) {
            return includes.isEmpty() || includes.stream().anyMatch(include -> include.mayMatchAtOrBelow(relative));
        }
    }

    /** Adds the contents of {@code directory}; returns whether anything was added. */
    private boolean walk(FileSpec spec, Walk walk, Path directory, String target, String relative)
            throws IOException {
        // Names are taken once and filtered before sorting: a large directory is listed cheaply.
        TreeMap<String, Path> children = new TreeMap<>();
        Set<String> named = walk.literalChildren(relative);
        if (named != null) {
            for (String name : named) {
                children.put(name, directory.resolve(name)); // a name that does not exist is skipped below
            }
        } else {
            for (String name : list(directory)) {
                checkName(spec, directory, name);
                if (walk.relevant(relative.isEmpty() ? name : relative + "/" + name)) {
                    children.put(name, directory.resolve(name));
                }
            }
        }
        boolean added = false;
        for (Map.Entry<String, Path> entry : children.entrySet()) {
            String name = entry.getKey();
            Path child = entry.getValue();
            String childRelative = relative.isEmpty() ? name : relative + "/" + name;
            String childTarget = join(target, name);
            SourceStat stat;
            try {
                stat = SourceStat.of(child, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException absent) {
                if (named != null) {
                    continue; // an include names a file that is not there: it matches nothing
                }
                throw absent;
            }
            if (stat.kind() == SourceStat.Kind.SYMBOLIC_LINK) {
                if (isLinkLoop(child)) {
                    throw new InvalidImageException(Field.SOURCE, spec.origin(), "symbolic link " + child
                            + " is part of a loop; remove it or point it at a real file or directory");
                }
                if (walk.included(childRelative)) {
                    claim(LayerEntry.symlink(childTarget, spec.uid(), spec.gid(), time,
                            Files.readSymbolicLink(child).toString()), spec.origin());
                    added = true;
                }
            } else if (stat.kind() == SourceStat.Kind.DIRECTORY) {
                if (walk.excluded(childRelative)) {
                    continue;
                }
                checkReadable(spec, child);
                // Claimed before its contents (so claims stay in path order) and dropped again when
                // nothing below it was added and no include names it.
                boolean claimedHere = claim(directory(spec, childTarget), spec.origin());
                boolean below = walk(spec, walk, child, childTarget, childRelative);
                if (below || walk.included(childRelative)) {
                    added = true;
                } else if (claimedHere) {
                    claims.remove(childTarget);
                }
            } else if (stat.kind() == SourceStat.Kind.FILE) {
                if (walk.included(childRelative)) {
                    checkReadable(spec, child);
                    Inode inode = stat.hardLinked()
                            ? new Inode(spec, stat.stamp().device(), stat.stamp().inode())
                            : null;
                    claim(new Claim(file(spec, childTarget, child, stat), spec.origin(), inode));
                    added = true;
                }
            } else if (walk.included(childRelative)) {
                throw new InvalidImageException(Field.SOURCE, spec.origin(), child
                        + " is a special file (device, socket or pipe), which a layer cannot hold; exclude it");
            }
        }
        return added;
    }

    /**
     * A name the JVM could not decode from the bytes on disk (it holds U+FFFD) cannot be found again
     * nor written into a layer: either the JVM reads file names in a locale that is not UTF-8 (LANG=C),
     * or the name's bytes are not UTF-8.
     */
    private static void checkName(FileSpec spec, Path directory, String name) {
        if (name.indexOf('\uFFFD') < 0) {
            return;
        }
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), "the name of a file in " + directory
                    + " (read as '" + name + "') is not ASCII, and this JVM reads file names as " + encoding
                    + " because the locale is not UTF-8 (LANG=" + System.getenv("LANG") + ", LC_ALL="
                    + System.getenv("LC_ALL") + "); run Maven with a UTF-8 locale, e.g. LANG=C.UTF-8");
        }
        throw new InvalidImageException(Field.SOURCE, spec.origin(), "the name of a file in " + directory
                + " is not valid UTF-8 (read as '" + name + "'); image layers hold UTF-8 names: rename it, "
                + "or leave it out with an exclude pattern");
    }

    /**
     * The names in {@code directory}. On the default file system through {@code File.list}, which
     * builds the names in native code: listing 20,000 files that way takes about half the time.
     */
    private static List<String> list(Path directory) throws IOException {
        if (directory.getFileSystem() == FileSystems.getDefault()) {
            String[] names = directory.toFile().list();
            if (names == null) {
                throw new IOException("cannot list " + directory);
            }
            return Arrays.asList(names);
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(child -> child.getFileName().toString()).toList();
        }
    }

    private List<LayerEntry> finish() {
        for (Claim claim : List.copyOf(claims.values())) {
            String path = claim.entry().path();
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String parent = path.substring(0, slash);
                Claim existing = claims.get(parent);
                if (existing != null && existing.entry().type() == Type.DIRECTORY) {
                    break; // its own parents are checked in its turn (or were, when it was implied)
                }
                if (existing == null) {
                    claims.put(parent, new Claim(LayerEntry.directory(parent, IMPLIED_DIRECTORY_MODE, 0, 0, time),
                            claim.origin()));
                } else if (existing.entry().type() != Type.DIRECTORY) {
                    throw new InvalidImageException(Field.FILE, claim.origin(), "/" + parent + " is a directory for /" + path
                            + " but " + existing.origin() + " writes a " + describe(existing.entry())
                            + " there; change one of the targets");
                }
            }
        }
        List<Claim> sorted = new ArrayList<>(claims.values());
        sorted.sort(Comparator.comparing(claim -> claim.entry().path(), PATH_ORDER));
        return linkHardLinks(sorted);
    }

    /**
     * The entries, each later name (in path order, so the listing order never matters) of a file
     * that one walk met under several names written as a hard link to its first name.
     */
    private static List<LayerEntry> linkHardLinks(List<Claim> sorted) {
        Map<Inode, String> firstNames = new HashMap<>();
        List<LayerEntry> entries = new ArrayList<>(sorted.size());
        for (Claim claim : sorted) {
            LayerEntry entry = claim.entry();
            if (claim.hardLink() != null) {
                String first = firstNames.putIfAbsent(claim.hardLink(), entry.path());
                if (first != null) {
                    entry = entry.hardLinkTo(first);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    private boolean claim(LayerEntry entry, String origin) throws IOException {
        return claim(new Claim(entry, origin));
    }

    /** @return whether this call added the claim (false: the same entry was claimed before) */
    private boolean claim(Claim claim) throws IOException {
        LayerEntry entry = claim.entry();
        String origin = claim.origin();
        Claim existing = claims.putIfAbsent(entry.path(), claim);
        if (existing != null && !same(existing.entry(), entry)) {
            throw new InvalidImageException(Field.FILE, origin, "/" + entry.path() + " is written twice with different "
                    + "content, type, mode or owner: by " + existing.origin() + " (" + describe(existing.entry())
                    + ") and by " + origin + " (" + describe(entry) + "); keep one of them or change a target");
        }
        return existing == null;
    }

    private static boolean same(LayerEntry a, LayerEntry b) throws IOException {
        if (a.type() != b.type() || a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid()
                || !java.util.Objects.equals(a.linkTarget(), b.linkTarget())) {
            return false;
        }
        if (a.type() != Type.FILE) {
            return true;
        }
        return a.size() == b.size() && (Files.isSameFile(a.source(), b.source())
                || Files.mismatch(a.source(), b.source()) == -1L);
    }

    private static String describe(LayerEntry entry) {
        String owner = " mode " + String.format("%04o", entry.mode()) + " owner " + entry.uid() + ":" + entry.gid();
        return switch (entry.type()) {
            case DIRECTORY -> "directory" + owner;
            case FILE -> "file " + entry.source() + owner;
            case SYMLINK -> "symlink to " + entry.linkTarget() + owner;
            case HARDLINK -> "hard link to /" + entry.linkTarget() + owner;
        };
    }

    private LayerEntry directory(FileSpec spec, String path) {
        int mode = spec.directoryMode() != null ? spec.directoryMode() : IMPLIED_DIRECTORY_MODE;
        return LayerEntry.directory(path, mode, spec.uid(), spec.gid(), time);
    }

    /** @param stat the file's one stat, made by the walk */
    private LayerEntry file(FileSpec spec, String path, Path source, SourceStat stat) {
        int mode = spec.mode() != null ? spec.mode() : stat.ownerExecutable() ? 0755 : 0644;
        return LayerEntry.file(path, mode, spec.uid(), spec.gid(), time, source, stat.size(), stat.stamp());
    }

    private static void checkReadable(FileSpec spec, Path path) {
        if (!Files.isReadable(path)) {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), path + " is not readable; "
                    + "fix its permissions or exclude it");
        }
    }

    private static void checkOptions(FileSpec spec) {
        checkMode(spec.mode(), Field.MODE, spec);
        checkMode(spec.directoryMode(), Field.DIRECTORY_MODE, spec);
        if (spec.uid() < 0 || spec.gid() < 0) {
            throw new InvalidImageException(Field.OWNER, spec.origin(), "owner " + spec.uid() + ":" + spec.gid()
                    + " is not valid; give non-negative numeric uid:gid, e.g. 65532:65532");
        }
        if (spec.source() == null) {
            throw new InvalidImageException(Field.SOURCE, spec.origin(), "is missing; give a file or directory "
                    + BASEDIR_HINT);
        }
    }

    private static void checkMode(Integer mode, Field field, FileSpec spec) {
        if (mode != null && (mode < 0 || mode > 07777)) {
            throw new InvalidImageException(field, spec.origin(), "mode " + Integer.toOctalString(mode)
                    + " is not valid; give octal permission bits from 0000 to 7777, e.g. 0755");
        }
    }

    /** The target as a relative path without leading or trailing slash; "" for the root. */
    private static String normalizeTarget(FileSpec spec) {
        String target = spec.target();
        String expected = "; give an absolute path in the image, without .., e.g. /usr/local/bin/app";
        if (target == null || target.isBlank()) {
            throw new InvalidImageException(Field.TARGET, spec.origin(), "is missing" + expected);
        }
        if (!target.startsWith("/")) {
            throw new InvalidImageException(Field.TARGET, spec.origin(), "'" + target + "' is relative" + expected);
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : target.split("/")) {
            if (segment.equals("..")) {
                throw new InvalidImageException(Field.TARGET, spec.origin(), "'" + target + "' contains .." + expected);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                if (segment.indexOf('\0') >= 0) {
                    throw new InvalidImageException(Field.TARGET, spec.origin(), "'" + target + "' contains a NUL character" + expected);
                }
                normalized.append(normalized.length() == 0 ? "" : "/").append(segment);
            }
        }
        return normalized.toString();
    }

    private static String join(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    /**
     * A symbolic link that a source path goes through and whose target lies outside a directory.
     *
     * @param link     the link, as a prefix of the source path (or the whole of it)
     * @param target   the link's target as written in the link
     * @param resolved where the source path itself leads, every link followed
     */
    public record OutsideLink(Path link, Path target, Path resolved) {
    }

    /**
     * The symbolic links that reading {@code source} follows and that lead outside {@code directory}
     * (the project): the source itself or a directory on its path, but not {@code directory} or a
     * directory above it. A link inside a copied directory is not followed (it goes into the layer
     * as a link), so it is not among them. Nothing for a path that does not exist or cannot be
     * resolved: {@link #resolve} reports that.
     */
    public static List<OutsideLink> linksLeaving(Path source, Path directory) {
        Path path = source.toAbsolutePath().normalize();
        Path base = directory.toAbsolutePath().normalize();
        List<OutsideLink> links = new ArrayList<>();
        Path realBase = null;
        Path prefix = path.getRoot();
        for (Path name : path) {
            prefix = prefix.resolve(name);
            if (base.startsWith(prefix) || !Files.isSymbolicLink(prefix)) {
                continue;
            }
            try {
                realBase = realBase == null ? base.toRealPath() : realBase;
                if (!prefix.toRealPath().startsWith(realBase)) {
                    links.add(new OutsideLink(prefix, Files.readSymbolicLink(prefix), path.toRealPath()));
                }
            } catch (IOException dangling) {
                break;
            }
        }
        return links;
    }

    /**
     * Resolves {@code link} name by name, as the kernel does, and reports whether that needs more
     * than {@value #MAX_LINK_EXPANSIONS} link expansions (a loop such as a -> b, b -> a, or a -> a).
     * A dangling link is not a loop.
     */
    static boolean isLinkLoop(Path link) throws IOException {
        Path absolute = link.toAbsolutePath();
        Path current = absolute.getParent().toRealPath();
        Deque<String> remaining = new ArrayDeque<>();
        remaining.add(absolute.getFileName().toString());
        int expansions = 0;
        while (!remaining.isEmpty()) {
            String name = remaining.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                current = current.getParent() != null ? current.getParent() : current;
                continue;
            }
            Path next = current.resolve(name);
            if (Files.isSymbolicLink(next)) {
                if (++expansions > MAX_LINK_EXPANSIONS) {
                    return true;
                }
                Path target = Files.readSymbolicLink(next);
                if (target.isAbsolute()) {
                    current = target.getRoot();
                }
                for (int i = target.getNameCount() - 1; i >= 0; i--) {
                    remaining.addFirst(target.getName(i).toString());
                }
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                current = next;
            } else {
                return false;
            }
        }
        return false;
    }
}
