package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.trainfree.model.Init;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import io.trainfree.model.Variant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZenTest {
    @Test
    void runningVarianceOfATrackingNormByHand() {
        // from 1, momentum 0.1: channel 0: 1.1 then 1.09; channel 1: 1.3 then 1.27
        assertEquals((1.09 + 1.27) / 2, Zen.trackedVarianceMean(List.of(new double[] {2, 4}, new double[] {1, 1})),
                1e-15);
        try (NDManager m = NDManager.newBaseManager()) {
            // [2, 2, 1, 2]: channel 0 holds 1, 2, 3, 6 (mean 3, squares 4+1+0+9 = 14); channel 1 all 5
            NDArray y = m.create(new float[] {1, 2, 5, 5, 3, 6, 5, 5}, new Shape(2, 2, 1, 2));
            assertArrayEquals(new double[] {14.0 / 3, 0}, Zen.unbiasedChannelVariance(y), 1e-12);
        }
    }

    /** The proxy against the same steps done on the host: Gaussian inputs, features, tracked running variances. */
    @Test
    void scoreEqualsTheDefinitionComputedOnTheHost() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 4, 21, m);
            Nb201Net net = context.net();
            Nb201Params p = Nb201Params.create(net, m, Init.NORMAL, Tensors.seed(21, "zen-weights", 0));
            var rng = new SplittableRandom(Tensors.seed(21, "zen-inputs", 0));
            int size = 5 * 3 * Tiny.SIDE * Tiny.SIDE;
            float[] x = new float[size];
            float[] eps = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < size; i++) {
                eps[i] = (float) rng.nextGaussian();
            }
            Shape shape = new Shape(5, 3, Tiny.SIDE, Tiny.SIDE);
            NDArray mixed = m.create(x, shape).add(m.create(eps, shape).mul(0.01)); // x + alpha eps, as torch does it
            float[][] f = new float[2][];
            net.forward(p, m.create(x, shape), Recorder.features(a -> f[0] = a.toFloatArray()));
            net.forward(p, mixed, Recorder.features(a -> f[1] = a.toFloatArray()));
            double delta = 0;
            for (int i = 0; i < f[0].length; i++) {
                delta += Math.abs((double) f[0][i] - f[1][i]);
            }
            delta /= 5;
            double bn = 0;
            int tracked = 0;
            for (Layer l : net.layers()) {
                if (l instanceof Layer.BatchNorm norm && norm.tracked()) {
                    float[] rv = p.get(norm.name() + ".running_var").toFloatArray();
                    double mean = 0;
                    for (float v : rv) {
                        mean += v;
                    }
                    bn += Math.log(Math.sqrt(mean / rv.length));
                    tracked++;
                }
            }
            assertEquals(6, tracked, "stem, 2 x 2 reductions, head");
            double expected = Math.log(delta) + bn;
            assertEquals(expected, new Zen(5, 1, 0.01, false).score(context), 1e-7 * Math.abs(expected));
        }
    }

    /**
     * Counting the zero-cost network's untracked cell BNs as if they tracked statistics gives what the official
     * network, whose cell BNs do track them (in libtorch), gives: with N(0, 1) weights, zero biases, gamma 1 and beta 0
     * the two networks compute the same function on the same weights.
     */
    @Test
    void emulatedCellNormsMatchTheOfficialNetworksTrackedOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext zeroCost = Tiny.context(Tiny.ALL_OPS, 4, 8, m);
            ProxyContext official = Tiny.context(zeroCost.net().withVariant(Variant.OFFICIAL), 4, 8, m);
            Zen zen = new Zen(6, 2, 0.01, true);
            double emulated = zen.score(zeroCost);
            assertEquals(zen.score(official), emulated, 1e-5);
            assertNotEquals(new Zen(6, 2, 0.01, false).score(zeroCost), emulated, 1e-3, "cell BNs count");
        }
    }

    @Test
    void deterministicAndMinusInfinityForADisconnectedCell() {
        try (NDManager m = NDManager.newBaseManager()) {
            Zen zen = new Zen(4, 2, 0.01, true);
            double a = zen.score(Tiny.context(Tiny.ALL_OPS, 4, 8, m));
            assertEquals(a, zen.score(Tiny.context(Tiny.ALL_OPS, 4, 8, m)), 0.0);
            assertNotEquals(a, zen.score(Tiny.context(Tiny.ALL_OPS, 4, 9, m)), 0.0, "another seed, other draws");
            assertEquals(Double.NEGATIVE_INFINITY, zen.score(Tiny.context(Tiny.DISCONNECTED, 4, 8, m)));
        }
    }
}
