package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.ProcessMemory;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.Slow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * grasp and its Hessian-gradient product: against central differences of the gradient and against an identity of
 * batch-normalised layers (both in float64), the float32 proxy against its float64 recomputation, a disconnected cell,
 * repeated evaluation, garbage collections between the passes, and flat native memory over hundreds of networks.
 */
class GraspTest {
    /** Every op once (none on 1->3). */
    static final Nb201Arch ALL_OPS = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
    /** none on every edge into node 3: the cell's output is zero whatever its input. */
    static final Nb201Arch DISCONNECTED = Nb201Arch.parse(
            "|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|none~1|none~2|");

    static Nb201Net tiny(Nb201Arch arch) {
        return Nb201Net.of(arch, 10).withChannels(4).withCellsPerStage(1);
    }

    /** Random CIFAR-10-like images of side {@code side}, random labels. */
    static ImageSet images(int side, int count, long seed) {
        var rng = new SplittableRandom(seed);
        int[] labels = new int[count];
        byte[] pixels = new byte[count * 3 * side * side];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(10);
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        return ImageSet.of(Dataset.CIFAR10, side, labels, pixels);
    }

    static Batch batch(NDManager m, int side, int size) {
        return BatchSampler.evaluation(images(side, 16, 11)).first(size, m);
    }

    /** dL/dW of the scored weights at {@code p0 + h * direction} (direction: one array per scored layer, or null). */
    static List<NDArray> gradients(Nb201Net net, Nb201Params p0, List<NDArray> direction, double h, NDArray x,
            NDArray labels) {
        List<Layer.Weighted> layers = net.scoredLayers();
        Map<String, NDArray> step = new HashMap<>();
        for (int l = 0; direction != null && l < layers.size(); l++) {
            step.put(layers.get(l).weightName(), direction.get(l).mul(h));
        }
        Nb201Params p = p0.map((param, a) -> step.containsKey(param.name()) ? a.add(step.get(param.name()))
                : a.duplicate()).requireGradients();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(ProxyContext.crossEntropy(net.forward(p, x), labels));
        }
        var out = new ArrayList<NDArray>(layers.size());
        for (Layer.Weighted l : layers) {
            out.add(p.gradient(l));
        }
        return out;
    }

    static List<NDArray> weights(Nb201Net net, Nb201Params p) {
        return net.scoredLayers().stream().map(p::weight).toList();
    }

    static double sum(NDArray a) {
        return a.sum().toType(DataType.FLOAT64, false).getDouble();
    }

    // ---- agreement with other computations ----------------------------------------------------------------------

    @Test
    void hessianGradientAgreesWithCentralDifferencesOfTheGradient() {
        Nb201Net net = tiny(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, 8, 4);
            NDArray x = b.images().toType(DataType.FLOAT64, true);
            Nb201Params p0 = Nb201Params.create(net, m, 3).toType(DataType.FLOAT64);
            List<NDArray> g = gradients(net, p0, null, 0, x, b.labels());
            List<NDArray> hg = Grasp.hessianGradient(net, p0, x, b.labels(), g, m);

            // (grad L(W + h g) - grad L(W - h g)) / 2h = Hg + O(h^2); h this small because of the ReLU kinks
            double gMax = 0;
            for (NDArray v : g) {
                gMax = Math.max(gMax, v.abs().max().getDouble());
            }
            double h = 1e-7 / gMax;
            List<NDArray> plus = gradients(net, p0, g, h, x, b.labels());
            List<NDArray> minus = gradients(net, p0, g, -h, x, b.labels());
            double worst = 0;
            double scale = 0;
            double fdScore = 0;
            for (int l = 0; l < g.size(); l++) {
                NDArray fd = plus.get(l).sub(minus.get(l)).div(2 * h);
                worst = Math.max(worst, hg.get(l).sub(fd).abs().max().getDouble());
                scale = Math.max(scale, fd.abs().max().getDouble());
                fdScore -= sum(weights(net, p0).get(l).mul(fd));
            }
            double score = Grasp.score(weights(net, p0), hg);
            System.out.printf("GraspTest: |Hg - central difference| / max|Hg| = %.2e; grasp %.10g, from the"
                    + " differences %.10g%n", worst / scale, score, fdScore);
            assertTrue(scale > 1e-3, "Hg should not vanish: " + scale);
            assertEquals(0, worst / scale, 1e-5, "max |Hg - central difference| / max |Hg|");
            assertEquals(fdScore, score, 1e-5 * Math.abs(fdScore));
        }
    }

    /**
     * A weight that only feeds a train-mode batch norm can be scaled without changing the loss (up to BN's eps), so
     * the gradient is homogeneous of degree -1 in it: with W&#770;<sub>l</sub> that weight on its block and zeros
     * elsewhere, H W&#770;<sub>l</sub> = -g<sub>l</sub> on block l and 0 on every other block, exactly, by hand. eps
     * enters as eps / variance: scaling those weights by 1000 first leaves it at about 1e-10 (1e-4 unscaled, 1e-8 at
     * 100: it falls as the square of the scale, as it should).
     */
    @Test
    void batchNormalisedWeightTimesTheHessianIsMinusItsGradient() {
        Nb201Net net = tiny(ALL_OPS);
        Set<String> normalised = new HashSet<>();
        List<Layer> layers = net.layers();
        for (int i = 0; i + 1 < layers.size(); i++) {
            if (layers.get(i) instanceof Layer.Conv2d c && layers.get(i + 1) instanceof Layer.BatchNorm bn
                    && module(c.name()).equals(module(bn.name()))) {
                normalised.add(c.weightName());
            }
        }
        assertEquals(14, normalised.size(), "the stem, 3 per cell, 2 per reduction: " + normalised);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, 8, 4);
            NDArray x = b.images().toType(DataType.FLOAT64, true);
            Nb201Params p0 = Nb201Params.create(net, m, 5).toType(DataType.FLOAT64)
                    .map((param, a) -> normalised.contains(param.name()) ? a.mul(1000) : a.duplicate());
            List<NDArray> g = gradients(net, p0, null, 0, x, b.labels());
            double gMax = 0;
            for (NDArray v : g) {
                gMax = Math.max(gMax, v.abs().max().getDouble());
            }
            List<Layer.Weighted> scored = net.scoredLayers();
            double worst = 0;
            for (int l = 0; l < scored.size(); l++) {
                if (!normalised.contains(scored.get(l).weightName())) {
                    continue;
                }
                var direction = new ArrayList<NDArray>();
                for (int k = 0; k < scored.size(); k++) {
                    NDArray w = p0.weight(scored.get(k));
                    direction.add(k == l ? w.duplicate() : w.zerosLike());
                }
                List<NDArray> product = Grasp.hessianGradient(net, p0, x, b.labels(), direction, m);
                for (int k = 0; k < scored.size(); k++) {
                    NDArray expected = k == l ? g.get(k).neg() : g.get(k).zerosLike();
                    double error = product.get(k).sub(expected).abs().max().getDouble() / gMax;
                    assertEquals(0, error, 1e-8, "H W_" + scored.get(l).name() + " on " + scored.get(k).name());
                    worst = Math.max(worst, error);
                }
            }
            System.out.printf("GraspTest: max |H W_l + g_l e_l| / max |g| = %.1e over %d layers%n", worst,
                    normalised.size());
        }
    }

    private static String module(String layerName) {
        return layerName.substring(0, layerName.lastIndexOf('.'));
    }

    @Test
    void proxyOnAContextMatchesItsFloat64Recomputation() {
        Nb201Net net = tiny(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, 8, 8);
            var context = new ProxyContext(net, Dataset.CIFAR10, m, b, 17);
            double value = Proxies.of("grasp").score(context);

            Nb201Params p64 = context.initialParams().toType(DataType.FLOAT64);
            NDArray x = b.images().toType(DataType.FLOAT64, true);
            List<NDArray> g = gradients(net, p64, null, 0, x, b.labels());
            double expected = Grasp.score(weights(net, p64), Grasp.hessianGradient(net, p64, x, b.labels(), g, m));
            assertEquals(expected, value, 1e-4 * Math.abs(expected), "float32 grasp vs float64");
        }
    }

    /** f(w) = sum_n (x_n . w)^3 has H v = sum_n 6 (x_n . w)(x_n . v) x_n. */
    @Test
    void hessianProductOfACubicByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] rows = {{1, 2, 0.5}, {-1, 0.3, 2}, {0.1, 0.2, 0.3}, {1, 1, -1}};
            double[] w = {0.2, -0.4, 0.7};
            double[] v = {1, 2, 3};
            NDArray xs = m.create(rows);
            NDArray wa = m.create(w);
            wa.setRequiresGradient(true);
            NDArray f;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                f = xs.matMul(wa).pow(3).sum();
            }
            double[] hv = HessianProduct.of(f, List.of(wa), List.of(m.create(v))).get(0).toDoubleArray();
            double[] expected = new double[3];
            for (double[] r : rows) {
                double xw = r[0] * w[0] + r[1] * w[1] + r[2] * w[2];
                double xv = r[0] * v[0] + r[1] * v[1] + r[2] * v[2];
                for (int j = 0; j < 3; j++) {
                    expected[j] += 6 * xw * xv * r[j];
                }
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], hv[j], 1e-12 * Math.abs(expected[j]), "component " + j);
            }
            assertNull(JniUtils.getGradient((PtNDArray) wa), "no gradient is stored in the weight");
        }
    }

    @Test
    void hessianProductRefusesALossWithoutGraph() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new double[] {1, 2});
            w.setRequiresGradient(true);
            NDArray linear;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                linear = w.sum();
            }
            NDArray v = m.create(new double[] {1, 1});
            // the loss's gradient is a constant: nothing to differentiate, and the same as with autograd disabled
            assertTrue(assertThrows(RuntimeException.class, () -> HessianProduct.of(linear, List.of(w), List.of(v)))
                    .getMessage().contains("no gradient has a graph"));
            NDArray untracked = w.square().sum(); // outside a collector
            assertThrows(RuntimeException.class, () -> HessianProduct.of(untracked, List.of(w), List.of(v)));
            assertThrows(IllegalArgumentException.class,
                    () -> HessianProduct.of(linear, List.of(w), List.of(m.create(new float[] {1, 1}))));
        }
    }

    // ---- special cases -----------------------------------------------------------------------------------------

    @Test
    void disconnectedCellGivesZero() {
        Nb201Net net = tiny(DISCONNECTED);
        try (NDManager m = NDManager.newBaseManager()) {
            var context = new ProxyContext(net, Dataset.CIFAR10, m, batch(m, 8, 4), 1);
            for (NDArray g : context.lossPass().gradients()) { // the head's ReLU sees zeros: no gradient gets through
                assertEquals(0, g.abs().max().getFloat(), 0f);
            }
            assertEquals(0, new Grasp().score(context), 0.0);
        }
    }

    @Test
    void scoringAgainOnTheSameContextGivesTheSameValue() {
        Nb201Net net = tiny(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            var context = new ProxyContext(net, Dataset.CIFAR10, m, batch(m, 8, 4), 2);
            double first = new Grasp().score(context);
            double second = new Grasp().score(context);
            assertEquals(first, second, 1e-12 * Math.abs(first));
            assertTrue(first != 0, "grasp should not vanish here");

            // and the products on the very same weight arrays, twice (a create_graph backward fails the second time)
            Nb201Params p = context.initialParams().copy();
            List<NDArray> w = weights(net, p);
            w.forEach(a -> a.setRequiresGradient(true));
            double[] values = new double[2];
            for (int k = 0; k < 2; k++) {
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    loss = ProxyContext.crossEntropy(net.forward(p, context.batch().images()),
                            context.batch().labels());
                }
                values[k] = Grasp.score(w, HessianProduct.of(loss, w, context.lossPass().gradients()));
                for (NDArray a : w) {
                    assertNull(JniUtils.getGradient((PtNDArray) a), "no gradient is stored in the weights");
                }
            }
            assertEquals(first, values[0], 1e-12 * Math.abs(first));
            assertEquals(first, values[1], 1e-12 * Math.abs(first));
        }
    }

    /**
     * The loss pass that keeps its graph for the Hessian product (what a context planned for grasp does) must give
     * the other proxies the same gradients, and grasp the same value as the reference's second forward pass, without
     * the second forward.
     */
    @Test
    void keepingTheLossPassGraphChangesNoValue() {
        Nb201Net net = tiny(ALL_OPS);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, 8, 8);
            var plain = new ProxyContext(net, Dataset.CIFAR10, m, b, 9);
            var kept = new ProxyContext(net, Dataset.CIFAR10, m, b, 9, new Grasp().needs());
            LossPass p = plain.lossPass();
            LossPass k = kept.lossPass();
            assertEquals(p.loss(), k.loss(), 0.0);
            for (int l = 0; l < p.layers().size(); l++) {
                assertEquals(0, p.gradients().get(l).sub(k.gradients().get(l)).abs().max().getFloat(),
                        1e-6f * p.gradients().get(l).abs().max().getFloat(), "gradient of " + p.layers().get(l));
                assertEquals(0, p.probeGradients().get(l).sub(k.probeGradients().get(l)).abs().max().getFloat(),
                        1e-6f * p.probeGradients().get(l).abs().max().getFloat(), "probe of " + p.layers().get(l));
            }
            double reference = new Grasp().score(plain); // second forward
            double reused = new Grasp().score(kept);
            assertEquals(reference, reused, 1e-5 * Math.abs(reference));
            assertEquals(reused, new Grasp().score(kept), 0.0, "again");
            assertEquals(2, plain.forwardPasses(), "unplanned: the loss pass and the second forward");
            assertEquals(1, kept.forwardPasses(), "planned: the loss pass alone");
        }
    }

    @Test
    void runnerReusesTheLossPassForGrasp() {
        Nb201Arch arch = ALL_OPS;
        ImageSet images = images(8, 16, 5);
        var options = new ProxyRunner.Options(4, 7, "cpu", false);
        double fromRunner;
        try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list("grad_norm,grasp"), images, options)) {
            fromRunner = runner.score(arch, 3).value("grasp");
        }
        try (NDManager m = NDManager.newBaseManager()) { // the same architecture, batch and weights, second forward
            long seed = BatchSampler.seedFor(7, 3);
            Batch b = BatchSampler.evaluation(images).sample(4, seed, m);
            double expected = new Grasp().score(new ProxyContext(arch, Dataset.CIFAR10, m, b, seed));
            assertEquals(expected, fromRunner, 1e-5 * Math.abs(expected));
        }
    }

    /**
     * Memory freed and reused between the forward pass and the backward passes must not change anything. DJL frees
     * the Java buffer behind an array made from a Java number as soon as the op that used it returns, while the op's
     * backward may still read it: ops with Java numbers in the network or the loss fail this test.
     */
    @Test
    void collectingGarbageBetweenForwardAndBackwardChangesNothing() throws InterruptedException {
        Nb201Net net = tiny(ALL_OPS); // has a none edge
        try (NDManager m = NDManager.newBaseManager()) {
            var context = new ProxyContext(net, Dataset.CIFAR10, m, batch(m, 8, 8), 4);
            LossPass pass = context.lossPass();
            List<NDArray> hgClean = Grasp.hessianGradient(net, context.initialParams(), context.batch().images(),
                    context.batch().labels(), pass.gradients(), m);
            Nb201Params p = context.initialParams().copy();
            List<NDArray> w = weights(net, p);
            w.forEach(a -> a.setRequiresGradient(true));
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = ProxyContext.crossEntropy(net.forward(p, context.batch().images()), context.batch().labels());
            }
            churn(m);
            List<NDArray> hg = HessianProduct.of(loss, w, pass.gradients());
            for (int l = 0; l < hg.size(); l++) {
                float diff = hg.get(l).sub(hgClean.get(l)).abs().max().getFloat();
                assertEquals(0, diff, 1e-6f * (1 + hgClean.get(l).abs().max().getFloat()), "layer " + l);
            }

            // the loss pass's kept graph, which lives on while other proxies run
            var kept = new ProxyContext(net, Dataset.CIFAR10, m, context.batch(), 4, Proxy.Needs.HESSIAN_GRADIENT);
            kept.lossPass();
            churn(m);
            List<NDArray> hgKept = kept.hessianGradient();
            for (int l = 0; l < hg.size(); l++) {
                float diff = hgKept.get(l).sub(hgClean.get(l)).abs().max().getFloat();
                assertEquals(0, diff, 1e-5f * (1 + hgClean.get(l).abs().max().getFloat()), "kept, layer " + l);
            }

            // the first-order pass too
            Nb201Params q = context.initialParams().copy().requireGradients();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l2 = ProxyContext.crossEntropy(net.forward(q, context.batch().images()),
                        context.batch().labels());
                churn(m);
                gc.backward(l2);
            }
            List<Layer.Weighted> scored = net.scoredLayers();
            for (int l = 0; l < scored.size(); l++) {
                NDArray expected = pass.gradients().get(l);
                float diff = q.gradient(scored.get(l)).sub(expected).abs().max().getFloat();
                assertEquals(0, diff, 1e-6f * (1 + expected.abs().max().getFloat()), scored.get(l).name());
            }
        }
    }

    /** Frees what the garbage collector can, lets the cleaner run, then allocates NaN-filled memory over it. */
    static void churn(NDManager parent) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        for (int k = 0; k < 100; k++) {
            try (NDManager t = parent.newSubManager()) {
                for (int s = 1; s < 20_000; s *= 2) {
                    t.full(new Shape(s), Float.NaN);
                    t.create(new float[s]).addi(Float.NaN);
                }
            }
        }
    }

    // ---- resources -------------------------------------------------------------------------------------------------

    /**
     * VmRSS growth (kB) over the second half of {@code evaluations} architectures scored by {@code proxy}, each in its
     * own sub-manager (C=8, one cell per stage, 16 images of 16x16). The first half is warm-up: how far the allocator
     * still grows to settle depends on what ran before in the same JVM (+31 MB alone, +153 MB right after the
     * network-memory and CLI tests), while a leak keeps growing at the same rate.
     */
    static long rssGrowthKb(ToDoubleFunction<ProxyContext> proxy, IntFunction<Proxy.Needs> needs, int evaluations) {
        var rng = new SplittableRandom(1);
        BatchSampler sampler = BatchSampler.evaluation(images(16, 64, 3));
        try (NDManager parent = NDManager.newBaseManager()) {
            long before = 0;
            for (int i = 0; i < evaluations; i++) {
                if (i == evaluations / 2) {
                    System.gc();
                    before = ProcessMemory.residentKb().orElseThrow();
                }
                Nb201Net net = Nb201Net.of(Nb201Arch.random(rng), 10).withChannels(8).withCellsPerStage(1);
                try (NDManager m = parent.newSubManager()) {
                    var context = new ProxyContext(net, Dataset.CIFAR10, m, sampler.sample(16, i + 100, m), i,
                            needs.apply(i));
                    double v = proxy.applyAsDouble(context);
                    assertTrue(!Double.isNaN(v), net.arch() + ": NaN");
                }
            }
            long after = ProcessMemory.residentKb().orElseThrow();
            assertEquals(0, parent.getManagedArrays().size(), "arrays left in the parent manager");
            System.out.printf("GraspTest: evaluations %d to %d, VmRSS %d MB -> %d MB%n", evaluations / 2,
                    evaluations, before / 1024, after / 1024);
            return after - before;
        }
    }

    @Test
    @Slow
    void nativeMemoryStaysFlatOverTwoHundredEvaluations() {
        // the same loop with the create_graph backward route instead of autograd.grad leaked 3.3 MB per evaluation
        // (+667 MB over 200; about 550 MB per evaluation at full size), so 100 measured evaluations would show +330 MB
        Grasp grasp = new Grasp();
        // both ways to the product: the loss pass's kept graph (as the runner plans it) and a second forward
        long growth = rssGrowthKb(grasp::score, i -> i % 2 == 0 ? grasp.needs() : Proxy.Needs.NONE, 200);
        assertTrue(growth < 128 * 1024,
                "VmRSS grew by " + growth / 1024 + " MB over the last 100 of 200 grasp evaluations");
    }

    // ---- registration ------------------------------------------------------------------------------------------

    @Test
    void registeredByNameAndInRobotsSix() {
        assertInstanceOf(Grasp.class, Proxies.of("grasp"));
        assertTrue(Proxies.names().contains("grasp"));
        assertEquals(List.of("grad_norm", "snip", "grasp", "fisher", "synflow", "jacob_cov"),
                Proxies.robotSix().stream().map(Proxy::name).toList());
    }
}
