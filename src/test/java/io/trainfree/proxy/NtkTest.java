package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Param;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NtkTest {
    @Test
    void conditionNumberByHand() {
        assertEquals(-4, Ntk.score(new double[][] {{1, 0}, {0, 4}}), 1e-15);
        assertEquals(-3, Ntk.score(new double[][] {{2, 1}, {1, 2}}), 1e-14); // eigenvalues 1 and 3
        assertTrue(Double.isNaN(Ntk.score(new double[][] {{0, 0}, {0, 0}})), "no gradient: 0/0");
        assertEquals(Double.NEGATIVE_INFINITY, Ntk.score(new double[][] {{1, 1}, {1, 1}}), "singular: kappa = inf");
        assertTrue(Double.isNaN(Ntk.score(new double[][] {{1, Double.NaN}, {Double.NaN, 1}})));
    }

    /**
     * The kernel from one forward and N retained-graph backward passes (gradients zeroed in between) against N
     * separate forward and backward passes, each on a fresh copy of the weights, with the Gram matrix summed on the
     * host.
     */
    @Test
    void kernelEqualsSeparatePassesPerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 5;
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 6, m);
            NDArray x = context.batch().images().get(new NDIndex("0:5"));
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Nb201Params p = context.initialParams().copy().requireGradients();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(context.net().forward(p, x).get(i).sum());
                }
                List<Double> row = new ArrayList<>();
                for (Param param : p.params()) {
                    if (param.role().trainable() && param.name().contains("weight")) {
                        for (float g : p.gradient(param.name()).toFloatArray()) {
                            row.add((double) g);
                        }
                    }
                }
                rows.add(row.stream().mapToDouble(Double::doubleValue).toArray());
            }
            double[][] theta = new Ntk(n).kernel(context);
            assertEquals(n, theta.length);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int k = 0; k < rows.get(i).length; k++) {
                        dot += rows.get(i)[k] * rows.get(j)[k];
                    }
                    assertEquals(dot, theta[i][j], 1e-6 * Math.abs(theta[i][i]), "(" + i + ", " + j + ")");
                }
            }
            double v = new Ntk(n).score(context);
            assertTrue(v < -1, "a condition number is at least 1: " + v);
        }
    }

    @Test
    void deterministicAndNaNForADisconnectedCell() {
        try (NDManager m = NDManager.newBaseManager()) {
            double a = new Ntk(4).score(Tiny.context(Tiny.ALL_OPS, 8, 6, m));
            assertEquals(a, new Ntk(4).score(Tiny.context(Tiny.ALL_OPS, 8, 6, m)), 0.0);
            assertTrue(Double.isNaN(new Ntk(4).score(Tiny.context(Tiny.DISCONNECTED, 8, 6, m))));
        }
    }
}
