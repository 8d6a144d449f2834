package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel imports trainfree's packages with {@code *}: two public classes of the same simple name in them make
 * that name ambiguous in every notebook cell (a predictor's {@code Progress} once broke the notebooks' own).
 */
class DefaultImportsTest {
    @Test
    void noTwoStarImportedTrainfreePackagesShareAPublicClassName() throws IOException {
        Map<String, List<String>> owners = new HashMap<>();
        for (String imp : TrainfreeKernel.DEFAULT_IMPORTS) {
            if (!imp.startsWith("io.trainfree.") || !imp.endsWith(".*")) {
                continue;
            }
            String pkg = imp.substring(0, imp.length() - 2);
            Path dir = Path.of("src/main/java", pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String name = f.getFileName().toString().replace(".java", "");
                    if (!name.equals("package-info") && Files.readString(f).contains("\npublic ")) {
                        owners.computeIfAbsent(name, k -> new ArrayList<>()).add(pkg);
                    }
                }
            }
        }
        var clashes = owners.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " in " + e.getValue()).sorted().toList();
        assertEquals(List.of(), clashes);
    }
}
