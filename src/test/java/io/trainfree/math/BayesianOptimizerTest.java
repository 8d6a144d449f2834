package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BayesianOptimizerTest {
    static final BayesianOptimizer.Options BAYES_OPT = new BayesianOptimizer.Options();

    static BayesianOptimizer.Run run(ToDoubleFunction<double[]> f, double[] lo, double[] hi, int probes, long seed) {
        return BayesianOptimizer.maximize(f, lo, hi, probes, new SplittableRandom(seed)::nextDouble,
                new SplittableRandom(seed + 1000)::nextDouble, BAYES_OPT);
    }

    @Test
    void findsTheMaximumOfA1dParabola() {
        List<double[]> calls = new ArrayList<>();
        BayesianOptimizer.Run r = run(x -> {
            calls.add(x);
            return -(x[0] - 0.3) * (x[0] - 0.3);
        }, new double[] {-1}, new double[] {1}, 15, 1);
        assertEquals(15, r.probes().size());
        assertEquals(r.registered().size(), calls.size(), "the objective runs once per registered probe");
        assertEquals(0.3, r.best().x()[0], 0.02, r.probes().toString());
    }

    @Test
    void findsTheMaximumOfA2dQuadratic() {
        BayesianOptimizer.Run r = run(x -> -(x[0] - 0.3) * (x[0] - 0.3) - 2 * (x[1] + 0.5) * (x[1] + 0.5),
                new double[] {-1, -1}, new double[] {1, 1}, 15, 2);
        assertEquals(15, r.probes().size());
        double[] best = r.best().x();
        assertEquals(0.3, best[0], 0.1, r.probes().toString());
        assertEquals(-0.5, best[1], 0.1, r.probes().toString());
        assertTrue(r.best().target() > -0.01, r.probes().toString());
    }

    @Test
    void firstProbeUsesOneSpaceDrawPerCoordinate() {
        double[] lo = {-1, 0, 2};
        double[] hi = {1, 10, 3};
        GaussianProcessTest.Counting space = new GaussianProcessTest.Counting(4);
        GaussianProcessTest.Counting opt = new GaussianProcessTest.Counting(5);
        BayesianOptimizer.Run r = BayesianOptimizer.maximize(x -> x[0] + x[1] - x[2], lo, hi, 3, space, opt,
                BAYES_OPT);
        SplittableRandom replay = new SplittableRandom(4);
        double[] first = new double[3];
        for (int c = 0; c < 3; c++) {
            first[c] = lo[c] + (hi[c] - lo[c]) * replay.nextDouble();
        }
        assertArrayEquals(first, r.probes().get(0).x(), 0);
        assertEquals(3, space.draws, "the space stream serves the first point only");
        assertEquals(2 * (5 + (10_000 + 10) * 3), opt.draws, "5 GP restarts + 10,010 points per suggestion");
    }

    @Test
    void sameStreamsGiveTheSameRun() {
        ToDoubleFunction<double[]> f = x -> Math.sin(3 * x[0]) * Math.cos(2 * x[1]) + x[2];
        double[] lo = {-1, -1, -1};
        double[] hi = {1, 1, 1};
        BayesianOptimizer.Run a = run(f, lo, hi, 8, 7);
        BayesianOptimizer.Run b = run(f, lo, hi, 8, 7);
        for (int t = 0; t < 8; t++) {
            assertArrayEquals(a.probes().get(t).x(), b.probes().get(t).x(), 0, "probe " + t);
            assertEquals(a.probes().get(t).target(), b.probes().get(t).target(), 0);
        }
        assertFalse(java.util.Arrays.equals(a.probes().get(1).x(), run(f, lo, hi, 2, 8).probes().get(1).x()));
    }

    @Test
    void cornerSuggestionsHitTheCache() {
        // a slope: UCB's maximiser is clipped to the corner x = 1 again and again once it has been probed
        List<double[]> calls = new ArrayList<>();
        BayesianOptimizer.Run r = run(x -> {
            calls.add(x);
            return 10 * x[0];
        }, new double[] {-1}, new double[] {1}, 12, 3);
        assertEquals(12, r.probes().size(), "cached probes still count");
        assertTrue(r.cacheHits() > 0, r.probes().toString());
        assertEquals(12 - r.cacheHits(), r.registered().size());
        assertEquals(r.registered().size(), calls.size(), "no objective call for a cached probe");
        for (BayesianOptimizer.Probe p : r.probes()) {
            if (p.cached()) {
                BayesianOptimizer.Probe hit = BayesianOptimizer.lookup(r.registered(), p.x());
                assertNotNull(hit);
                assertEquals(hit.target(), p.target(), 0);
            }
        }
        assertEquals(1.0, r.best().x()[0], 0);
    }

    @Test
    void cacheLookupIsCoordinateWiseEquality() {
        List<BayesianOptimizer.Probe> reg = List.of(new BayesianOptimizer.Probe(new double[] {0.0, 1.0}, 5, false),
                new BayesianOptimizer.Probe(new double[] {0.5, -1.0}, 7, false));
        assertEquals(7, BayesianOptimizer.lookup(reg, new double[] {0.5, -1.0}).target());
        assertEquals(5, BayesianOptimizer.lookup(reg, new double[] {-0.0, 1.0}).target(), "Python: -0.0 == 0.0");
        assertNull(BayesianOptimizer.lookup(reg, new double[] {0.5, Math.nextDown(-1.0)}));
    }

    @Test
    void bestIsTheFirstMaximum() {
        BayesianOptimizer.Run r = new BayesianOptimizer.Run(List.of(), List.of(
                new BayesianOptimizer.Probe(new double[] {1}, 3, false),
                new BayesianOptimizer.Probe(new double[] {2}, 9, false),
                new BayesianOptimizer.Probe(new double[] {3}, 9, false)));
        assertEquals(2, r.best().x()[0]);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> run(x -> 0,
                new double[] {0}, new double[] {1}, 0, 1));
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> run(x -> Double.NaN,
                new double[] {0}, new double[] {1}, 2, 1));
        assertTrue(nan.getMessage().contains("returned NaN"), nan.getMessage());
    }

    /** Not an assertion: a RoBoT-sized workload, 10 runs of 20 probes in [-1, 1]^6. */
    @Test
    void timeOfTenRunsOfTwentyProbesIn6d() {
        double[] lo = {-1, -1, -1, -1, -1, -1};
        double[] hi = {1, 1, 1, 1, 1, 1};
        // piecewise-constant like RoBoT's objective (the top-1 arch changes in jumps)
        ToDoubleFunction<double[]> f = x -> Math.round(20 * Math.tanh(x[0] + 0.5 * x[1] - x[3] * x[4])) / 2.0 + 80;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int hits = 0;
        for (int seed = 10; seed < 20; seed++) {
            hits += run(f, lo, hi, 20, seed).cacheHits();
        }
        System.out.printf("10 runs x 20 probes in 6-D: %.2f s wall, %.2f s thread CPU, %d cache hits%n",
                (System.nanoTime() - t0) / 1e9, (cpu.getCurrentThreadCpuTime() - c0) / 1e9, hits);
    }
}
