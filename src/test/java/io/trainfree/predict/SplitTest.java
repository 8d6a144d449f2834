package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.trainfree.job.FileFormatException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed split is valid, stable and numpy's; prefixes; the loader's errors. */
class SplitTest {
    private static final Path COMMITTED = Path.of("data", Split.FILE);

    @Test
    void committedFileIsExactlyWhatTheGeneratorMakes() throws IOException {
        Split generated = Split.generate(Split.SEED);
        assertEquals(generated.csv(), Files.readString(COMMITTED), "data/" + Split.FILE + " differs from "
                + "Split.generate(" + Split.SEED + "): rewrite it (data/dele/README.md) or find what changed");
        assertEquals(generated, Split.read(COMMITTED));
        assertEquals(generated, Split.load());
        JsonObject sidecar = JsonParser.parseString(Files.readString(Path.of(COMMITTED + ".json"))).getAsJsonObject();
        assertEquals(Split.SEED, sidecar.get("seed").getAsLong());
        assertEquals(generated.sha256(), sidecar.get("sha256_int32le").getAsString());
    }

    @Test
    void theSplitIsNumpysPermutation() throws IOException {
        JsonObject recorded;
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/reference/rank_metrics_reference.json"),
                "reference/rank_metrics_reference.json")) {
            recorded = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("split").get(0).getAsJsonObject();
        }
        Split split = Split.generate(recorded.get("seed").getAsLong());
        int[] all = concat(split.train(), split.valid());
        assertArrayEquals(ints(recorded.get("first")), Arrays.copyOf(all, 20));
        assertArrayEquals(ints(recorded.get("last")), Arrays.copyOfRange(all, all.length - 20, all.length));
        assertEquals(recorded.get("sha256_int32le").getAsString(), split.sha256());
    }

    @Test
    void everyCellOnceHalvesAndPrefixes() {
        Split split = Split.load();
        assertEquals(Split.TRAIN_SIZE, split.train().length);
        assertEquals(Split.VALID_SIZE, split.valid().length);
        var seen = new BitSet();
        for (int i : concat(split.train(), split.valid())) {
            assertTrue(!seen.get(i), "index " + i + " twice");
            seen.set(i);
        }
        assertEquals(15_625, seen.cardinality());
        assertEquals(15_625, seen.length());
        int[] expectedSizes = {78, 390, 781, 3906, 7813};
        double[] ratios = {0.01, 0.05, 0.1, 0.5, 1.0};
        for (int r = 0; r < ratios.length; r++) {
            int[] prefix = split.train(ratios[r]);
            assertEquals(expectedSizes[r], prefix.length, "ratio " + ratios[r]);
            assertArrayEquals(Arrays.copyOf(split.train(), prefix.length), prefix, "a prefix of the training list");
        }
        assertEquals(78, Split.prefixSize(7813, 0.01)); // int(78.13), as Python's int(7813 * 0.01)
        assertEquals(3, Split.prefixSize(7, 0.5));
        assertNotEquals(split, Split.generate(1));
    }

    @Test
    void badRatiosAreRefused() {
        Split split = Split.generate(0);
        for (double bad : new double[] {0, -0.1, 1.01, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> split.train(bad));
            assertTrue(e.getMessage().contains("outside (0, 1]"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> split.train(0.0001));
        assertEquals("ratio 1.0E-4 of 7813 cells leaves none (int(7813 * 1.0E-4) = 0)", e.getMessage());
    }

    @Test
    void writeRefusesASplitOfAnotherSeedAndRoundTrips(@TempDir Path dir) {
        Path file = dir.resolve("split.csv");
        Split.generate(3).write(file, 3);
        assertEquals(Split.generate(3), Split.read(file));
        assertTrue(Files.exists(dir.resolve("split.csv.json")));
        assertThrows(IllegalArgumentException.class, () -> Split.generate(3).write(file, 4));
    }

    @Test
    void loaderNamesFileAndLine(@TempDir Path dir) throws IOException {
        String good = Split.generate(0).csv();
        String[] lines = good.split("\n");
        assertError(dir, "index,arch\n" + good.substring(good.indexOf('\n') + 1), 1, "the header must be");
        assertError(dir, replaceLine(lines, 5, "12"), 5, "expected 2 fields");
        assertError(dir, replaceLine(lines, 5, "x12,train"), 5, "index 'x12' is not an integer");
        assertError(dir, replaceLine(lines, 5, "15625,train"), 5, "is not a NAS-Bench-201 index");
        assertError(dir, replaceLine(lines, 6, lines[4]), 6, "appears again (first on line 5)");
        assertError(dir, replaceLine(lines, 7, lines[6].replace("train", "test")), 7, "neither 'train' nor 'valid'");
        // a training line after the first validation line (line 7815 is the first 'valid')
        assertError(dir, replaceLine(lines, 7816, lines[7815].replace("valid", "train")), 7816,
                "a training line after the validation list began");
        // a cell left out
        String shortFile = String.join("\n", Arrays.copyOf(lines, lines.length - 1)) + "\n";
        var e = assertError(dir, shortFile, 0, "holds 7813 training and 7811 validation lines");
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
        // trailing blank lines are fine
        Files.writeString(dir.resolve("blank.csv"), good + "\n\n");
        assertEquals(Split.generate(0), Split.read(dir.resolve("blank.csv")));
    }

    private static FileFormatException assertError(Path dir, String text, int line, String problem)
            throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, text);
        var e = assertThrows(FileFormatException.class, () -> Split.read(file));
        assertEquals(file, e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        return e;
    }

    /** The text with line {@code line} (1-based, header = 1) replaced. */
    private static String replaceLine(String[] lines, int line, String replacement) {
        String[] copy = lines.clone();
        copy[line - 1] = replacement;
        return String.join("\n", copy) + "\n";
    }

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static int[] ints(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }
}
