package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package's one rule, from its package-info: it names nothing of trainfree outside itself. */
class MathPackageTest {
    static final Path SOURCES = Path.of("src/main/java/io/trainfree/math"); // Surefire runs in the project directory
    /** Any other trainfree package: an import, a static or wildcard import, a qualified name, a javadoc link. */
    static final Pattern OTHER_PACKAGE = Pattern.compile("\\bio\\.trainfree\\.(?!math\\b)\\w+");

    @Test
    void importsNothingElseOfTrainfree() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        // the scan must have seen the package's sources, or an empty directory would pass
        assertTrue(files.contains(SOURCES.resolve("GaussianProcess.java")),
                "no sources in " + SOURCES.toAbsolutePath());
        assertTrue(files.contains(SOURCES.resolve("package-info.java")), "no package-info.java in " + SOURCES);
        List<String> offending = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (OTHER_PACKAGE.matcher(lines.get(i)).find()) {
                    offending.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), offending, "io.trainfree.math must not use other trainfree packages");
    }

    @Test
    void patternTellsMathFromTheOtherPackages() {
        assertTrue(OTHER_PACKAGE.matcher("import io.trainfree.search.Robot;").find());
        assertTrue(OTHER_PACKAGE.matcher("import static io.trainfree.proxy.Proxies.all;").find());
        assertTrue(OTHER_PACKAGE.matcher("import io.trainfree.mathx.Foo;").find());
        assertTrue(OTHER_PACKAGE.matcher(" * {@link io.trainfree.search.Robot}").find());
        assertFalse(OTHER_PACKAGE.matcher("import io.trainfree.math.Linalg;").find());
        assertFalse(OTHER_PACKAGE.matcher("package io.trainfree.math;").find());
    }
}
