package io.trainfree.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project reads whole without anything beside it: code, scripts and notebooks cite the protocol notes under
 * docs/ as {@code docs/PAGE.md §N}, every such section exists, and nothing points at the specs the notes were
 * written from.
 */
class DocsCitationsTest {
    /** A citation: the page, then the first section and any more joined by "-", ", " or " and ". */
    static final Pattern CITATION = Pattern.compile("docs/([a-z-]+)\\.md §(\\d+(?:\\.\\d+)?)((?:(?:-|, | and )§\\d+"
            + "(?:\\.\\d+)?)*)");
    static final Pattern MORE = Pattern.compile("§(\\d+(?:\\.\\d+)?)");
    /** A spec cited by name without docs/, or the folder the specs live in outside the project. */
    static final Pattern OUTSIDE = Pattern.compile("shared/specs|(?<![/\\w-])(robot|proxies|swap|gradalign|djl-notes"
            + "|kernel-notes)\\.md");

    static List<Path> sources() {
        var files = new ArrayList<Path>();
        for (String root : List.of("src", "notebooks", "kernel", ".ci")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                // scripts have no extension; under src/ such files are binary test fixtures
                s.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(java|py|ipynb|md)$")
                                || !root.equals("src") && !p.getFileName().toString().contains("."))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.add(Path.of("trainfree"));
        files.add(Path.of("README.md"));
        return files;
    }

    /** Whether docs/PAGE.md has section {@code number}: a heading "## 4." / "### 1.8", or item "13." under "## 10.". */
    static boolean hasSection(String page, String number) {
        String[] parts = number.split("\\.");
        if (Pattern.compile("(?m)^#{2,3} " + Pattern.quote(number) + "[. ]").matcher(page).find()) {
            return true;
        }
        if (parts.length != 2) {
            return false;
        }
        Matcher section = Pattern.compile("(?m)^## " + parts[0] + "\\..*$").matcher(page);
        if (!section.find()) {
            return false;
        }
        int end = page.indexOf("\n## ", section.end());
        String body = page.substring(section.end(), end < 0 ? page.length() : end);
        return Pattern.compile("(?m)^" + parts[1] + "\\. ").matcher(body).find();
    }

    @Test
    void everyCitedSectionExistsAndNothingPointsOutside() throws IOException {
        var missing = new ArrayList<String>();
        var outside = new ArrayList<String>();
        int citations = 0;
        for (Path file : sources()) {
            if (file.equals(Path.of("src/test/java/io/trainfree/docs/DocsCitationsTest.java"))) {
                continue; // names the patterns it looks for
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                Matcher m = CITATION.matcher(line);
                while (m.find()) {
                    Path page = Path.of("docs", m.group(1) + ".md");
                    List<String> sections = new ArrayList<>(List.of(m.group(2)));
                    MORE.matcher(m.group(3)).results().forEach(r -> sections.add(r.group(1)));
                    for (String s : sections) {
                        citations++;
                        if (!Files.exists(page) || !hasSection(Files.readString(page), s)) {
                            missing.add(file + ":" + (n + 1) + ": " + page + " §" + s);
                        }
                    }
                }
                if (OUTSIDE.matcher(line.replaceAll("docs/[a-z-]+\\.md", "")).find()) {
                    outside.add(file + ":" + (n + 1) + ": " + line.strip());
                }
            }
        }
        assertTrue(citations > 80, "found only " + citations + " citations: is the test reading the project?");
        assertEquals(List.of(), missing, "sections cited but not in docs/");
        assertEquals(List.of(), outside, "citations of files the project does not have");
    }

    @Test
    void sectionsAreFoundAsTheDocsNumberThem() {
        String page = "# T\n## 4. Baselines\ntext\n### 1.8 Sizes\n## 10. Quirks\n\n13. ties\n## 11. Next\n2. x\n";
        assertTrue(hasSection(page, "4"));
        assertTrue(hasSection(page, "1.8"));
        assertTrue(hasSection(page, "10.13"));
        assertTrue(!hasSection(page, "10.2"), "item 2 is under section 11, not 10");
        assertTrue(!hasSection(page, "5"));
        assertTrue(!hasSection(page, "1.9"));
    }
}
