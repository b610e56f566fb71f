package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.PlatformPlaceholders;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.image.Compression;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.image.Timestamps;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerResolver;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.log.BuildLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the POM's parameters into the engine's {@link ImagePlan}, checking everything that can be
 * checked without reading files: each mistake is an {@link InvalidParameterException} naming the
 * parameter, thrown before anything is built or written. The engine's own complaints
 * ({@link InvalidImageException}) are named here by the parameter that gave the value. The one look at the file system: the
 * symbolic links on the sources' paths, to warn of those leading outside the project.
 */
public final class ImagePlanFactory {
    public static final String ANNOTATION_CREATED = "org.opencontainers.image.created";
    public static final String ANNOTATION_VERSION = "org.opencontainers.image.version";
    public static final String ANNOTATION_SOURCE = "org.opencontainers.image.source";
    public static final String ANNOTATION_TITLE = "org.opencontainers.image.title";
    public static final String ANNOTATION_DESCRIPTION = "org.opencontainers.image.description";
    public static final String ANNOTATION_URL = "org.opencontainers.image.url";
    public static final String ANNOTATION_DOCUMENTATION = "org.opencontainers.image.documentation";
    public static final String ANNOTATION_LICENSES = "org.opencontainers.image.licenses";
    public static final String ANNOTATION_VENDOR = "org.opencontainers.image.vendor";
    public static final String ANNOTATION_AUTHORS = "org.opencontainers.image.authors";
    public static final String ANNOTATION_REVISION = "org.opencontainers.image.revision";
    /** The platform when neither {@code <platform>} nor {@code <platforms>} is set. */
    public static final String DEFAULT_PLATFORM = "linux/amd64";

    private static final Pattern OCTAL = Pattern.compile("0*([0-7]{1,4})");
    private static final Pattern OWNER = Pattern.compile("([0-9]{1,10}):([0-9]{1,10})");

    private final ProjectInfo project;
    private final BuildLog log;

    /** A factory that warns nobody (see {@link #ImagePlanFactory(ProjectInfo, BuildLog)}). */
    public ImagePlanFactory(ProjectInfo project) {
        this(project, BuildLog.NONE);
    }

    /** @param log receives a warning for each symbolic link a source follows to outside the project directory */
    public ImagePlanFactory(ProjectInfo project, BuildLog log) {
        this.project = project;
        this.log = log;
    }

    /** Checks the goal's parameters and builds the plan. */
    public PlannedImage plan(AbstractImageMojo pom) {
        try {
            ImageName name = ImageName.of(reference(pom.imageOrDefault()), pom.tags);
            ImageFormat format = ImageFormat.parse(pom.format);
            PlatformCheckMode platformCheck = PlatformCheckMode.parse(pom.platformCheck);
            RuntimeConfig runtime = RuntimeConfig.validated(pom.environment, pom.entrypoint, pom.cmd,
                    pom.workingDirectory, pom.user, pom.exposedPorts, pom.volumes, pom.labels, pom.stopSignal);
            List<LayerSpec> common = layers(orEmpty(pom.layers), "layers");
            List<PlatformPlan> platforms = orEmpty(pom.platforms).isEmpty()
                    ? List.of(singlePlatform(pom, common, runtime))
                    : severalPlatforms(pom, common, runtime);
            Instant created = created(pom.creationTime);
            ImagePlan plan = new ImagePlan(format, created, annotations(created, pom.annotations),
                    platforms, pom.alwaysIndex, platformCheck);
            warnOfLinksLeavingTheProject(platforms);
            warnOfImagesWithoutFiles(platforms);
            return new PlannedImage(name, plan);
        } catch (InvalidImageException e) {
            throw InvalidParameterException.of(e);
        }
    }

    /** What {@code supplier} gives; the engine's complaint about the value named by {@code parameter}. */
    private static <T> T named(String parameter, Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (InvalidImageException e) {
            throw InvalidParameterException.of(parameter, e);
        }
    }

    /**
     * Warns for each platform whose image would hold no file at all: a goal run without its
     * {@code <layers>} (or with them in another execution's configuration) still builds a valid,
     * empty image, which is seldom what was meant.
     */
    private void warnOfImagesWithoutFiles(List<PlatformPlan> platforms) {
        for (PlatformPlan platform : platforms) {
            if (platform.layers().isEmpty()) {
                log.warn("No <layers> for " + platform.platform() + ": its image holds no files. Give them in the"
                        + " plugin's <configuration> as <layers><layer><files><file> with a <source> and a <target>"
                        + " (README, \"Quick start\").");
            }
        }
    }

    /**
     * Warns once per symbolic link that a source goes through to a target outside {@code ${basedir}}:
     * what it points to goes into the image, and with the permission bits of the mode rule, not its
     * own (that rule keeps digests independent of the umask). Sources are looked at with their
     * placeholders replaced for each platform; a source that does not exist is left to the engine.
     */
    private void warnOfLinksLeavingTheProject(List<PlatformPlan> platforms) {
        Set<Path> warned = new HashSet<>();
        for (PlatformPlan platform : platforms) {
            for (LayerSpec layer : platform.layers()) {
                for (FileSpec file : PlatformPlaceholders.resolve(layer, platform.platform()).files()) {
                    for (LayerResolver.OutsideLink link : LayerResolver.linksLeaving(file.source(), project.basedir())) {
                        if (warned.add(link.link())) {
                            log.warn("<" + file.origin() + "/source>: the symbolic link " + link.link() + " -> "
                                    + link.target() + " leads outside the project directory " + project.basedir()
                                    + ", so " + file.source() + " is read from " + link.resolved() + " and goes"
                                    + " into the image. A file that is not world-readable on disk is world-readable"
                                    + " in the image (mode 0644, or 0755 when executable) unless <mode> says"
                                    + " otherwise.");
                        }
                    }
                }
            }
        }
    }

    /**
     * How layers are compressed and cached: {@code compression} gzip (the default, also when null),
     * zstd or none; {@code compressionLevel} within that algorithm's levels (default: its own, gzip 6,
     * zstd 3); {@code cacheDirectory} (default: the user's cache directory), {@code cacheMaxSize}
     * (default {@link LayerOptions#DEFAULT_CACHE_MAX_BYTES}), and as many compression threads as the
     * machine has processors. zstd with {@code format} docker is refused: Docker's manifest has no
     * zstd layer type.
     */
    public static LayerOptions layerOptions(AbstractImageMojo pom) {
        Compression algorithm = Compression.parse(pom.compression);
        if (algorithm == Compression.ZSTD && ImageFormat.parse(pom.format) == ImageFormat.DOCKER) {
            throw new InvalidParameterException("compression", "zstd layers need <format>oci</format>: the Docker"
                    + " format (<format>docker</format>) has no zstd layer media type; set <format>oci</format> or"
                    + " <compression>gzip</compression>");
        }
        Integer level = pom.compressionLevel;
        int compressionLevel = level == null ? algorithm.defaultLevel() : level;
        if (!algorithm.acceptsLevel(compressionLevel)) {
            throw new InvalidParameterException("compressionLevel", algorithm == Compression.NONE
                    ? "'" + level + "' given, but <compression>none</compression> takes no level; remove"
                            + " compressionLevel or choose gzip or zstd"
                    : "'" + level + "' is not a " + algorithm.id() + " level; write " + algorithm.minLevel() + " to "
                            + algorithm.maxLevel() + " (higher is smaller and slower); the " + algorithm.id()
                            + " default is " + algorithm.defaultLevel());
        }
        long cacheMaxBytes = pom.cacheMaxSize == null || pom.cacheMaxSize.isBlank()
                ? LayerOptions.DEFAULT_CACHE_MAX_BYTES : bytes(pom.cacheMaxSize.trim(), "cacheMaxSize");
        return new LayerOptions(algorithm, compressionLevel, Runtime.getRuntime().availableProcessors(),
                pom.cacheDirectory(), cacheMaxBytes);
    }

    /** A size: digits, optionally followed by k, m, g or t (KiB, MiB, GiB, TiB; either case). */
    static long bytes(String text, String parameter) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        String suffix = text.substring(digits).toLowerCase(Locale.ROOT);
        int shift = switch (suffix) {
            case "" -> 0;
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> -1;
        };
        long number = -1;
        if (digits > 0 && digits <= 15 && shift >= 0) {
            number = Long.parseLong(text.substring(0, digits));
        }
        if (number < 0 || number > Long.MAX_VALUE >> shift) {
            throw new InvalidParameterException(parameter, "'" + text + "' is not a size; write a number of bytes, "
                    + "optionally followed by k, m, g or t (KiB, MiB, GiB, TiB), e.g. 5g or 500m");
        }
        return number << shift;
    }

    /** {@code <platform>} (linux/amd64 when not set) with the common layers and runtime. */
    private static PlatformPlan singlePlatform(AbstractImageMojo pom, List<LayerSpec> layers, RuntimeConfig runtime) {
        String name = pom.platform == null ? DEFAULT_PLATFORM : pom.platform;
        Platform platform = Platform.parse(name, pom.osVersion);
        return new PlatformPlan(platform, checked(layers), runtime);
    }

    /**
     * One plan per {@code <platforms>} entry: the common layers followed by the entry's own, the
     * entry's environment merged over the common one, its entrypoint and cmd replacing the common
     * ones when written. The entry's osVersion defaults to the common {@code <osVersion>}.
     */
    private List<PlatformPlan> severalPlatforms(AbstractImageMojo pom, List<LayerSpec> common, RuntimeConfig runtime) {
        if (pom.platform != null) {
            throw new InvalidParameterException("platforms", "is set together with <platform> (or -Dscratch.platform)"
                    + " '" + pom.platform + "'; use <platform> for one platform or <platforms> for"
                    + " several, not both");
        }
        List<PlatformEntry> entries = pom.platforms;
        List<PlatformPlan> plans = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PlatformEntry entry = entries.get(i) == null ? new PlatformEntry() : entries.get(i);
            String parameter = "platforms/platform[" + (i + 1) + "]";
            String osVersion = entry.getOsVersion() == null || entry.getOsVersion().isBlank()
                    ? pom.osVersion : entry.getOsVersion();
            Platform platform = named(parameter + "/name", () -> Platform.parse(entry.getName(), osVersion));
            List<LayerSpec> layers = new ArrayList<>(common);
            layers.addAll(layers(orEmpty(entry.getLayers()), parameter + "/layers"));
            RuntimeConfig merged = runtime.mergedWith(environment(entry.getEnvironment(), parameter + "/environment"),
                    entry.getEntrypoint(), entry.getCmd());
            plans.add(new PlatformPlan(platform, checked(layers), merged));
        }
        return plans;
    }

    /**
     * The layers with their {@code {os}}/{@code {arch}}/{@code {variant}} placeholders checked, not
     * replaced: the engine replaces them per platform when it builds.
     */
    private static List<LayerSpec> checked(List<LayerSpec> layers) {
        layers.forEach(PlatformPlaceholders::validate);
        return layers;
    }

    /** A platform's own environment, checked like the common one but named by its own parameter. */
    private static Map<String, String> environment(Map<String, String> environment, String parameter) {
        return named(parameter, () -> RuntimeConfig.validated(environment, null, null, null, null, null, null, null,
                null).environment());
    }

    /**
     * The creation time: {@code creationTime}, else {@code project.build.outputTimestamp} (a value of
     * fewer than two characters means unset, as in Maven), else {@code SOURCE_DATE_EPOCH}, else the epoch.
     */
    Instant created(String creationTime) {
        if (creationTime != null && !creationTime.isBlank()) {
            return Timestamps.parse(creationTime);
        }
        String outputTimestamp = project.outputTimestamp();
        if (outputTimestamp != null && outputTimestamp.trim().length() > 1) {
            return named(OutputTimestamp.PROPERTY, () -> Timestamps.parse(outputTimestamp));
        }
        String sourceDateEpoch = project.sourceDateEpoch();
        if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
            return sourceDateEpoch(sourceDateEpoch);
        }
        return Instant.EPOCH;
    }

    /**
     * SOURCE_DATE_EPOCH: digits only, up to {@link Timestamps#LATEST}. (Maven itself, 3.8.7 for one,
     * parses it too for {@code maven.build.timestamp} and stops with "Internal error:
     * NumberFormatException" on a value that is not a long, before any plugin runs.)
     */
    private static Instant sourceDateEpoch(String value) {
        String digits = value.trim();
        if (digits.matches("[0-9]+") && digits.replaceFirst("^0+", "").length() <= 12) {
            long seconds = Long.parseLong(digits);
            if (seconds <= Timestamps.LATEST.getEpochSecond()) {
                return Instant.ofEpochSecond(seconds);
            }
        }
        throw new InvalidParameterException("SOURCE_DATE_EPOCH", "the environment variable is '" + value
                + "'; it must be a whole number of seconds since 1970-01-01T00:00:00Z, from 0 to "
                + Timestamps.LATEST.getEpochSecond() + " (" + Timestamps.format(Timestamps.LATEST) + ")");
    }

    private static ImageReference reference(String image) {
        ImageReference reference = named("image", () -> ImageReference.parse(image));
        if (reference.digest() != null) {
            throw new InvalidParameterException("image", "'" + image
                    + "' names a digest; a built image is named by repository and tag, e.g. example/app:1.0");
        }
        return reference.tag() == null ? reference.withTag(reference.tagOrLatest()) : reference;
    }

    private Map<String, String> annotations(Instant created, Map<String, String> configured) {
        configured = configured == null ? Map.of() : configured;
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_CREATED, Timestamps.format(created));
        if (project.version() != null && !project.version().isBlank()) {
            annotations.put(ANNOTATION_VERSION, project.version());
        }
        putIfPresent(annotations, ANNOTATION_SOURCE, project.scmUrl());
        putIfPresent(annotations, ANNOTATION_TITLE, project.name());
        putIfPresent(annotations, ANNOTATION_DESCRIPTION, project.description());
        putIfPresent(annotations, ANNOTATION_URL, project.url());
        putIfPresent(annotations, ANNOTATION_DOCUMENTATION, project.documentation());
        putIfPresent(annotations, ANNOTATION_LICENSES, licenseExpression(project.licenses()));
        putIfPresent(annotations, ANNOTATION_VENDOR, project.vendor());
        putIfPresent(annotations, ANNOTATION_AUTHORS, String.join(", ", project.authors()));
        putIfPresent(annotations, ANNOTATION_REVISION, project.revision());
        configured.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new InvalidParameterException("annotations", "an annotation has an empty name");
            }
            if (value == null || value.isBlank()) {
                annotations.remove(key); // an empty element leaves the plugin's value out
            } else {
                annotations.put(key, value);
            }
        });
        return annotations;
    }

    private static void putIfPresent(Map<String, String> annotations, String key, String value) {
        if (value != null && !value.isBlank()) {
            annotations.put(key, value.strip().replaceAll("\\s+", " "));
        }
    }

    /**
     * The SPDX expression for the POM's license names: the ids joined with {@code " AND "}, or null
     * when there is none or any name is not one of {@link #SPDX_IDS} (matched ignoring case, as SPDX
     * does, and written in SPDX's case). A long name ("The Apache Software License, Version 2.0") is
     * not guessed at.
     */
    static String licenseExpression(List<String> names) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : names) {
            String id = name == null ? null : SPDX_IDS.get(name.strip().toLowerCase(Locale.ROOT));
            if (id == null) {
                return null;
            }
            ids.add(id);
        }
        return ids.isEmpty() ? null : String.join(" AND ", ids);
    }

    /** The common SPDX license ids recognised in {@code <licenses><license><name>}, by lower-case id. */
    private static final Map<String, String> SPDX_IDS = spdxIds("0BSD", "AFL-3.0", "AGPL-3.0-only",
            "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0", "Artistic-2.0", "BSD-2-Clause", "BSD-3-Clause",
            "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "EPL-1.0", "EPL-2.0",
            "EUPL-1.1", "EUPL-1.2", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
            "ISC", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0",
            "MPL-1.1", "MPL-2.0", "MS-PL", "Unlicense", "UPL-1.0", "WTFPL", "Zlib");

    private static Map<String, String> spdxIds(String... ids) {
        Map<String, String> byLowerCase = new HashMap<>();
        for (String id : ids) {
            byLowerCase.put(id.toLowerCase(Locale.ROOT), id);
        }
        return Map.copyOf(byLowerCase);
    }

    private List<LayerSpec> layers(List<Layer> layers, String listParameter) {
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String parameter = listParameter + "/layer[" + (i + 1) + "]";
            if (layer == null) {
                throw new InvalidParameterException(parameter, "is empty; give it <files>");
            }
            List<FileEntry> entries = layer.getFiles() == null ? List.of() : layer.getFiles();
            List<FileSpec> files = new ArrayList<>();
            for (int j = 0; j < entries.size(); j++) {
                files.add(file(entries.get(j), parameter + "/files/file[" + (j + 1) + "]"));
            }
            String name = layer.getName() == null || layer.getName().isBlank() ? null : layer.getName().trim();
            specs.add(new LayerSpec(name, files, parameter, layer.isLayerPerFile()));
        }
        return specs;
    }

    private FileSpec file(FileEntry entry, String parameter) {
        if (entry == null) {
            throw new InvalidParameterException(parameter, "is empty; give it <source> and <target>");
        }
        if (entry.getSource() == null || entry.getSource().isBlank()) {
            throw new InvalidParameterException(parameter + "/source",
                    "is missing; write the file or directory to copy, relative to the project directory");
        }
        if (entry.getTarget() == null || entry.getTarget().isBlank()) {
            throw new InvalidParameterException(parameter + "/target",
                    "is missing; write the absolute path in the image, e.g. /usr/local/bin/app");
        }
        Path source = project.basedir().resolve(entry.getSource().trim()).normalize();
        int[] owner = owner(entry.getOwner(), parameter + "/owner");
        return new FileSpec(source, entry.getTarget().trim(), mode(entry.getMode(), parameter + "/mode"),
                mode(entry.getDirectoryMode(), parameter + "/directoryMode"), owner[0], owner[1],
                trimmed(entry.getIncludes()), trimmed(entry.getExcludes()), parameter);
    }

    /** Parses permission bits written in octal ({@code 0755}, {@code 644}); null when not given. */
    static Integer mode(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = OCTAL.matcher(value.trim());
        if (!m.matches()) {
            throw new InvalidParameterException(parameter, "'" + value
                    + "' is not a file mode; write octal digits from 0000 to 07777, e.g. 0755 or 0644");
        }
        return Integer.parseInt(m.group(1), 8);
    }

    /** Parses {@code uid:gid}; 0:0 when not given. */
    static int[] owner(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return new int[] {0, 0};
        }
        Matcher m = OWNER.matcher(value.trim());
        if (m.matches()) {
            long uid = Long.parseLong(m.group(1));
            long gid = Long.parseLong(m.group(2));
            if (uid <= Integer.MAX_VALUE && gid <= Integer.MAX_VALUE) {
                return new int[] {(int) uid, (int) gid};
            }
        }
        throw new InvalidParameterException(parameter, "'" + value
                + "' is not an owner; write numeric uid:gid, e.g. 65532:65532 (names are not looked up)");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> trimmed(List<String> patterns) {
        List<String> result = new ArrayList<>();
        if (patterns != null) {
            for (String pattern : patterns) {
                if (pattern != null && !pattern.isBlank()) {
                    result.add(pattern.trim());
                }
            }
        }
        return result;
    }
}
