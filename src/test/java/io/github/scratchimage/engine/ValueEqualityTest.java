package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The value records compare every component: equal copies are equal with equal hashes, and a change
 * in any one component makes them differ (a component left out of a hand-written equals, or an
 * array component compared by identity, would fail here).
 */
class ValueEqualityTest {
    private static final String SHA_A = "sha256:" + "a".repeat(64);

    @Test
    void digest() {
        check(() -> Digest.parse(SHA_A), Digest.parse("sha256:" + "b".repeat(64)), Digest.parse("sha512:" + "a".repeat(128)));
    }

    @Test
    void attachment() {
        io.github.scratchimage.image.Descriptor subject = new io.github.scratchimage.image.Descriptor("m",
                Digest.parse(SHA_A), 1);
        io.github.scratchimage.attach.Attachment.Placement referrer = io.github.scratchimage.attach.Attachment.Placement.REFERRER;
        check(() -> new io.github.scratchimage.attach.Attachment(subject, "t", "m", new byte[] {1}, Map.of("a", "b"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(new io.github.scratchimage.image.Descriptor("m", Digest.parse(SHA_A), 2),
                        "t", "m", new byte[] {1}, Map.of("a", "b"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(subject, "u", "m", new byte[] {1}, Map.of("a", "b"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(subject, "t", "n", new byte[] {1}, Map.of("a", "b"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(subject, "t", "m", new byte[] {2}, Map.of("a", "b"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(subject, "t", "m", new byte[] {1}, Map.of("a", "c"), "f", referrer),
                new io.github.scratchimage.attach.Attachment(subject, "t", "m", new byte[] {1}, Map.of("a", "b"), "g", referrer));
    }

    @Test
    void platform() {
        check(() -> new Platform("linux", "arm", "v7", "1.0"), new Platform("windows", "arm", "v7", "1.0"),
                new Platform("linux", "arm64", "v7", "1.0"), new Platform("linux", "arm", "v6", "1.0"),
                new Platform("linux", "arm", "v7", "2.0"));
    }

    @Test
    void fileSpec() {
        Object[] changed = {Path.of("/b"), "/u", 0600, 0700, 9, 9, List.of("j"), List.of("f"), "q"};
        check(() -> file(FILE), oneChanged(FILE, changed, ValueEqualityTest::file));
    }

    @Test
    void layerSpec() {
        check(() -> new LayerSpec("n", List.of(file()), "p"), new LayerSpec("m", List.of(file()), "p"),
                new LayerSpec("n", List.of(), "p"), new LayerSpec("n", List.of(file()), "q"));
    }

    @Test
    void runtimeConfig() {
        Object[] changed = {Map.of("A", "2"), List.of("/f"), List.of("d"), "/x", "v", Set.of("81/tcp"), Set.of("/x"),
            Map.of("l", "2"), "SIGKILL"};
        check(ValueEqualityTest::runtime, oneChanged(RUNTIME, changed, ValueEqualityTest::runtime));
    }

    @Test
    void platformPlan() {
        Platform amd64 = Platform.linuxAmd64();
        check(() -> new PlatformPlan(amd64, List.of(new LayerSpec("n", List.of(file()), "p")), runtime()),
                new PlatformPlan(new Platform("linux", "arm64", null, null),
                        List.of(new LayerSpec("n", List.of(file()), "p")), runtime()),
                new PlatformPlan(amd64, List.of(), runtime()),
                new PlatformPlan(amd64, List.of(new LayerSpec("n", List.of(file()), "p")), RuntimeConfig.empty()));
    }

    private static final Object[] FILE = {Path.of("/s"), "/t", 0644, 0755, 1, 2, List.of("i"), List.of("e"), "p"};
    private static final Object[] RUNTIME = {Map.of("A", "1"), List.of("/e"), List.of("c"), "/w", "u",
        Set.of("80/tcp"), Set.of("/v"), Map.of("l", "1"), "SIGTERM"};

    private static FileSpec file() {
        return file(FILE);
    }

    @SuppressWarnings("unchecked")
    private static FileSpec file(Object[] c) {
        return new FileSpec((Path) c[0], (String) c[1], (Integer) c[2], (Integer) c[3], (int) c[4], (int) c[5],
                (List<String>) c[6], (List<String>) c[7], (String) c[8]);
    }

    private static RuntimeConfig runtime() {
        return runtime(RUNTIME);
    }

    @SuppressWarnings("unchecked")
    private static RuntimeConfig runtime(Object[] c) {
        return new RuntimeConfig((Map<String, String>) c[0], (List<String>) c[1], (List<String>) c[2], (String) c[3],
                (String) c[4], (Set<String>) c[5], (Set<String>) c[6], (Map<String, String>) c[7], (String) c[8]);
    }

    /** One value per component: {@code base} with that component taken from {@code changed}. */
    private static <T> List<T> oneChanged(Object[] base, Object[] changed, java.util.function.Function<Object[], T> make) {
        List<T> values = new java.util.ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            Object[] components = base.clone();
            components[i] = changed[i];
            values.add(make.apply(components));
        }
        return values;
    }

    /** Two values from {@code value} are equal with equal hashes; each of {@code others} differs from them. */
    @SafeVarargs
    private static <T> void check(Supplier<T> value, T... others) {
        check(value, List.of(others));
    }

    private static <T> void check(Supplier<T> value, List<T> others) {
        T one = value.get();
        T two = value.get();
        assertThat(one).isNotSameAs(two).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.equals(null)).isFalse();
        assertThat(one.equals("text")).isFalse();
        for (T other : others) {
            assertThat(one).isNotEqualTo(other);
            assertThat(other).isNotEqualTo(one);
        }
    }
}
