package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UcbMaximizerTest {
    static final UcbMaximizer.Options BAYES_OPT = new UcbMaximizer.Options();

    static double ucb(GaussianProcess gp, double[] x) {
        GaussianProcess.Prediction p = gp.predict(x);
        return p.mean() + 2.576 * p.std();
    }

    static GaussianProcess model(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][dim];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                x[i][c] = -1 + 2 * r.nextDouble();
            }
            y[i] = 50 + 20 * Math.exp(-4 * (x[i][0] - 0.3) * (x[i][0] - 0.3)) + (dim > 1 ? 5 * x[i][1] : 0);
        }
        return GaussianProcess.fit(x, y, new GaussianProcess.Options(), r::nextDouble);
    }

    @Test
    void drawsWarmupPlusRestartsPerCoordinate() {
        GaussianProcess gp = model(6, 3, 1);
        GaussianProcessTest.Counting uniform = new GaussianProcessTest.Counting(2);
        UcbMaximizer.maximize(gp, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, BAYES_OPT, uniform);
        assertEquals((10_000 + 10) * 3, uniform.draws);
    }

    @Test
    void findsTheGridMaximumIn1d() {
        GaussianProcess gp = model(4, 1, 4);
        UcbMaximizer.Maximum m = UcbMaximizer.maximize(gp, new double[] {-1}, new double[] {1}, BAYES_OPT,
                new SplittableRandom(5)::nextDouble);
        double grid = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 100_000; i++) {
            grid = Math.max(grid, ucb(gp, new double[] {-1 + 2 * i / 100_000.0}));
        }
        assertEquals(ucb(gp, m.x()), m.ucb(), 1e-12);
        assertTrue(m.ucb() >= grid - 1e-6, "UCB " + m.ucb() + " below the grid's " + grid);
    }

    @Test
    void findsTheGridMaximumIn2dAndStaysInTheBox() {
        GaussianProcess gp = model(7, 2, 6);
        double[] lo = {-1, -0.5};
        double[] hi = {1, 0.5};
        UcbMaximizer.Maximum m = UcbMaximizer.maximize(gp, lo, hi, BAYES_OPT, new SplittableRandom(7)::nextDouble);
        double grid = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 400; i++) {
            for (int j = 0; j <= 400; j++) {
                grid = Math.max(grid, ucb(gp, new double[] {-1 + 2 * i / 400.0, -0.5 + j / 400.0}));
            }
        }
        assertTrue(m.ucb() >= grid - 1e-6, "UCB " + m.ucb() + " below the grid's " + grid);
        for (int c = 0; c < 2; c++) {
            assertTrue(m.x()[c] >= lo[c] && m.x()[c] <= hi[c], "coordinate " + c + " = " + m.x()[c]);
        }
    }

    @Test
    void warmupOnlyKeepsTheFirstBestDraw() {
        // no local runs: the answer is one of the warm-up draws, the best of them
        GaussianProcess gp = model(5, 2, 8);
        UcbMaximizer.Options options = new UcbMaximizer.Options(2.576, 50, 0, 1e-8);
        UcbMaximizer.Maximum m = UcbMaximizer.maximize(gp, new double[] {-1, -1}, new double[] {1, 1}, options,
                new SplittableRandom(9)::nextDouble);
        SplittableRandom replay = new SplittableRandom(9);
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = null;
        for (int p = 0; p < 50; p++) {
            double[] x = {-1 + 2 * replay.nextDouble(), -1 + 2 * replay.nextDouble()};
            if (ucb(gp, x) > best) {
                best = ucb(gp, x);
                arg = x;
            }
        }
        assertArrayEquals(arg, m.x(), 0);
    }

    @Test
    void rejectsAMismatchedBox() {
        GaussianProcess gp = model(3, 2, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UcbMaximizer.maximize(gp,
                new double[] {-1}, new double[] {1}, BAYES_OPT, Math::random));
        assertTrue(e.getMessage().contains("1 coordinates, the model 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UcbMaximizer.maximize(gp, new double[] {-1, 1},
                new double[] {1, -1}, BAYES_OPT, Math::random));
    }

    /** Not an assertion: the cost of one suggestion (GP fit + acquisition) with 20 points in 6-D. */
    @Test
    void timeOfOneSuggestion() {
        SplittableRandom r = new SplittableRandom(12);
        double[][] x = new double[20][6];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            for (int c = 0; c < 6; c++) {
                x[i][c] = -1 + 2 * r.nextDouble();
            }
            y[i] = 70 + 10 * Math.sin(3 * x[i][0]) * x[i][1] - 4 * x[i][2] * x[i][2] + x[i][5];
        }
        double[] lo = {-1, -1, -1, -1, -1, -1};
        double[] hi = {1, 1, 1, 1, 1, 1};
        int rounds = 30;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long fitNanos = 0;
        long acqNanos = 0;
        long cpuNanos = 0;
        int failed = 0;
        for (int k = 0; k < rounds; k++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            GaussianProcess gp = GaussianProcess.fit(x, y, new GaussianProcess.Options(), r::nextDouble);
            long t1 = System.nanoTime();
            failed += UcbMaximizer.maximize(gp, lo, hi, BAYES_OPT, r::nextDouble).failed();
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            if (k >= rounds / 2) { // the first half warms the JIT up
                cpuNanos += c2 - c0;
                fitNanos += t1 - t0;
                acqNanos += t2 - t1;
            }
        }
        int timed = rounds - rounds / 2;
        System.out.printf("one suggestion, 20 points in 6-D: GP fit %.2f ms + UCB maximisation %.2f ms wall,"
                + " %.2f ms thread CPU (mean of %d after %d warm-up; %d of %d local runs failed)%n",
                fitNanos / 1e6 / timed, acqNanos / 1e6 / timed, cpuNanos / 1e6 / timed, timed, rounds / 2, failed,
                rounds * 10);
    }
}
