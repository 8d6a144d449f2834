package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.trainfree.space.Nb201Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The forward pass against hand computations and against {@link ReferenceNb201}, a plain-Java network. */
class Nb201ForwardTest {
    /** Every op once: conv3x3, avg_pool, conv1x1, skip, none, conv3x3. */
    static final Nb201Arch ALL_OPS = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
    static final Nb201Arch SECOND = Nb201Arch.parse(
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_3x3~2|");

    static double[] randoms(int n, long seed) {
        var rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    static NDArray input(NDManager m, Shape shape, long seed, DataType type) {
        NDArray d = m.create(randoms((int) shape.size(), seed), shape);
        return type == DataType.FLOAT64 ? d : d.toType(type, false);
    }

    static Map<String, double[]> values(Nb201Params p) {
        var map = new HashMap<String, double[]>();
        p.arrays().forEach((k, a) -> map.put(k, a.toType(DataType.FLOAT64, true).toDoubleArray()));
        return map;
    }

    static ReferenceNb201.T tensor(NDArray a) {
        Shape s = a.getShape();
        return new ReferenceNb201.T(a.toType(DataType.FLOAT64, true).toDoubleArray(), (int) s.get(0), (int) s.get(1),
                (int) s.get(2), (int) s.get(3));
    }

    /** A small net for {@code arch}: C=3, N=2, 10 classes. */
    static Nb201Net small(Nb201Arch arch) {
        return Nb201Net.of(arch, 10).withChannels(3).withCellsPerStage(2);
    }

    /** Random, not PyTorch-default, values everywhere (gamma, beta, running stats too), so every term matters. */
    static Nb201Params randomised(Nb201Net net, NDManager m, long seed) {
        try (Nb201Params p = Nb201Params.create(net, m, seed)) {
            var rng = new SplittableRandom(seed);
            return p.map((param, a) -> {
                double[] v = randoms((int) param.size(), rng.nextLong());
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (param.role()) {
                        case WEIGHT -> v[i] / Math.sqrt(param.shape().size() / param.shape().get(0));
                        case GAMMA, RUNNING_VAR -> 0.5 + Math.abs(v[i]);
                        default -> 0.3 * v[i];
                    };
                }
                return m.create(v, param.shape()).toType(DataType.FLOAT32, false);
            });
        }
    }

    // ---- the cell, the ops ---------------------------------------------------------------------------------------

    @Test
    void cellOfSkipConnectionsIsFourTimesItsInput() {
        Nb201Arch skips = Nb201Arch.parse(
                "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
        Nb201Net net = Nb201Net.of(skips, 10).withChannels(2).withCellsPerStage(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            NDArray x = input(m, new Shape(2, 2, 4, 4), 7, DataType.FLOAT32);
            float[] out = net.firstCell(p, x, Recorder.NONE).toFloatArray(); // node1 = x, node2 = 2x, node3 = 4x
            float[] in = x.toFloatArray();
            for (int i = 0; i < in.length; i++) {
                assertEquals(4 * in[i], out[i], 0.0, "element " + i);
            }
        }
    }

    @Test
    void cellOfNoneIsZeroWithZeroGradient() {
        Nb201Arch nones = Nb201Arch.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Nb201Arch skips = Nb201Arch.parse(
                "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|"); // node 3 = 0: still zero
        for (Nb201Arch arch : List.of(nones, skips)) {
            Nb201Net net = Nb201Net.of(arch, 10).withChannels(2).withCellsPerStage(1);
            try (NDManager m = NDManager.newBaseManager()) {
                Nb201Params p = Nb201Params.create(net, m, 1);
                NDArray x = input(m, new Shape(2, 2, 4, 4), 3, DataType.FLOAT32);
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = net.firstCell(p, x, Recorder.NONE);
                    gc.backward(y.sum());
                }
                assertTrue(y.eq(0).all().getBoolean(), arch + ": output " + y);
                assertArrayEquals(new float[64], x.getGradient().toFloatArray(), 0f, arch.toString());
            }
        }
        // the same test fails for a connected cell: skip on 0->3 passes the gradient 1
        Nb201Net net = Nb201Net.of(nones.withOp(3, Nb201Op.SKIP_CONNECT), 10).withChannels(2).withCellsPerStage(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = input(m, new Shape(1, 2, 4, 4), 3, DataType.FLOAT32);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.firstCell(Nb201Params.create(net, m, 1), x, Recorder.NONE).sum());
            }
            assertEquals(32f, x.getGradient().sum().getFloat(), 0f);
        }
    }

    private static Nb201Forward forwardOf(Nb201Net net, Nb201Params p, boolean training) {
        return new Nb201Forward(net, p, training, Recorder.NONE);
    }

    @Test
    void averagePoolDividesBordersByTheirValidCells() {
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            NDArray x = m.arange(9f).reshape(1, 1, 3, 3);
            // by hand: corners average 4 cells, edges 6, the centre 9
            float[] expected = {2f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f};
            assertArrayEquals(expected, forwardOf(net, p, true).avgPool3x3(x).toFloatArray(), 1e-6f);

            NDArray r = input(m, new Shape(2, 3, 5, 6), 11, DataType.FLOAT64);
            NDArray r64 = forwardOf(net, p.toType(DataType.FLOAT64), true).avgPool3x3(r);
            assertArrayEquals(ReferenceNb201.avgPool3(tensor(r)).v(), r64.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void batchNormUsesBatchStatisticsAndUpdatesRunningOnesLikePyTorch() {
        var plain = new Layer.BatchNorm("plain", 4, false, false);
        var tracked = new Layer.BatchNorm("tracked", 4, true, true);
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(List.of(plain, tracked), m, Init.PYTORCH_DEFAULT, 1)
                    .map((param, a) -> param.role() == Param.Role.GAMMA ? m.create(new float[] {1f, 2f, 0.5f, 3f})
                            : param.role() == Param.Role.BETA ? m.create(new float[] {0f, -1f, 2f, 0.25f})
                            : a.duplicate());
            NDArray x = input(m, new Shape(3, 4, 5, 5), 5, DataType.FLOAT32).mul(3).add(1);
            var ref = new ReferenceNb201(net, values(p), false);

            float[] y = forwardOf(net, p, true).batchNorm(plain, x).toFloatArray();
            assertArrayEquals(toFloat(ref.bn(tensor(x), "plain", false).v()), y, 2e-6f);

            float[] z = forwardOf(net, p, true).batchNorm(tracked, x).toFloatArray();
            assertArrayEquals(toFloat(ref.bn(tensor(x), "tracked", true).v()), z, 2e-6f);
            // running mean 0.9 * 0 + 0.1 * mean, running var 0.9 * 1 + 0.1 * unbiased var
            assertArrayEquals(toFloat(ref.running.get("tracked.running_mean")),
                    p.get("tracked.running_mean").toFloatArray(), 1e-6f);
            assertArrayEquals(toFloat(ref.running.get("tracked.running_var")),
                    p.get("tracked.running_var").toFloatArray(), 1e-5f);

            // evaluation: the running statistics, untouched
            var evalRef = new ReferenceNb201(net, values(p), true);
            float[] e = forwardOf(net, p, false).batchNorm(tracked, x).toFloatArray();
            assertArrayEquals(toFloat(evalRef.bn(tensor(x), "tracked", true).v()), e, 2e-6f);
            assertArrayEquals(toFloat(ref.running.get("tracked.running_var")),
                    p.get("tracked.running_var").toFloatArray(), 1e-5f);
        }
    }

    @Test
    void convolutionMatchesPlainJava() {
        var ones = new Layer.Conv2d("ones", 2, 3, 3, 1, 1, false);
        var strided = new Layer.Conv2d("strided", 2, 4, 3, 2, 1, true);
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(List.of(ones, strided), m, Init.PYTORCH_DEFAULT, 9)
                    .map((param, a) -> param.name().startsWith("ones") ? m.ones(param.shape()) : a.duplicate());
            NDArray x = input(m, new Shape(2, 2, 6, 6), 2, DataType.FLOAT32);
            var ref = new ReferenceNb201(net, values(p), false);
            float[] y = forwardOf(net, p, true).conv(ones, x).toFloatArray();
            assertArrayEquals(toFloat(ref.conv(tensor(x), "ones", 3, 1, 1, false).v()), y, 1e-5f);
            NDArray s = forwardOf(net, p, true).conv(strided, x);
            assertEquals(new Shape(2, 4, 3, 3), s.getShape());
            assertArrayEquals(toFloat(ref.conv(tensor(x), "strided", 3, 2, 1, true).v()), s.toFloatArray(), 1e-5f);
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    // ---- the whole network against the plain-Java one ---------------------------------------------------------------

    private static void assertClose(double[][] expected, NDArray actual, double tolerance, String what) {
        double[] a = actual.toType(DataType.FLOAT64, true).toDoubleArray();
        int k = expected[0].length;
        for (int n = 0; n < expected.length; n++) {
            for (int c = 0; c < k; c++) {
                double e = expected[n][c];
                assertEquals(e, a[n * k + c], tolerance * Math.max(1, Math.abs(e)), what + " logit [" + n + "," + c
                        + "]");
            }
        }
    }

    @Test
    void networkMatchesThePlainJavaNetworkInFloat64() {
        List<Nb201Net> nets = new ArrayList<>();
        for (Nb201Arch arch : List.of(ALL_OPS, SECOND)) {
            nets.add(small(arch));
            nets.add(small(arch).withVariant(Variant.OFFICIAL));
            nets.add(small(arch).withoutBatchNorm());
        }
        for (Nb201Net net : nets) {
            try (NDManager m = NDManager.newBaseManager()) {
                Nb201Params p = randomised(net, m, 21).toType(DataType.FLOAT64);
                NDArray x = input(m, new Shape(3, 3, 8, 8), 4, DataType.FLOAT64);
                var ref = new ReferenceNb201(net, values(p), false);
                double[][] expected = ref.logits(tensor(x));
                NDArray logits = net.forward(p, x);
                assertEquals(DataType.FLOAT64, logits.getDataType());
                assertClose(expected, logits, 1e-10, net.toString());
                for (var e : ref.running.entrySet()) { // running statistics after one training pass
                    assertArrayEquals(e.getValue(), p.get(e.getKey()).toDoubleArray(), 1e-10, net + " " + e.getKey());
                }
                var evalRef = new ReferenceNb201(net, values(p), true);
                assertClose(evalRef.logits(tensor(x)), net.infer(p, x), 1e-10, net + " (eval)");
            }
        }
    }

    @Test
    void networkMatchesThePlainJavaNetworkInFloat32() {
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 3);
            NDArray x = input(m, new Shape(4, 3, 8, 8), 4, DataType.FLOAT32);
            double[][] expected = new ReferenceNb201(net, values(p), false).logits(tensor(x));
            NDArray logits = net.forward(p, x);
            assertEquals(DataType.FLOAT32, logits.getDataType());
            assertClose(expected, logits, 1e-4, net.toString());
        }
    }

    /** Gradients through every op (BN, the rescaled pool, none, skip) against central differences of the reference. */
    @Test
    void gradientsMatchFiniteDifferencesOfThePlainJavaNetwork() {
        Nb201Net net = small(ALL_OPS).withCellsPerStage(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = randomised(net, m, 8).toType(DataType.FLOAT64).requireGradients();
            NDArray x = input(m, new Shape(3, 3, 8, 8), 6, DataType.FLOAT64);
            double[] r = randoms(3 * 10, 99);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(p, x).mul(m.create(r, new Shape(3, 10))).sum());
            }
            String[][] probes = {
                {"stem.net.0.weight", "5"}, {"stem.net.1.weight", "1"},
                {"stack_cell1.0.options.2.op.1.weight", "7"}, {"stack_cell1.0.options.2.op.1.bias", "0"},
                {"stack_cell2.0.options.13.op.1.weight", "3"}, {"stack_cell3.0.options.27.op.1.weight", "20"},
                {"reduction1.residual.1.weight", "2"}, {"reduction2.conv_a.op.1.weight", "40"},
                {"reduction2.conv_b.op.2.bias", "1"}, {"top.lastact.0.weight", "4"}, {"classifier.weight", "17"}};
            Map<String, double[]> base = values(p);
            ReferenceNb201.T in = tensor(x);
            for (String[] probe : probes) {
                int i = Integer.parseInt(probe[1]);
                double h = 1e-6;
                double[] plus = loss(net, base, probe[0], i, h, in, r);
                double[] minus = loss(net, base, probe[0], i, -h, in, r);
                double fd = (plus[0] - minus[0]) / (2 * h);
                double g = p.gradient(probe[0]).toDoubleArray()[i];
                assertEquals(fd, g, 1e-6 * Math.max(1, Math.abs(fd)), probe[0] + "[" + i + "]");
                if (probe[0].contains("options") && probe[0].endsWith(".bias")) {
                    assertEquals(0.0, g, 1e-12, "a cell conv's bias is cancelled by the batch-statistics BN after it");
                } else {
                    assertNotEquals(0.0, g, probe[0] + "[" + i + "] should matter");
                }
            }
        }
    }

    private static double[] loss(Nb201Net net, Map<String, double[]> base, String name, int i, double h,
            ReferenceNb201.T x, double[] r) {
        var shifted = new HashMap<>(base);
        double[] v = base.get(name).clone();
        v[i] += h;
        shifted.put(name, v);
        double[][] logits = new ReferenceNb201(net, shifted, false).logits(x);
        double s = 0;
        for (int n = 0; n < logits.length; n++) {
            for (int c = 0; c < logits[n].length; c++) {
                s += logits[n][c] * r[n * logits[n].length + c];
            }
        }
        return new double[] {s};
    }

    // ---- what a recorder sees ---------------------------------------------------------------------------------------

    @Test
    void recorderSeesEveryExecutedReluEveryScoredLayerAndTheFeatures() {
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            NDArray x = input(m, new Shape(2, 3, 8, 8), 4, DataType.FLOAT32);
            List<String> relus = new ArrayList<>();
            List<String> layers = new ArrayList<>();
            List<Shape> features = new ArrayList<>();
            Recorder r = Recorder.relus((site, in, out) -> {
                relus.add(site);
                assertEquals(4, in.getShape().dimension(), site);
                assertTrue(in.maximum(0).eq(out).all().getBoolean(), site + ": output is relu(input)");
            }).andThen(Recorder.layerOutputs((l, y) -> {
                layers.add(l.name());
                return y;
            })).andThen(Recorder.features(f -> features.add(f.getShape())));
            net.forward(p, x, r);
            // 3 conv edges in each of 6 cells, 2 per reduction block, 1 in the head
            assertEquals(3 * 6 + 2 * 2 + 1, relus.size(), relus.toString());
            assertTrue(relus.contains("stack_cell1.0.options.2.op.0"), relus.toString());
            assertTrue(relus.contains("reduction2.conv_b.op.0"), relus.toString());
            assertEquals("top.lastact.1", relus.get(relus.size() - 1));
            assertEquals(net.scoredLayers().stream().map(Layer::name).sorted().toList(),
                    layers.stream().sorted().toList());
            assertEquals(List.of(new Shape(2, 12, 2, 2)), features);
        }
    }

    @Test
    void layerOutputsReplacedByTheRecorderAreUsed() {
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            NDArray x = input(m, new Shape(2, 3, 8, 8), 4, DataType.FLOAT32);
            float[] plain = net.forward(p, x).toFloatArray();
            float[] doubled = net.forward(p, x, Recorder.layerOutputs(
                    (l, y) -> l.name().equals("classifier") ? y.mul(2) : y)).toFloatArray();
            for (int i = 0; i < plain.length; i++) {
                assertEquals(2 * plain[i], doubled[i], 1e-6f);
            }
        }
    }

    // ---- shapes, the disconnected cell, bad inputs ---------------------------------------------------------------

    @Test
    void logitsHaveOneColumnPerClassOnEveryDataset() {
        Nb201Arch arch = SECOND;
        for (Dataset d : Dataset.values()) {
            Nb201Net net = Nb201Net.of(arch, d);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = input(m, new Shape(2, 3, d.resolution(), d.resolution()), 1, DataType.FLOAT32);
                assertEquals(new Shape(2, d.numClasses()), net.forward(Nb201Params.create(net, m, 1), x).getShape(),
                        d.id());
            }
        }
    }

    /**
     * A cell with no path to its output gives exactly 0; every later layer then sees zeros (BN of zeros is beta = 0,
     * ReLU and pooling keep 0), so every sample's logits are exactly the classifier's bias.
     */
    @Test
    void disconnectedCellGivesZeroAndTheNetworkOnlyItsClassifierBias() {
        Nb201Arch arch = Nb201Arch.parse(
                "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|none~0|none~1|none~2|");
        assertTrue(!arch.isConnected());
        Nb201Net net = small(arch);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            NDArray x = input(m, new Shape(2, 3, 8, 8), 4, DataType.FLOAT32);
            NDArray cellIn = input(m, new Shape(2, 3, 8, 8), 5, DataType.FLOAT32);
            assertTrue(net.firstCell(p, cellIn, Recorder.NONE).eq(0).all().getBoolean());
            float[] logits = net.forward(p, x).toFloatArray();
            float[] bias = p.get("classifier.bias").toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 10; k++) {
                    assertEquals(bias[k], logits[n * 10 + k], 0f);
                }
            }
        }
    }

    @Test
    void badInputsAreRefusedNamingTheNetwork() {
        Nb201Net net = small(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p = Nb201Params.create(net, m, 1);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(p, m.zeros(new Shape(2, 3, 10, 10))));
            assertTrue(e.getMessage().contains(ALL_OPS.archString()) && e.getMessage().contains("multiples of 4"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> net.forward(p, m.zeros(new Shape(2, 1, 8, 8))));
            assertTrue(e.getMessage().contains("[N, 3, H, W]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(p, m.zeros(new Shape(2, 3, 8, 8), DataType.FLOAT64)));
            assertTrue(e.getMessage().contains("float64") || e.getMessage().contains("FLOAT64"), e.getMessage());
        }
    }
}
