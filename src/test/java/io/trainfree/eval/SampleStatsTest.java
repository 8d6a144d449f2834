package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleStatsTest {
    @Test
    void byHandOnTheDefinedValues() {
        double[] v = {2, 4, Double.NaN, 6};
        assertEquals(4, SampleStats.mean(v), 0);
        assertEquals(2, SampleStats.std(v), 1e-15, "sqrt((4 + 0 + 4) / 2)");
        assertEquals(2 / Math.sqrt(3), SampleStats.stderr(v), 1e-15);
        assertTrue(Double.isNaN(SampleStats.std(new double[] {1, Double.NaN})), "one defined value has no spread");
        assertTrue(Double.isNaN(SampleStats.mean(new double[] {Double.NaN})));
    }
}
