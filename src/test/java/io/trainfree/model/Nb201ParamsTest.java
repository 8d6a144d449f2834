package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Nb201ParamsTest {
    private static final Nb201Arch ARCH = Nb201ForwardTest.ALL_OPS;

    private static Nb201Net small() {
        return Nb201Net.of(ARCH, 10).withChannels(4).withCellsPerStage(1);
    }

    private static float[] logits(Nb201Net net, long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Nb201ForwardTest.input(m, new Shape(4, 3, 16, 16), 1, DataType.FLOAT32);
            return net.forward(Nb201Params.create(net, m, seed), x).toFloatArray();
        }
    }

    @Test
    void sameSeedGivesIdenticalParametersAndLogitsAndAnotherSeedDoesNot() {
        Nb201Net net = small();
        float[] a = logits(net, 42);
        assertArrayEquals(a, logits(net, 42), 0f);
        assertFalse(Arrays.equals(a, logits(net, 43)));
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 42);
            Nb201Params q = Nb201Params.create(net, m, 42);
            Nb201Params r = Nb201Params.create(net, m, 43);
            for (String name : p.arrays().keySet()) {
                assertArrayEquals(p.get(name).toFloatArray(), q.get(name).toFloatArray(), 0f, name);
            }
            assertFalse(Arrays.equals(p.get("stem.net.0.weight").toFloatArray(),
                    r.get("stem.net.0.weight").toFloatArray()));
            // tensors draw from their own streams: no two weights of a network start alike
            float[] b1 = p.get("reduction1.conv_b.op.1.weight").toFloatArray(); // both [8, 8, 3, 3]
            float[] b2 = p.get("stack_cell2.0.options.2.op.1.weight").toFloatArray();
            assertEquals(b1.length, b2.length);
            assertFalse(Arrays.equals(b1, b2));
        }
    }

    @Test
    void pytorchDefaultInitIsUniformWithinOneOverRootFanIn() {
        Nb201Net net = Nb201Net.of(ARCH, Dataset.CIFAR10);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 7);
            for (Layer.Weighted l : net.scoredLayers()) {
                double bound = 1 / Math.sqrt(l.fanIn());
                float[] w = p.weight(l).toFloatArray();
                double mean = 0;
                double sq = 0;
                for (float v : w) {
                    assertTrue(Math.abs(v) <= bound, l.name());
                    mean += v;
                    sq += (double) v * v;
                }
                mean /= w.length;
                double var = sq / w.length - mean * mean;
                if (w.length >= 10_000) { // U(-b, b): variance b^2 / 3 = 1 / (3 fan_in); relative sd ~ sqrt(0.8 / n)
                    assertEquals(1.0 / (3 * l.fanIn()), var, 0.03 / (3 * l.fanIn()), l.name());
                    assertEquals(0, mean, 4 * bound / Math.sqrt(3 * w.length), l.name());
                }
                if (l.bias()) {
                    for (float v : p.get(l.biasName()).toFloatArray()) {
                        assertTrue(Math.abs(v) <= bound, l.biasName());
                    }
                }
            }
            assertArrayEquals(ones(16), p.get("stem.net.1.weight").toFloatArray(), 0f);
            assertArrayEquals(new float[16], p.get("stem.net.1.bias").toFloatArray(), 0f);
            assertArrayEquals(new float[64], p.get("top.lastact.0.running_mean").toFloatArray(), 0f);
            assertArrayEquals(ones(64), p.get("top.lastact.0.running_var").toFloatArray(), 0f);
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    @Test
    void normalInitHasUnitVarianceWeightsAndZeroBiases() {
        Nb201Net net = Nb201Net.of(ARCH, Dataset.CIFAR10);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, Init.NORMAL, 7);
            float[] w = p.get("stack_cell3.4.options.27.op.1.weight").toFloatArray(); // 64 * 64 * 9 values
            double sq = 0;
            for (float v : w) {
                sq += (double) v * v;
            }
            assertEquals(1.0, sq / w.length, 0.03);
            assertArrayEquals(new float[64], p.get("stack_cell3.4.options.27.op.1.bias").toFloatArray(), 0f);
            assertArrayEquals(new float[10], p.get("classifier.bias").toFloatArray(), 0f);
        }
    }

    /** ZC's l2_norm needs the unused candidate convs: a supernet set agrees with the network's on shared tensors. */
    @Test
    void supernetParametersAgreeWithTheNetworkOnSharedTensors() {
        Nb201Net net = small();
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 5);
            Nb201Params s = Nb201Params.create(net.supernetLayers(), m, Init.PYTORCH_DEFAULT, 5);
            assertTrue(s.arrays().keySet().containsAll(p.arrays().keySet()));
            for (String name : p.arrays().keySet()) {
                assertArrayEquals(p.get(name).toFloatArray(), s.get(name).toFloatArray(), 0f, name);
            }
            // and the supernet parameters run the network too (unused ones are simply not read)
            NDArray x = Nb201ForwardTest.input(m, new Shape(2, 3, 8, 8), 1, DataType.FLOAT32);
            assertArrayEquals(net.forward(p, x).toFloatArray(), net.forward(s, x).toFloatArray(), 0f);
        }
    }

    @Test
    void absAndFloat64ForSynflow() {
        Nb201Net net = small().withoutBatchNorm();
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 5);
            Nb201Params a = p.abs().toType(DataType.FLOAT64);
            assertEquals(DataType.FLOAT64, a.dataType());
            for (String name : p.arrays().keySet()) {
                float[] orig = p.get(name).toFloatArray();
                double[] abs = a.get(name).toDoubleArray();
                for (int i = 0; i < orig.length; i++) {
                    assertEquals(Math.abs((double) orig[i]), abs[i], 0.0, name);
                }
            }
            NDArray ones = m.ones(new Shape(1, 3, 16, 16), DataType.FLOAT64);
            NDArray out = net.forward(a, ones);
            assertEquals(DataType.FLOAT64, out.getDataType());
            assertEquals(new Shape(1, 10), out.getShape());
            var e = assertThrows(IllegalArgumentException.class, () -> net.forward(a, m.ones(new Shape(1, 3, 16, 16))));
            assertTrue(e.getMessage().contains(ARCH.archString()), e.getMessage());
        }
    }

    @Test
    void gradientsArriveInTheTensorsTypeAndAbsentOnesAreZeros() {
        Nb201Net net = small();
        try (NDManager m = NDManager.newBaseManager()) {
            // supernet tensors: the unused candidate convs never see a gradient
            Nb201Params p = Nb201Params.create(net.supernetLayers(), m, Init.PYTORCH_DEFAULT, 5)
                    .toType(DataType.FLOAT64).requireGradients();
            NDArray x = Nb201ForwardTest.input(m, new Shape(2, 3, 8, 8), 1, DataType.FLOAT64);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(p, x).sum());
            }
            NDArray used = p.gradient("classifier.weight");
            assertEquals(DataType.FLOAT64, used.getDataType());
            assertTrue(used.abs().sum().getDouble() > 0);
            NDArray unused = p.gradient("stack_cell1.0.options.3.op.1.weight"); // nor_conv_1x1 on edge 0: not in ARCH
            assertEquals(DataType.FLOAT64, unused.getDataType());
            assertEquals(new Shape(4, 4, 1, 1), unused.getShape());
            assertEquals(0.0, unused.abs().sum().getDouble(), 0.0);
            var e = assertThrows(IllegalStateException.class, () -> p.gradient("top.lastact.0.running_var"));
            assertTrue(e.getMessage().contains("requireGradients"), e.getMessage());
        }
    }

    @Test
    void parametersOfAnotherNetworkAreRefusedNamingBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(small(), m, 5);
            Nb201Net other = Nb201Net.of(Nb201ForwardTest.SECOND, 10).withChannels(4).withCellsPerStage(1);
            NDArray x = m.zeros(new Shape(2, 3, 8, 8));
            var e = assertThrows(IllegalArgumentException.class, () -> other.forward(p, x));
            assertTrue(e.getMessage().contains(Nb201ForwardTest.SECOND.archString())
                    && e.getMessage().contains("stack_cell1.0.options.8.op.1.weight"), e.getMessage());
            Nb201Net wider = small().withChannels(8);
            e = assertThrows(IllegalArgumentException.class, () -> wider.forward(p, x));
            assertTrue(e.getMessage().contains("stem.net.0.weight has shape (4, 3, 3, 3)"), e.getMessage());
        }
    }

    @Test
    void transformsInsideAGradientCollectorAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(small(), m, 5);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                assertThrows(IllegalStateException.class, p::abs);
            }
        }
    }

    @Test
    void paramCountMatchesTheNetwork() {
        Nb201Net net = Nb201Net.of(ARCH, Dataset.CIFAR100).withVariant(Variant.OFFICIAL);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(net.paramCount(), Nb201Params.create(net, m, 1).paramCount());
        }
    }
}
