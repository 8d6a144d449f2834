package io.trainfree.proxy;

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
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientProxiesTest {
    @Test
    void crossEntropyOfZeroLogitsIsLogK() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(4, 10));
            NDArray labels = m.create(new long[] {0, 3, 9, 2});
            assertEquals(Math.log(10), ProxyContext.crossEntropy(logits, labels).getFloat(), 1e-6);
            // one confident right answer: -log softmax = log(1 + 9 e^-5)... checked against the closed form
            NDArray sure = m.create(new float[] {5, 0, 0, 0, 0, 0, 0, 0, 0, 0}, new Shape(1, 10));
            assertEquals(Math.log(Math.exp(5) + 9) - 5, ProxyContext.crossEntropy(sure, m.create(new long[] {0}))
                    .getFloat(), 1e-6);
        }
    }

    /** Sums over the weights' and gradients' values in plain Java, from a backward of our own without probes. */
    @Test
    void gradNormSnipAndPlainMatchAPlainRecomputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.MIXED, 8, 1, 7, m);
            Nb201Params p = ctx.initialParams().copy().requireGradients();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ProxyContext.crossEntropy(ctx.net().forward(p, ctx.batch().images()),
                        ctx.batch().labels()));
            }
            double gradNorm = 0;
            double snip = 0;
            double plain = 0;
            for (Layer.Weighted layer : ctx.net().scoredLayers()) {
                float[] w = p.weight(layer).toFloatArray();
                float[] g = p.gradient(layer).toFloatArray();
                double sq = 0;
                for (int i = 0; i < w.length; i++) {
                    sq += (double) g[i] * g[i];
                    snip += Math.abs((double) w[i] * g[i]);
                    plain += (double) w[i] * g[i];
                }
                gradNorm += Math.sqrt(sq);
            }
            assertTrue(gradNorm > 0);
            assertEquals(gradNorm, new GradNorm().score(ctx), 1e-5 * gradNorm);
            assertEquals(snip, new Snip().score(ctx), 1e-5 * snip);
            assertEquals(plain, new Plain().score(ctx), 1e-5 * Math.abs(snip));
        }
    }

    /**
     * For the classifier, fisher's probe gradient has a closed form: its output A is the logits and dL/dA =
     * (softmax - onehot) / N, so s[n,k] = A[n,k] (softmax[n,k] - y[n,k]) / N.
     */
    @Test
    void fisherProbeOfTheClassifierIsLogitsTimesTheirGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.MIXED, 6, 2, 3, m);
            LossPass pass = ctx.lossPass();
            int last = pass.layers().size() - 1;
            assertTrue(pass.layers().get(last) instanceof Layer.Linear);
            float[] logits = ctx.net().forward(ctx.initialParams().copy(), ctx.batch().images()).toFloatArray();
            long[] labels = ctx.batch().labels().toLongArray();
            float[] s = pass.probeGradients().get(last).toFloatArray();
            int n = labels.length;
            int k = 10;
            double fisherOfClassifier = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logits[i * k + c]);
                }
                double z = 0;
                for (int c = 0; c < k; c++) {
                    z += Math.exp(logits[i * k + c] - max);
                }
                for (int c = 0; c < k; c++) {
                    double softmax = Math.exp(logits[i * k + c] - max) / z;
                    double expected = logits[i * k + c] * (softmax - (labels[i] == c ? 1 : 0)) / n;
                    assertEquals(expected, s[i * k + c], 1e-6, "sample " + i + ", class " + c);
                }
            }
            for (int c = 0; c < k; c++) {
                double meanSq = 0;
                for (int i = 0; i < n; i++) {
                    meanSq += (double) s[i * k + c] * s[i * k + c] / n;
                }
                fisherOfClassifier += 0.5 * meanSq;
            }
            // the classifier's share of fisher, weighted by its fan-in (64 * channels / 16 = 16 inputs here)
            double fanIn = pass.layers().get(last).fanIn();
            assertEquals(16, fanIn);
            double rest = 0;
            for (int l = 0; l < last; l++) {
                NDArray sl = pass.probeGradients().get(l);
                rest += sl.square().mean(new int[] {0}).mul(0.5).sum().getFloat() * pass.layers().get(l).fanIn();
            }
            assertEquals(rest + fisherOfClassifier * fanIn, new Fisher().score(ctx), 1e-6 * (rest + 1));
        }
    }

    @Test
    void probesDoNotChangeTheGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.MIXED, 4, 5, 9, m);
            Nb201Params p = ctx.initialParams().copy().requireGradients();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ProxyContext.crossEntropy(ctx.net().forward(p, ctx.batch().images(), Recorder.NONE),
                        ctx.batch().labels()));
            }
            List<Layer.Weighted> layers = ctx.net().scoredLayers();
            for (int l = 0; l < layers.size(); l++) {
                float[] expected = p.gradient(layers.get(l)).toFloatArray();
                float[] actual = ctx.lossPass().gradients().get(l).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-7f + 1e-5f * Math.abs(expected[i]),
                            layers.get(l).weightName() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void synflowIgnoresTheBatchAndDependsOnTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            double a = new Synflow(false).score(TinyContexts.context(TinyContexts.MIXED, 4, 1, 11, m));
            double b = new Synflow(false).score(TinyContexts.context(TinyContexts.MIXED, 8, 2, 11, m));
            double c = new Synflow(false).score(TinyContexts.context(TinyContexts.MIXED, 4, 1, 12, m));
            assertTrue(a > 0);
            assertEquals(a, b, 0.0, "synflow uses an input of ones, not the batch");
            assertNotEquals(a, c);
        }
    }

    /**
     * synflow's classifier term by hand: R = sum_k (W f + b)_k with f the pooled features of the ones input, so
     * dR/dW[k,j] = f_j and the term is sum_kj |W_kj| f_j (f >= 0 after the head's ReLU).
     */
    @Test
    void synflowClassifierTermMatchesTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.MIXED, 4, 1, 5, m);
            var net = ctx.net().withoutBatchNorm();
            Nb201Params p = ctx.initialParams().abs().toType(DataType.FLOAT64).requireGradients();
            NDArray[] features = new NDArray[1];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(p, m.ones(new Shape(1, 3, 32, 32), DataType.FLOAT64),
                        Recorder.features(f -> features[0] = f.duplicate()));
                gc.backward(out.sum());
            }
            // [1, C'] pooled (one axis per call on this engine)
            double[] f = features[0].mean(new int[] {3}).mean(new int[] {2}).toDoubleArray();
            Layer.Weighted classifier = net.scoredLayers().get(net.scoredLayers().size() - 1);
            double[] w = p.weight(classifier).toDoubleArray(); // [K, C']
            double[] g = p.gradient(classifier).toDoubleArray();
            double expected = 0;
            for (int k = 0; k < 10; k++) {
                for (int j = 0; j < f.length; j++) {
                    assertEquals(f[j], g[k * f.length + j], 1e-12 * f[j]);
                    expected += Math.abs(w[k * f.length + j]) * f[j];
                }
            }
            double actual = p.weight(classifier).mul(p.gradient(classifier)).abs().sum().getDouble();
            assertEquals(expected, actual, 1e-12 * expected);
        }
    }

    @Test
    void jacobCovOfHandMadeJacobians() {
        // two perfectly correlated rows: R = [[1,1],[1,1]], eigenvalues 0 and 2
        double k = JacobCov.K;
        double expected = -(Math.log(k) + 1 / k + Math.log(2 + k) + 1 / (2 + k));
        assertEquals(expected, JacobCov.score(new double[][] {{1, 2, 3}, {2, 4, 6}}), 1e-6);
        // uncorrelated rows: R = I, every eigenvalue 1
        assertEquals(-3 * (Math.log(1 + k) + 1 / (1 + k)),
                JacobCov.score(new double[][] {{1, -1, 0, 0}, {0, 0, 1, -1}, {1, 1, -1, -1}}), 1e-12);
        // a zero row (a disconnected cell's Jacobian) leaves R undefined
        assertTrue(Double.isNaN(JacobCov.score(new double[][] {{0, 0, 0}, {1, 2, 3}})));
    }

    @Test
    void disconnectedCellsGiveZeroGradientsAndNaNJacobCov() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.DISCONNECTED, 4, 1, 1, m);
            assertEquals(0.0, new GradNorm().score(ctx));
            assertEquals(0.0, new Snip().score(ctx));
            assertTrue(Double.isNaN(new JacobCov().score(ctx)));
        }
    }

    /**
     * The input Jacobian taken from the loss pass's forward (what a context planned for jacob_cov or epe_nas beside a
     * gradient proxy does) must be the one a forward of its own gives, with or without the graph kept for grasp and
     * whichever the proxies ask for first; it must change neither the loss pass's gradients nor grasp, and it must
     * spare the Jacobian's own forward. A disconnected cell still gives zeros.
     */
    @Test
    void jacobianTakenInTheLossPassIsTheOneOfItsOwnForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext fresh = TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, m);
            double[][] expected = fresh.inputJacobian();
            double scale = 0;
            for (double[] row : expected) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 0);
            double gradNorm = new GradNorm().score(fresh);
            double grasp = new Grasp().score(fresh);
            assertEquals(3, fresh.forwardPasses(), "unplanned: the Jacobian's, the loss pass's and grasp's forwards");
            for (Proxy gradientProxy : List.of(new GradNorm(), new Grasp())) {
                Proxy.Needs needs = Proxy.Needs.of(List.of(gradientProxy, new JacobCov()));
                for (boolean jacobianFirst : new boolean[] {false, true}) {
                    String what = gradientProxy.name() + (jacobianFirst ? ", Jacobian first" : ", loss pass first");
                    ProxyContext shared = TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, needs, m);
                    double[][] taken = jacobianFirst ? shared.inputJacobian() : null;
                    assertEquals(gradNorm, new GradNorm().score(shared), 1e-6 * gradNorm, "grad_norm, " + what);
                    if (!jacobianFirst) {
                        taken = shared.inputJacobian();
                    }
                    assertEquals(1, shared.forwardPasses(), "one forward for the loss pass and the Jacobian, " + what);
                    assertEquals(expected.length, taken.length);
                    for (int i = 0; i < expected.length; i++) {
                        for (int j = 0; j < expected[i].length; j++) {
                            assertEquals(expected[i][j], taken[i][j], 1e-6 * scale,
                                    "row " + i + ", column " + j + ", " + what);
                        }
                    }
                    assertEquals(new JacobCov().score(fresh), new JacobCov().score(shared), 1e-6, "jacob_cov, " + what);
                    assertEquals(grasp, new Grasp().score(shared), 1e-5 * Math.abs(grasp), "grasp, " + what);
                }
            }
            ProxyContext cut = TinyContexts.context(TinyContexts.DISCONNECTED, 4, 1, 1,
                    Proxy.Needs.of(List.of(new GradNorm(), new JacobCov())), m);
            cut.lossPass();
            assertTrue(Double.isNaN(new JacobCov().score(cut)));
            assertEquals(1, cut.forwardPasses(), "the disconnected cell's Jacobian from the loss pass");
        }
    }

    /** Without a gradient proxy the Jacobian has a pass of its own: the loss pass's extra work would buy nothing. */
    @Test
    void jacobianAloneTakesItsOwnPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext alone = TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, Proxy.Needs.INPUT_JACOBIAN, m);
            double[][] own = alone.inputJacobian();
            alone.lossPass(); // undeclared, still computed: its own forward shows the Jacobian's was separate
            assertEquals(2, alone.forwardPasses());
            double[][] fresh = TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, m).inputJacobian();
            for (int i = 0; i < fresh.length; i++) {
                assertArrayEquals(fresh[i], own[i], 0.0, "row " + i);
            }
        }
    }

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Proxy> all = List.of(new GradNorm(), new Snip(), new Fisher(), new JacobCov(), new Plain(),
                    new L2Norm(false));
            for (Proxy p : all) {
                double a = p.score(TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, m));
                double b = p.score(TinyContexts.context(TinyContexts.MIXED, 6, 3, 21, m));
                double c = p.score(TinyContexts.context(TinyContexts.MIXED, 6, 3, 22, m));
                assertEquals(a, b, 0.0, p.name());
                assertNotEquals(a, c, p.name());
            }
        }
    }

    @Test
    void l2NormSumsTheRunLayersOrTheWholeSupernet() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext ctx = TinyContexts.context(TinyContexts.MIXED, 4, 1, 1, m);
            double expected = 0;
            for (Layer.Weighted layer : ctx.net().scoredLayers()) {
                double sq = 0;
                for (float w : ctx.initialParams().weight(layer).toFloatArray()) {
                    sq += (double) w * w;
                }
                expected += Math.sqrt(sq);
            }
            assertEquals(expected, new L2Norm(false).score(ctx), 1e-5 * expected);
            // the supernet holds every layer of the network and more, drawn with the same values
            assertTrue(new L2Norm(true).score(ctx) > expected);
        }
    }

    @Test
    void proxiesAreFoundByNameAndUnknownNamesListTheKnown() {
        assertEquals("synflow", Proxies.of("synflow").name());
        assertEquals(List.of("grad_norm", "snip"), Proxies.list("grad_norm, snip").stream().map(Proxy::name).toList());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Proxies.of("synflw"));
        assertTrue(e.getMessage().startsWith("unknown proxy 'synflw'; known: grad_norm, snip, fisher"), e.getMessage());
    }
}
