package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.job.FileFormatException;
import io.trainfree.space.DartsGenotype;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SWAP paper's 1,000 DARTS cells: every line round-trips; bad lines are named. */
class DartsCellsTest {
    @TempDir
    Path dir;

    @Test
    @RealData
    void everyPublishedGenotypePrintsBackExactly() throws IOException {
        DataResolver data = DataResolver.standard();
        assumeTrue(data.has(DataFile.DARTS_ARCHS), "needs " + DataFile.DARTS_ARCHS.path() + " from ../shared/data");
        Path file = data.resolve(DataFile.DARTS_ARCHS);
        DartsCells cells = DartsCells.read(file);
        assertEquals(1000, cells.size());
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < cells.size(); i++) {
            String line = lines.get(i);
            assertEquals(line.substring(1, line.lastIndexOf("\",")), cells.genotypes().get(i).toString(),
                    "line " + (i + 1));
        }
        double[] acc = cells.validAccuracy();
        assertEquals(10.22, Arrays.stream(acc).min().orElseThrow(), 1e-5, "float32 values written out");
        assertEquals(86.61, Arrays.stream(acc).max().orElseThrow(), 1e-5);
        assertEquals(85.0, acc[0], 0.0);
    }

    @Test
    void aBadLineIsNamedWithTheGenotypesPosition() throws IOException {
        Path f = dir.resolve("darts.csv");
        String good = "\"" + io.trainfree.space.DartsGenotype.random(new java.util.SplittableRandom(1)) + "\",80.5";
        Files.writeString(f, good + "\n" + good.replace("sep_conv", "sap_conv").replace("none", "sap_conv")
                .replace("skip_connect", "sap_conv").replace("pool", "sap_conv").replace("dil_conv", "sap_conv")
                + "\n");
        var e = assertThrows(FileFormatException.class, () -> DartsCells.read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("expected an op"), e.getMessage());
        Files.writeString(f, good + "\n");
        DartsCells one = DartsCells.read(f);
        assertEquals(80.5, one.validAccuracy()[0], 0.0);
        assertEquals(DartsGenotype.random(new java.util.SplittableRandom(1)), one.genotypes().get(0));
    }
}
