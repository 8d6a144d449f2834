package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trainfree.space.Nb201Arch;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class GateWeightsTest {
    private static final Nb201Arch NO_CONV = Nb201Arch.parse(
            "|skip_connect~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|skip_connect~1|skip_connect~2|");
    private static final Nb201Arch TWO_CONVS = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");

    @Test
    void groupMeansAndTheSpreadOverCellsByHand() {
        // four cells, two experts; accuracies 90 > 80 > 70 > 60
        double[][] w = {{0.9, 0.1}, {0.7, 0.3}, {0.5, 0.5}, {0.3, 0.7}};
        Table t = GateWeights.summary(w, List.of("a", "b"), List.of(TWO_CONVS, TWO_CONVS, NO_CONV, NO_CONV),
                new double[] {90, 80, 70, 60});
        assertEquals("all", t.stringColumn("group").get(0));
        assertEquals(0.6, t.doubleColumn("a").get(0), 1e-12);
        assertEquals(0.4, t.doubleColumn("b").get(0), 1e-12);
        // band edges over 4 ranks round to 0, 0, 0, 2, 4, 4: the top bands and the bottom 10% are empty (no row)
        Table bands = t.where(t.stringColumn("group_kind").isEqualTo("accuracy band"));
        assertEquals(List.of("10-50%", "50-90%"), bands.stringColumn("group").asList());
        assertEquals(List.of(2, 2), bands.intColumn("cells").asList());
        assertEquals(0.8, bands.doubleColumn("a").get(0), 1e-12); // the two best cells
        assertEquals(0.4, bands.doubleColumn("a").get(1), 1e-12);
        Table convs = t.where(t.stringColumn("group_kind").isEqualTo("convolutions"));
        assertEquals(List.of("0", "2"), convs.stringColumn("group").asList());
        assertEquals(0.4, convs.doubleColumn("a").get(0), 1e-12);
        assertEquals(0.8, convs.doubleColumn("a").get(1), 1e-12);
        // sample std of 0.9, 0.7, 0.5, 0.3 around 0.6: sqrt(0.2 / 3)
        int last = t.rowCount() - 1;
        assertEquals("spread", t.stringColumn("group_kind").get(last));
        assertEquals(Math.sqrt(0.2 / 3), t.doubleColumn("a").get(last), 1e-12);
    }

    @Test
    void mismatchedSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GateWeights.summary(new double[][] {{1}}, List.of("a"),
                List.of(NO_CONV, NO_CONV), new double[] {1, 2}));
    }

    @Test
    void anUntrainedGatesGateWeightsEveryExpertAndSumsToOne() {
        List<Nb201Arch> archs = Nb201Arch.all().subList(0, 40);
        double[] accuracy = new double[archs.size()];
        java.util.Arrays.setAll(accuracy, i -> i);
        Table t = GateWeights.untrained(io.trainfree.predict.Encoders.of("gates"), List.of("a", "b", "c"), archs,
                accuracy);
        for (int row = 0; row < t.rowCount() - 1; row++) { // every group's means, not the spread row
            double sum = t.doubleColumn("a").get(row) + t.doubleColumn("b").get(row) + t.doubleColumn("c").get(row);
            assertEquals(1.0, sum, 1e-5, t.stringColumn("group").get(row));
        }
        assertEquals("spread", t.stringColumn("group_kind").get(t.rowCount() - 1));
    }
}
