package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Metric;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.proxy.Swap;
import io.trainfree.proxy.SwapReg;
import io.trainfree.space.Nb201Arch;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SwapRegSweepTest {
    private static final double[] ACCURACY = {1, 2, 3};
    private static final double[] THETA_K = {100, 200, 300};

    /** Equal Psi: log Psi' = -(Theta - mu)^2 / sigma, so mu alone decides the ranking. */
    @Test
    void muAtEitherEndOrInTheMiddleRanksBySize() {
        double[] psi = {Math.E, Math.E, Math.E};
        var sweep = SwapRegSweep.of(psi, THETA_K, ACCURACY, new double[] {300, 100, 200}, new double[] {1e4}, "t");
        assertEquals(1.0, sweep.rho(0, 0), 1e-12); // penalties 4, 1, 0: rising with accuracy
        assertEquals(-1.0, sweep.rho(1, 0), 1e-12);
        // penalties 1, 0, 1: ranks (1.5, 3, 1.5) against (1, 2, 3) have no correlation
        assertEquals(0.0, sweep.rho(2, 0), 1e-12);
        assertTrue(Double.isNaN(sweep.swapRho()), "equal Psi have no rank correlation");
        assertEquals(3, sweep.n());
    }

    /**
     * Psi e^3, e^2, e^1 falls as accuracy rises; with mu = 300 the penalty 4e4/sigma, 1e4/sigma, 0 turns that round
     * once sigma is small: sigma is used as is, not squared (sigma 1e3 squared would leave the ranking as Psi's).
     */
    @Test
    void sigmaWeighsThePenaltyAgainstSwap() {
        double[] psi = {Math.exp(3), Math.exp(2), Math.exp(1)};
        var sweep = SwapRegSweep.of(psi, THETA_K, ACCURACY, new double[] {300}, new double[] {1e3, 1e6}, "t");
        assertEquals(1.0, sweep.rho(0, 0), 1e-12); // -37, -8, 1
        assertEquals(-1.0, sweep.rho(0, 1), 1e-12); // 2.96, 1.99, 1
        assertEquals(-1.0, sweep.swapRho(), 1e-12);
        assertEquals(new SwapRegSweep.Point(300, 1e3, 1.0), sweep.best());
        assertEquals("mu 300 K, sigma 1000: rho 1.0000", sweep.best().toString());
        // the score is SwapReg's, point by point
        var reg = new SwapReg(new Swap(), 300, 1e3, true);
        assertEquals(3 - 4e4 / 1e3, reg.score(psi[0], THETA_K[0]), 1e-12);
        assertEquals(Math.exp(3) * Math.exp(-40), new SwapReg(new Swap(), 300, 1e3, false).score(psi[0], 100),
                1e-30);
    }

    @Test
    void tableHasARowPerMuAndAColumnPerSigma() {
        double[] psi = {Math.exp(3), Math.exp(2), Math.exp(1)};
        var sweep = SwapRegSweep.of(psi, THETA_K, ACCURACY, new double[] {300, 100}, new double[] {1e3, 2.5e6},
                "sweep");
        Table t = sweep.table();
        assertEquals(List.of("mu_k", "sigma_1000", "sigma_2500000"), t.columnNames());
        assertArrayEquals(new String[] {"sigma_1000", "sigma_2500000"}, sweep.sigmaColumns());
        assertArrayEquals(new double[] {300, 100}, t.doubleColumn("mu_k").asDoubleArray());
        assertArrayEquals(new double[] {sweep.rho(0, 0), sweep.rho(1, 0)},
                t.doubleColumn("sigma_1000").asDoubleArray());
        assertEquals("sweep (swap alone -1.000)", t.name());
        assertEquals("sweep over 3 cells: best mu 300 K, sigma 1000: rho 1.0000; swap alone -1.0000", sweep.toString());
    }

    @Test
    void nanCellsAreOmittedAndNanRhoNeverWins() {
        double[] psi = {Math.E, Double.NaN, Math.E, Math.E};
        double[] theta = {100, 150, 200, 300};
        double[] accuracy = {1, 9, 2, 3};
        var sweep = SwapRegSweep.of(psi, theta, accuracy, new double[] {300}, new double[] {1e4}, "t");
        assertEquals(1.0, sweep.rho(0, 0), 1e-12);
        assertEquals(3, sweep.n());
        var flat = SwapRegSweep.of(new double[] {1, 1}, new double[] {5, 5}, new double[] {1, 2},
                new double[] {0}, new double[] {1}, "t");
        assertTrue(Double.isNaN(flat.best().rho()));
    }

    @Test
    void refusesMismatchedInputsAndATableWithoutParams() {
        var e = assertThrows(IllegalArgumentException.class, () -> SwapRegSweep.of(new double[2], new double[3],
                new double[2], new double[] {1}, new double[] {1}, "t"));
        assertTrue(e.getMessage().contains("2, 3 and 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwapRegSweep.of(new double[1], new double[1],
                new double[1], new double[0], new double[] {1}, "t"));
        var onlySwap = ProxyTable.of(List.of("swap"), List.of(new ProxyTable.Row(0, Nb201Arch.fromCode(0),
                new double[] {3})), false);
        e = assertThrows(IllegalArgumentException.class, () -> SwapRegSweep.of(onlySwap, null, Dataset.CIFAR10,
                Metric.TEST_ACCURACY, new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("params"), e.getMessage());
    }
}
