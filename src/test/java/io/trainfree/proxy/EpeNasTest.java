package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EpeNasTest {
    private static final double K = 1e-5;
    // class 0: r1 correlates with r0 at C (LinalgTest's hand value), r2 = reversed r0 (-1); class 1: q1 = 1 - q0 (-1)
    private static final double C = 10.75 / Math.sqrt(5 * 23.1875);
    private static final double[] R0 = {1, 2, 3, 4};
    private static final double[] R1 = {2, 4, 6, 8.5};
    private static final double[] R2 = {4, 3, 2, 1};
    private static final double[] Q0 = {1, 0, 0, 1};
    private static final double[] Q1 = {0, 1, 1, 0};
    private static final double[] LONE = {3, 1, 4, 1};
    private static final double[] ZERO = {0, 0, 0, 0};

    /** s_0 over R = [[1, C, -1], [C, 1, -C], [-1, -C, 1]]: five entries of magnitude 1, four of C. */
    private static final double S0 = 5 * Math.log(1 + K) + 4 * Math.log(C + K);
    /** s_1 over [[1, -1], [-1, 1]]. */
    private static final double S1 = 4 * Math.log(1 + K);

    @Test
    void twoClassesByHand() {
        double[][] j = {R0, Q0, R1, Q1, R2};
        int[] labels = {0, 1, 0, 1, 0};
        assertEquals(Math.abs(S0) + Math.abs(S1), EpeNas.score(j, labels, 10), 1e-12);
    }

    /** Up to 100 classes a lone sample adds numpy's log(|1| + k); above, the reference skips it. */
    @Test
    void aLoneSampleCountsBelowAHundredClassesAndIsSkippedAbove() {
        double[][] j = {R0, Q0, R1, Q1, R2, LONE};
        int[] labels = {0, 1, 0, 1, 0, 7};
        assertEquals(Math.abs(S0) + Math.abs(S1) + Math.log(1 + K), EpeNas.score(j, labels, 100), 1e-12);
        // 120 classes: s_c divided by the class size; sum over ordered pairs of |s_c - s_c'| / classes seen (2)
        double a = S0 / 3;
        double b = S1 / 2;
        assertEquals(2 * Math.abs(a - b) / 2, EpeNas.score(j, labels, 120), 1e-12);
        assertEquals(0.0, EpeNas.score(new double[][] {R0, Q0}, new int[] {0, 1}, 120), "no class of two: 0");
    }

    /** numpy: a constant row has NaN correlations, log(NaN) is NaN, and the sum NaN; a lone one is 0/0. */
    @Test
    void zeroJacobianRowsGiveNaNLikeNumpy() {
        assertTrue(Double.isNaN(EpeNas.score(new double[][] {R0, ZERO, Q0, Q1}, new int[] {0, 0, 1, 1}, 10)));
        assertTrue(Double.isNaN(EpeNas.score(new double[][] {R0, R1, ZERO}, new int[] {0, 0, 4}, 10)));
        assertEquals(0.0, EpeNas.score(new double[][] {R0, R1, ZERO}, new int[] {0, 0, 4}, 120), 0.0,
                "above 100 classes the lone zero row is skipped, and one class differs from nothing");
    }

    @Test
    void onTheNetworkItReadsTheSharedJacobianAndADisconnectedCellIsNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 9, 4, m);
            double v = new EpeNas().score(context);
            assertEquals(EpeNas.score(context.inputJacobian(), new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, 10), v, 0.0);
            assertTrue(Double.isFinite(v) && v > 0, "value " + v);
            assertTrue(Double.isNaN(new EpeNas().score(Tiny.context(Tiny.DISCONNECTED, 9, 4, m))));
        }
    }
}
