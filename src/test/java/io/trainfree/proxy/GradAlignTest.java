package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradAlignTest {
    private static double[][] gram(List<double[]> rows) {
        int n = rows.size();
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < rows.get(i).length; k++) {
                    g[i][j] += rows.get(i)[k] * rows.get(j)[k];
                }
            }
        }
        return g;
    }

    /** Mean cosine to the mean unit vector, with the unit vectors and their mean formed explicitly. */
    @Test
    void alignmentIsTheMeanCosineToTheMeanDirection() {
        var rng = new SplittableRandom(4);
        int n = 6;
        int d = 5;
        List<double[]> g = new ArrayList<>();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            double norm = 0;
            for (int k = 0; k < d; k++) {
                v[k] = rng.nextGaussian() + 0.5; // a common direction, so the mean is not near zero
                norm += v[k] * v[k];
            }
            g.add(v);
            for (int k = 0; k < d; k++) {
                mean[k] += v[k] / Math.sqrt(norm) / n;
            }
        }
        double expected = 0;
        double mNorm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
        for (double[] v : g) {
            double dot = 0;
            double norm = 0;
            for (int k = 0; k < d; k++) {
                dot += v[k] * mean[k];
                norm += v[k] * v[k];
            }
            expected += dot / Math.sqrt(norm) / mNorm / n;
        }
        double[][] k = new SampleGradients(gram(g)).normalised();
        assertEquals(expected, GradAlignSpecI.score(k), 1e-12);
        assertEquals(mNorm, GradAlignSpecI.score(k), 1e-12, "the mean cosine equals |m|");
        // by hand: two equal directions align fully; two orthogonal ones at 1/sqrt(2); opposite ones leave m = 0
        assertEquals(1, GradAlignSpecI.score(new double[][] {{1, 1}, {1, 1}}), 1e-15);
        assertEquals(Math.sqrt(0.5), GradAlignSpecI.score(new double[][] {{1, 0}, {0, 1}}), 1e-15);
        assertTrue(Double.isNaN(GradAlignSpecI.score(new double[][] {{1, -1}, {-1, 1}})));
    }

    @Test
    void logDetOfTheNormalisedGramByHand() {
        double c = 0.6;
        double eps = GradAlignSpecII.RIDGE * 2;
        double expected = Math.log((1 + eps) * (1 + eps) - c * c);
        // the raw Gram of gradients with norms 2 and 3 at cosine 0.6: K does not see the norms
        double[][] k = new SampleGradients(new double[][] {{4, 0.6 * 6}, {0.6 * 6, 9}}).normalised();
        assertEquals(expected, GradAlignSpecII.logDet(k), 1e-12);
        assertTrue(Double.isNaN(GradAlignSpecII.logDet(new SampleGradients(new double[][] {{0, 0}, {0, 1}})
                .normalised())), "a zero gradient");
    }

    /**
     * The shared pass against the loss pass of one-image contexts (same seed, same initial weights): the gradient of
     * image i's cross-entropy alone is the loss-pass gradient of a batch holding only image i.
     */
    @Test
    void perSampleGramEqualsLossPassesOfOneImageBatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 4;
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 12, m);
            BatchSampler sampler = BatchSampler.evaluation(Tiny.images(8, 99));
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Batch one = sampler.batch(new int[] {i}, new SplittableRandom(0), m);
                ProxyContext single = new ProxyContext(context.net(), Dataset.CIFAR10, m, one, 12);
                List<Double> row = new ArrayList<>();
                for (NDArray g : single.lossPass().gradients()) {
                    for (float v : g.toFloatArray()) {
                        row.add((double) v);
                    }
                }
                rows.add(row.stream().mapToDouble(Double::doubleValue).toArray());
            }
            double[][] expected = gram(rows);
            double agreement = 0;
            for (int k = 0; k < rows.get(0).length; k++) {
                int sum = 0;
                for (double[] r : rows) {
                    sum += (int) Math.signum(r[k]);
                }
                agreement += Math.abs(sum);
            }
            assertEquals(agreement, new GradSign(GradSign.Kind.CONFLICT, n).score(context), 0.0,
                    "grad_conflict: sum over weights of |sum of the samples' signs|");
            assertEquals(new GradAlignSpecI(n).score(context), new GradSign(GradSign.Kind.ANGLE, n).score(context),
                    0.0, "grad_angle is the gradalign_i placeholder");
            SampleGradients pass = SampleGradients.of(context, n);
            assertSame(pass, SampleGradients.of(context, n), "one pass per context and N");
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(expected[i][j], pass.gram()[i][j], 1e-6 * expected[i][i], "(" + i + ", " + j + ")");
                }
            }
            double i1 = new GradAlignSpecI(n).score(context);
            assertTrue(i1 > -1 && i1 < 1, "gradalign_i " + i1);
            double lk = new GradAlignSpecII(n, GradAlignSpecII.Orientation.LOG_DET).score(context);
            assertTrue(lk < 0, "log det of a correlation matrix is <= 0: " + lk);
            assertEquals(-lk, new GradAlignSpecII(n, GradAlignSpecII.Orientation.NEGATED).score(context), 0.0);
        }
    }

    @Test
    void aDisconnectedCellHasNoGradientAndGivesNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.DISCONNECTED, 8, 12, m);
            assertTrue(Double.isNaN(new GradAlignSpecI(3).score(context)));
            assertTrue(Double.isNaN(new GradAlignSpecII(3, GradAlignSpecII.Orientation.LOG_DET).score(context)));
        }
    }
}
