package io.trainfree.math;

import static io.trainfree.math.BoReference.matrix;
import static io.trainfree.math.BoReference.named;
import static io.trainfree.math.BoReference.numpyStream;
import static io.trainfree.math.BoReference.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link BayesianOptimizer} against bayes_opt 1.2.0's {@code maximize(init_points=0, n_iter=T-1, acq='ucb')}, as
 * restated in {@code reference/record_bo.py} over scikit-learn 1.2.1 and scipy 1.10.1, with both of bayes_opt's
 * RandomStates seeded alike on both sides: every probe, its target and whether the cache answered it.
 *
 * <p>Two known deviations, both on linear_2d and both from optimisers that stop at the same tolerance on another
 * point, not from a difference in the model (with sklearn's length scale and points Java's suggestion 3 agrees
 * to 4e-9):
 * <ul>
 *   <li>probe 4: the likelihood of 3 points is nearly flat in ln l (|gradient| 6.8e-7 at sklearn's l, 6.5e-6 at
 *       ours, both under pgtol 1e-5), so the fitted l differ by 3e-4 relative (0.421387 vs 0.421513) and the
 *       suggestion by 1.3e-4; probe 5 inherits 7.6e-6 of it;</li>
 *   <li>probe 6: from the tenth L-BFGS-B seed scipy's More-Thuente search reaches the face maximum (1, 0.94433)
 *       with UCB 1.5046382, BoundedLbfgs' Armijo search the corner (1, 1) with 1.5024317, so the warm-up point
 *       (0.99720, 0.93843), UCB 1.5027741, stays best: 6e-3 apart in x, 0.12 % lower in UCB.</li>
 * </ul>
 * The runs then meet again: both answer probes 7 and 8 from the cache at (1, 1).
 */
class BayesianOptimizerReferenceTest {
    /**
     * Each suggestion ends in L-BFGS-B runs that stop at a projected gradient of 1e-5 (see UcbMaximizerReferenceTest),
     * and later GPs see the slightly different points; over 8 probes measured at most 1.3e-6 in x and 3.0e-6 in
     * the (smooth) target. Points on the box's boundary and every point of the piecewise-constant problem agree
     * exactly.
     */
    static final double X = 1e-5;
    static final double TARGET = 1e-5;

    static void assertSameRun(JsonObject c, ToDoubleFunction<double[]> objective) {
        assertSameRun(c, objective, Map.of());
    }

    /** As above; {@code deviations} maps a probe number (from 1) to the larger tolerance a documented cause needs. */
    static void assertSameRun(JsonObject c, ToDoubleFunction<double[]> objective, Map<Integer, Double> deviations) {
        JsonArray expected = c.getAsJsonArray("probes");
        long seed = c.get("seed").getAsLong();
        double[] lo = vector(c.get("lo"));
        double[] hi = vector(c.get("hi"));
        BayesianOptimizer.Run run = BayesianOptimizer.maximize(objective, lo, hi, expected.size(),
                numpyStream(seed), numpyStream(seed), new BayesianOptimizer.Options());
        String name = c.get("name").getAsString();
        assertEquals(expected.size(), run.probes().size(), name);
        for (int t = 0; t < expected.size(); t++) {
            JsonObject e = expected.get(t).getAsJsonObject();
            BayesianOptimizer.Probe p = run.probes().get(t);
            String where = name + " probe " + (t + 1);
            double[] x = vector(e.get("x"));
            if (t == 0) {
                // the space's RandomState alone: the same bits
                assertArrayEquals(x, p.x(), 0, where);
            }
            Double deviation = deviations.get(t + 1);
            for (int i = 0; i < x.length; i++) {
                boolean onBound = x[i] == lo[i] || x[i] == hi[i];
                double tolerance = deviation != null ? deviation : onBound ? 0 : X;
                assertEquals(x[i], p.x()[i], tolerance, where + " coordinate " + i);
            }
            assertEquals(e.get("target").getAsDouble(), p.target(), deviation != null ? deviation : TARGET, where);
            assertEquals(e.get("cached").getAsBoolean(), p.cached(), where + " cached");
        }
    }

    @Test
    void smoothProblemProbesAreBayesOpts() {
        assertSameRun(named("bo", "smooth_2d"),
                w -> Math.sin(3 * w[0]) + Math.cos(2 * w[1]) - 0.5 * (w[0] - 0.2) * (w[0] - 0.2));
    }

    @Test
    void cornerProblemHitsTheCacheWhereBayesOptDoes() {
        JsonObject c = named("bo", "linear_2d");
        assertSameRun(c, w -> w[0] + 0.5 * w[1], Map.of(4, 1e-3, 5, 1e-4, 6, 1e-2));
        // the reference does exercise the cache: probes 7 and 8 repeat the corner (1, 1) of probe 2
        long hits = c.getAsJsonArray("probes").asList().stream()
                .filter(p -> p.getAsJsonObject().get("cached").getAsBoolean()).count();
        assertEquals(2, hits);
    }

    @Test
    void topOneProblemProbesAreBayesOpts() {
        JsonObject c = named("bo", "top1_6d");
        double[][] scores = matrix(c.get("scores"));
        double[] accuracies = vector(c.get("accuracies"));
        // RoBoT's objective in small: the accuracy of the first row with the highest score, summed left to right
        assertSameRun(c, w -> {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < scores.length; i++) {
                double s = 0;
                for (int k = 0; k < w.length; k++) {
                    s += scores[i][k] * w[k];
                }
                if (s > bestScore) {
                    best = i;
                    bestScore = s;
                }
            }
            return accuracies[best];
        });
    }
}
