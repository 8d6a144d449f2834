package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Dataset;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PublishedTest {
    private static Table ours(String[] proxies, double[] rho) {
        return Table.create("ours", StringColumn.create("proxy", proxies), DoubleColumn.create("rho", rho));
    }

    @Test
    void spearmanBesideThePublishedValuesTakesAbsoluteValues() {
        Table t = Published.besideSpearman(ours(new String[] {"synflow", "grasp", "naswot"},
                new double[] {0.75, -0.47, 0.8}), Dataset.CIFAR10, 0.03);
        assertEquals(0.737, t.doubleColumn("published").get(0), 0.0);
        assertEquals(0.75 - 0.737, t.doubleColumn("difference").get(0), 1e-12);
        assertTrue(t.booleanColumn("within_0.03").get(0));
        assertEquals(0.47, t.doubleColumn("abs_rho").get(1), 0.0); // grasp's sign is dropped, as the paper does
        assertEquals(0.47 - 0.514, t.doubleColumn("difference").get(1), 1e-12);
        assertFalse(t.booleanColumn("within_0.03").get(1));
        assertTrue(Double.isNaN(t.doubleColumn("published").getDouble(2)), "nothing published for naswot");
        assertTrue(t.booleanColumn("within_0.03").isMissing(2));
        assertEquals(0.701, Published.zeroCostSpearman("jacob_cov", Dataset.IMAGENET16_120).orElseThrow(), 0.0);
    }

    @Test
    void agreementBesideTheOfficialImplementation() {
        Table t = Published.besideOfficialAgreement(ours(new String[] {"grasp", "jacob_cov", "zen"},
                new double[] {0.69, 0.92, 0.99}), 0.03);
        assertEquals(0.710 - 0.03, t.doubleColumn("target").get(0), 1e-12);
        assertTrue(t.booleanColumn("met").get(0));
        assertFalse(t.booleanColumn("met").get(1)); // 0.92 < 0.953 - 0.03
        assertTrue(t.booleanColumn("met").isMissing(2));
    }

    @Test
    void closestAccuracyColumnOfEachPublishedFigure() {
        assertEquals(io.trainfree.bench.Metric.VAL_ACCURACY, Published.closestMetric("synflow", Dataset.CIFAR10));
        assertEquals(io.trainfree.bench.Metric.TEST_ACCURACY, Published.closestMetric("params", Dataset.CIFAR10));
        assertEquals(io.trainfree.bench.Metric.TEST_ACCURACY, Published.closestMetric("flops", Dataset.CIFAR10));
        assertEquals(io.trainfree.bench.Metric.TEST_ACCURACY, Published.closestMetric("synflow", Dataset.CIFAR100));
        assertEquals("cifar10-valid test", Published.publishedAccuracy("snip", Dataset.CIFAR10));
        assertEquals("test_accuracy (recomputed)", Published.publishedAccuracy("params", Dataset.IMAGENET16_120));
    }

    @Test
    void verdictIsIntervalAware() {
        assertEquals("consistent", Published.verdict(0.60, 0.58, 0.55, 0.61, 0.03));
        assertEquals("consistent", Published.verdict(0.55, 0.58, 0.55, 0.61, 0.03), "the ends are inside");
        // a narrow interval that misses the paper by less than the tolerance
        assertEquals("within 0.03", Published.verdict(0.60, 0.58, 0.575, 0.585, 0.03));
        assertEquals("differs", Published.verdict(0.65, 0.58, 0.575, 0.585, 0.03));
        assertEquals("no interval", Published.verdict(0.65, 0.58, Double.NaN, Double.NaN, 0.03));
    }
}
