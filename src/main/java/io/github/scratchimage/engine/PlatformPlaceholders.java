package io.github.scratchimage.engine;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {os}}, {@code {arch}} and {@code {variant}} in file sources with a platform's
 * values, so one layer definition can take {@code target/native/{os}-{arch}/app}. A platform without
 * variant replaces {@code {variant}} with the empty string. Any other {@code {name}} is an error, and
 * so is a placeholder in a target path (targets are the same on every platform).
 */
public final class PlatformPlaceholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]*)}");

    private PlatformPlaceholders() {
    }

    /** Checks a layer for misuse of placeholders without resolving it. */
    public static void validate(LayerSpec spec) {
        for (FileSpec file : spec.files()) {
            String targetText = file.target() == null ? "" : file.target();
            if (mayHold(targetText)) {
                Matcher target = PLACEHOLDER.matcher(targetText);
                if (target.find()) {
                    throw new InvalidImageException(Field.TARGET, file.origin(), "'" + file.target()
                            + "' contains the placeholder " + target.group() + "; placeholders are replaced in "
                            + "source paths only, a target path is the same on every platform");
                }
            }
            String sourceText = file.source().toString();
            if (mayHold(sourceText)) {
                Matcher source = PLACEHOLDER.matcher(sourceText);
                while (source.find()) {
                    String name = source.group(1);
                    if (!name.equals("os") && !name.equals("arch") && !name.equals("variant")) {
                        throw new InvalidImageException(Field.SOURCE, file.origin(), "'" + file.source()
                                + "' contains the unknown placeholder " + source.group()
                                + "; known placeholders are {os}, {arch} and {variant}");
                    }
                }
            }
        }
    }

    /** Whether {@code text} may hold a placeholder: spares the regex for the usual text without '{'. */
    private static boolean mayHold(String text) {
        return text.indexOf('{') >= 0;
    }

    /** The layer with every placeholder in its sources replaced for {@code platform}. */
    public static LayerSpec resolve(LayerSpec spec, Platform platform) {
        validate(spec);
        boolean any = false;
        for (FileSpec file : spec.files()) {
            any |= mayHold(file.source().toString());
        }
        if (!any) {
            return spec; // nothing to replace: the same layer on every platform
        }
        List<FileSpec> files = new ArrayList<>();
        for (FileSpec file : spec.files()) {
            String source = file.source().toString()
                    .replace("{os}", platform.os())
                    .replace("{arch}", platform.architecture())
                    .replace("{variant}", platform.variant() == null ? "" : platform.variant());
            files.add(new FileSpec(Path.of(source), file.target(), file.mode(), file.directoryMode(), file.uid(),
                    file.gid(), file.includes(), file.excludes(), file.origin()));
        }
        return new LayerSpec(spec.name(), files, spec.origin(), spec.perFile());
    }
}
