package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.testing.RealData;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@link LowFidelityTable} on the committed proxy tables and the published benchmark. */
@RealData
class LowFidelityRealDataTest {
    private static Nb201 nb201;

    @BeforeAll
    static void load() {
        Assumptions.assumeTrue(DataResolver.standard().has(DataFile.NB201_HP12_INFO, DataFile.NB201_HW_CIFAR10),
                "NAS-Bench-201's index order and HW-NAS-Bench's CIFAR-10 file are not under any data root");
        nb201 = Nb201.load();
    }

    @Test
    void theDefaultExpertsAndTheirMissingValues() {
        LowFidelityTable lf = LowFidelityTable.load(nb201);
        assertEquals(LowFidelityTable.DEFAULT, lf.names());
        Table s = lf.summary();
        // disconnected cells: jacob_cov NaN on the 341 whose output is cut off, naswot -inf on 160; the rest complete
        List<Integer> missing = s.intColumn("missing").asList();
        List<Integer> infinite = s.intColumn("infinite").asList();
        for (int k = 0; k < lf.size(); k++) {
            String name = lf.names().get(k);
            int expected = switch (name) {
                case "jacob_cov" -> 341;
                case "naswot" -> 160;
                default -> 0;
            };
            assertEquals(expected, missing.get(k), name);
            assertEquals(name.equals("naswot") ? 160 : 0, infinite.get(k), name);
        }
        assertEquals("proxies/nb201-cifar10.csv", lf.columns().get(0).source());
        double[] latency = lf.column(LowFidelityTable.LATENCY);
        assertTrue(latency[0] > 0.5 && latency[0] < 12, "edge-GPU latency in ms: " + latency[0]);
        int[] train = Split.load().train();
        assertEquals(lf.size(), lf.rows(train)[0].length);
        assertEquals(train.length, lf.rows(train).length);
    }

    @Test
    void otherColumnsByName() {
        LowFidelityTable lf = LowFidelityTable.load(nb201, "zen", "swap", "epe_nas", "val_accuracy_12");
        assertEquals(341, lf.missing("zen"));
        assertEquals(341, lf.columns().get(0).infinite());
        assertEquals(0, lf.missing("swap"));
        assertEquals("proxies/nb201-cifar10-swap.csv", lf.columns().get(1).source());
        assertEquals(341, lf.missing("epe_nas"));
        assertEquals(0, lf.missing("val_accuracy_12"));
        assertEquals(10, LowFidelityTable.load(nb201, LowFidelityTable.PAPER).size());
    }
}
