package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md says it lists every parameter of the goals: checked against the plugin
 * descriptor Maven reads (plugin.xml), so a new parameter without its row, a row for a parameter that
 * is gone, or a wrong "✱" (settable as {@code -Dscratch.NAME}) fails here. The README's shorter table
 * may leave parameters out, but names none that does not exist. The tables of {@code <layer>} and
 * {@code <platform>} elements list exactly the fields Maven fills from them, and every
 * {@code -Dscratch.NAME} the README and docs show is one the goals read.
 */
class ConfigurationDocsTest {
    private static final List<String> GOALS = List.of("load", "save", "push");
    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path REFERENCE = BASEDIR.resolve("docs/configuration.md");
    private static final Path README = BASEDIR.resolve("README.md");
    private static final Pattern NAME = Pattern.compile("`([A-Za-z]+)(?:/[^`]*)?`");
    private static final Pattern PROPERTY = Pattern.compile("-D(scratch\\.[A-Za-z]+)");
    private static final Pattern NESTED_NAME = Pattern.compile("`([A-Za-z/]+)`");

    @Test
    void everyParameterOfEveryGoalHasARow() throws Exception {
        Map<String, Boolean> documented = topLevelRows(REFERENCE);
        List<String> missing = new ArrayList<>();
        for (String goal : GOALS) {
            for (String parameter : HarnessSupport.configurableParameters(goal)) {
                if (!documented.containsKey(parameter)) {
                    missing.add(goal + ": " + parameter);
                }
            }
        }
        assertThat(missing).as("parameters without a row in " + REFERENCE).isEmpty();
    }

    @Test
    void everyRowIsAParameterOfSomeGoal() throws Exception {
        Set<String> parameters = acrossGoals(HarnessSupport::configurableParameters);
        assertThat(parameters).as("the parameters of " + GOALS + " in plugin.xml").contains("image", "chunkSize");
        assertThat(topLevelRows(REFERENCE).keySet()).as("rows of " + REFERENCE).isSubsetOf(parameters);
        assertThat(topLevelRows(README).keySet()).as("rows of " + README).contains("image", "layers")
                .isSubsetOf(parameters);
    }

    @Test
    void theStarMarksExactlyTheParametersWithAProperty() throws Exception {
        Set<String> withProperty = new TreeSet<>();
        for (String property : acrossGoals(HarnessSupport::properties)) {
            if (property.startsWith("scratch.")) {
                withProperty.add(property.substring("scratch.".length()));
            }
        }
        Map<String, Boolean> rows = topLevelRows(REFERENCE);
        List<String> wrong = new ArrayList<>();
        rows.forEach((name, starred) -> {
            if (starred != withProperty.contains(name)) {
                wrong.add(name + (starred ? " is marked ✱ but has no property" : " has -Dscratch." + name
                        + " but no ✱"));
            }
        });
        assertThat(rows).as("rows of " + REFERENCE).containsKeys("image", "layers");
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyPropertyTheDocsMentionExists() throws Exception {
        Set<String> properties = acrossGoals(HarnessSupport::properties);
        properties.add(CommandLineValues.PLATFORMS); // read by the goals themselves
        List<Path> pages = new ArrayList<>(List.of(README, BASEDIR.resolve("CONTRIBUTING.md")));
        try (Stream<Path> docs = Files.list(BASEDIR.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> unknown = new ArrayList<>();
        int mentions = 0;
        for (Path page : pages) {
            Matcher property = PROPERTY.matcher(Files.readString(page));
            while (property.find()) {
                mentions++;
                if (!property.group(1).equals("scratch.NAME") && !properties.contains(property.group(1))) {
                    unknown.add(BASEDIR.relativize(page) + ": -D" + property.group(1));
                }
            }
        }
        assertThat(mentions).as("-Dscratch.… in " + pages).isGreaterThan(10);
        assertThat(unknown).isEmpty();
    }

    @Test
    void theLayerAndPlatformTablesListTheirElements() throws Exception {
        Set<String> layer = new TreeSet<>(elements(Layer.class));
        layer.remove("files");
        elements(FileEntry.class).forEach(element -> layer.add("files/file/" + element));
        assertThat(layer).as("elements of Layer and FileEntry").contains("name", "files/file/source");
        assertThat(rowsAfter("Inside `<layers><layer>`:")).isEqualTo(layer);
        assertThat(rowsAfter("Inside `<platforms><platform>`:")).isEqualTo(elements(PlatformEntry.class))
                .contains("name", "layers");
    }

    /** What plugin.xml says of one goal, e.g. its parameters. */
    @FunctionalInterface
    private interface PerGoal {
        List<String> of(String goal) throws Exception;
    }

    /** {@code names} of each of {@link #GOALS}, together. */
    private static Set<String> acrossGoals(PerGoal names) throws Exception {
        Set<String> all = new TreeSet<>();
        for (String goal : GOALS) {
            all.addAll(names.of(goal));
        }
        return all;
    }

    /**
     * The parameter names in the first column of the tables that hold the goals' own parameters (those
     * with a row for {@code image}; the tables of nested elements have none), each with whether its row
     * is marked ✱. {@code `auth/username`} counts as {@code auth}.
     */
    private static Map<String, Boolean> topLevelRows(Path markdown) throws IOException {
        Map<String, Boolean> rows = new LinkedHashMap<>();
        for (Table table : tables(Files.readAllLines(markdown))) {
            Map<String, Boolean> names = new LinkedHashMap<>();
            for (String row : table.rows()) {
                String firstCell = row.split("\\|")[1];
                Matcher name = NAME.matcher(firstCell);
                while (name.find()) {
                    names.merge(name.group(1), firstCell.contains("✱"), Boolean::logicalOr);
                }
            }
            if (names.containsKey("image")) {
                names.forEach((name, starred) -> rows.merge(name, starred, Boolean::logicalOr));
            }
        }
        return rows;
    }

    /** A Markdown table's data rows, and the last line of text before it. */
    private record Table(String caption, List<String> rows) {
    }

    /** Each Markdown table of {@code lines}, without its header and separator line. */
    private static List<Table> tables(List<String> lines) {
        List<Table> tables = new ArrayList<>();
        List<String> current = null;
        String caption = "";
        for (String line : lines) {
            if (!line.startsWith("|")) {
                current = null;
                if (!line.isBlank()) {
                    caption = line;
                }
            } else if (current == null) {
                current = new ArrayList<>(); // the header row
                tables.add(new Table(caption, current));
            } else if (!line.startsWith("| ---") && !line.startsWith("|---")) {
                current.add(line);
            }
        }
        return tables;
    }

    /** The names in the first column of the table after {@code caption}, whole ({@code files/file/mode}). */
    private static Set<String> rowsAfter(String caption) throws IOException {
        List<Table> matching = tables(Files.readAllLines(REFERENCE)).stream()
                .filter(table -> table.caption().equals(caption)).toList();
        assertThat(matching).as("tables after '" + caption + "' in " + REFERENCE).hasSize(1);
        Set<String> names = new TreeSet<>();
        for (String row : matching.get(0).rows()) {
            Matcher name = NESTED_NAME.matcher(row.split("\\|")[1]);
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The POM elements Maven maps onto {@code type}: its instance fields. */
    private static Set<String> elements(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                names.add(field.getName());
            }
        }
        return names;
    }
}
