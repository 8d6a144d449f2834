package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The GradAlign study's tables on a hand-checked sample. */
class GradAlignStudyTest {
    private static final double[] TRUTH = {90, 80, 70, 60};

    @Test
    void kendallPerProxyAndDataset() {
        var proxies = new LinkedHashMap<String, double[]>();
        proxies.put("perfect", new double[] {4, 3, 2, 1});
        proxies.put("reversed", new double[] {1, 2, 3, 4});
        proxies.put("partial", new double[] {4, 3, Double.NaN, 1});
        Table t = GradAlignStudy.kendall(proxies, Map.of("cifar10", TRUTH));
        assertEquals(1, t.doubleColumn("cifar10").getDouble(0), 1e-12);
        assertEquals(-1, t.doubleColumn("cifar10").getDouble(1), 1e-12);
        assertEquals(1, t.doubleColumn("cifar10").getDouble(2), 1e-12, "NaN cells are left out");
        assertEquals(3, t.intColumn("cells").get(2));
    }

    @Test
    void topSelectionTakesTheBestAmongTheTopK() {
        double[] score = {1, 5, Double.NaN, 3};
        // top 1: cell 1 (80); top 2: cells 1 and 3 (80, 60); the NaN cell is never chosen
        assertEquals(80, GradAlignStudy.bestAmongTop(score, TRUTH, 1), 0.0);
        assertEquals(80, GradAlignStudy.bestAmongTop(score, TRUTH, 2), 0.0);
        assertEquals(90, GradAlignStudy.bestAmongTop(score, TRUTH, 3), 0.0);
        assertEquals(90, GradAlignStudy.bestAmongTop(score, TRUTH, 10), 0.0, "k beyond the sample takes all");
        Table t = GradAlignStudy.topSelection(Map.of("s", score), Map.of("cifar10", TRUTH), 1, 10);
        assertEquals(2, t.rowCount());
        assertEquals(90, t.doubleColumn("sample_best").getDouble(0), 0.0);
        assertEquals(75, t.doubleColumn("sample_mean").getDouble(0), 0.0);
        assertTrue(GradAlignStudy.PROXIES.contains("grad_conflict"));
    }
    @Test
    void eachDatasetRanksItsOwnValues() {
        var own = new LinkedHashMap<String, double[]>();
        own.put("p", new double[] {4, 3, 2, 1});
        var other = new LinkedHashMap<String, double[]>();
        other.put("p", new double[] {1, 2, 3, 4});
        var byDataset = new LinkedHashMap<String, Map<String, double[]>>();
        byDataset.put("cifar10", own);
        byDataset.put("cifar100", other);
        var truth = new LinkedHashMap<String, double[]>();
        truth.put("cifar10", TRUTH);
        truth.put("cifar100", TRUTH);
        Table t = GradAlignStudy.kendallByDataset(byDataset, truth);
        assertEquals(1, t.doubleColumn("cifar10").getDouble(0), 1e-12);
        assertEquals(-1, t.doubleColumn("cifar100").getDouble(0), 1e-12);
        Table top = GradAlignStudy.topSelectionByDataset(byDataset, truth, 1, 2);
        assertEquals(3, top.rowCount(), "the proxy, random (expected), sample best");
        assertEquals(90, top.doubleColumn("cifar10 top1").getDouble(0), 0.0);
        assertEquals(60, top.doubleColumn("cifar100 top1").getDouble(0), 0.0, "cifar100's own top cell");
        assertEquals(70, top.doubleColumn("cifar100 top2").getDouble(0), 0.0);
        assertEquals(75, top.doubleColumn("cifar10 top1").getDouble(1), 0.0, "one random cell: the mean");
        assertEquals(90, top.doubleColumn("cifar10 top2").getDouble(2), 0.0);
        truth.put("ImageNet16-120", TRUTH);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GradAlignStudy.kendallByDataset(byDataset, truth));
        assertTrue(e.getMessage().contains("ImageNet16-120"), e.getMessage());
    }
    @Test
    void expectedBestOfRandomAgreesWithEnumeratingEveryDraw() {
        assertEquals(20 / 6.0, GradAlignStudy.expectedBestOfRandom(new double[] {1, 2, 3, 4}, 2), 1e-12,
                "maxima of the six pairs: 2, 3, 4, 3, 4, 4");
        double[] v = {5.5, Double.NaN, 1, 9, 3.25, 7, 2, 8};
        double[] defined = {5.5, 1, 9, 3.25, 7, 2, 8};
        int n = defined.length;
        double sum = 0;
        int draws = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                for (int c = b + 1; c < n; c++) {
                    sum += Math.max(defined[a], Math.max(defined[b], defined[c]));
                    draws++;
                }
            }
        }
        assertEquals(sum / draws, GradAlignStudy.expectedBestOfRandom(v, 3), 1e-12);
        assertEquals(9, GradAlignStudy.expectedBestOfRandom(v, 50), 0.0, "k past the sample: its best");
    }
}
