package io.trainfree.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.trainfree.model.TorchOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Sgd}, {@link GradientClipping} and {@link CosineSchedule} against PyTorch 2.x (Debian's python3-torch),
 * recorded: {@code torch.optim.SGD(lr, momentum=.9, weight_decay=5e-4, nesterov=True)}, {@code clip_grad_norm_} and
 * {@code CosineAnnealingLR(T_max=4)} on the same numbers, in float64.
 */
class OptimizationTest {
    /** Sets each tensor's gradient to {@code grads[i]} by a backward pass of sum(w * g). */
    private static void gradients(NDManager m, List<NDArray> weights, double[]... grads) {
        weights.forEach(TorchOps::zeroGradient);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < weights.size(); i++) {
                NDArray term = weights.get(i).mul(m.create(grads[i])).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    @Test
    void nesterovSgdWithWeightDecayMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new double[] {1.0, -2.0, 0.5});
            NDArray b = m.create(new double[] {0.3});
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            weights.put("w", w);
            weights.put("b", b);
            try (Sgd sgd = Sgd.nb201(m)) {
                gradients(m, List.of(w, b), new double[] {0.1, 0.2, -0.3}, new double[] {1.0});
                sgd.step(weights, 0.1);
                gradients(m, List.of(w, b), new double[] {-0.4, 0.0, 0.25}, new double[] {-0.5});
                sgd.step(weights, 0.05);
            }
            assertArrayEquals(new double[] {1.0147881570125001, -2.045772704025, 0.5453159197562499},
                    w.toDoubleArray(), 1e-14);
            assertArrayEquals(new double[] {0.11696020135374995}, b.toDoubleArray(), 1e-14);
        }
    }

    @Test
    void aStateRestoredContinuesTheSameSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] runs = new double[2][];
            for (int run = 0; run < 2; run++) {
                NDArray w = m.create(new double[] {1.0, -2.0});
                w.setRequiresGradient(true);
                Map<String, NDArray> weights = Map.of("w", w);
                Sgd sgd = Sgd.nb201(m);
                gradients(m, List.of(w), new double[] {0.5, -1});
                sgd.step(weights, 0.1);
                if (run == 1) { // a new optimizer from the first one's state, as after a checkpoint
                    var state = sgd.state();
                    sgd.close();
                    sgd = Sgd.nb201(m);
                    sgd.restore(state);
                }
                gradients(m, List.of(w), new double[] {0.25, 2});
                sgd.step(weights, 0.1);
                sgd.close();
                runs[run] = w.toDoubleArray();
            }
            assertArrayEquals(runs[0], runs[1], 0.0);
        }
    }

    @Test
    void clippingByTheGlobalNormMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new double[] {3, 4});
            NDArray c = m.create(new double[] {12});
            assertEquals(13.0, GradientClipping.clipByGlobalNorm(List.of(a, c), 5), 1e-12);
            assertArrayEquals(new double[] {1.1538460650887643, 1.5384614201183524}, a.toDoubleArray(), 1e-14);
            assertArrayEquals(new double[] {4.615384260355057}, c.toDoubleArray(), 1e-14);
            NDArray small = m.create(new double[] {0.3, 0.4});
            assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(small), 5), 1e-12);
            assertArrayEquals(new double[] {0.3, 0.4}, small.toDoubleArray(), 0.0, "under the norm: untouched");
            NDArray nan = m.create(new double[] {Double.NaN});
            assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(List.of(nan), 5)), "a diverged step shows");
        }
    }

    @Test
    void cosineScheduleMatchesPyTorch() {
        var s = new CosineSchedule(0.1, 4, 0);
        double[] torch = {0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0};
        for (int e = 0; e < torch.length; e++) {
            assertEquals(torch[e], s.lr(e), 1e-15, "epoch " + e);
        }
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 5, 0.2));
    }

    @Test
    void sgdRefusesWhatItCannotDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new Sgd(0, 5e-4, true, m));
            assertThrows(IllegalArgumentException.class, () -> new Sgd(1.0, 0, false, m));
            NDArray w = m.create(new double[] {1});
            try (Sgd sgd = Sgd.nb201(m)) {
                var e = assertThrows(IllegalStateException.class, () -> sgd.step(Map.of("stem.0.weight", w), 0.1));
                assertTrue(e.getMessage().contains("stem.0.weight"), e.getMessage());
            }
        }
    }
}
