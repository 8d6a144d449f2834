package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GraSP's Hessian-gradient product on these parameters (docs/proxies.md §4.3, docs/engine.md §2): a first-order
 * gradient g, then a backward with create_graph, z = sum_l (dL/dW_l . g_l), and a backward of z leaves g_l's Hessian
 * product in the weights' gradients. Checked against central differences of first-order gradients in float64.
 */
class HessianProductTest {
    private static NDArray loss(Nb201Net net, Nb201Params p, NDArray x, NDArray labels) {
        return Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(net.forward(p, x)));
    }

    /** First-order gradients of the scored weights on a fresh copy of {@code p0} moved by {@code h * g}. */
    private static Map<String, NDArray> gradients(Nb201Net net, Nb201Params p0, Map<String, NDArray> g, double h,
            NDArray x, NDArray labels) {
        Nb201Params p = p0.map((param, a) -> g.containsKey(param.name()) ? a.add(g.get(param.name()).mul(h))
                : a.duplicate()).requireGradients();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss(net, p, x, labels));
        }
        var out = new HashMap<String, NDArray>();
        for (Layer.Weighted l : net.scoredLayers()) {
            out.put(l.weightName(), p.gradient(l));
        }
        return out;
    }

    @Test
    void doubleBackwardGivesTheHessianGradientProduct() {
        Nb201Net net = Nb201ForwardTest.small(Nb201ForwardTest.ALL_OPS).withCellsPerStage(1);
        List<Layer.Weighted> scored = net.scoredLayers();
        try (NDManager m = NDManager.newBaseManager()) {
            Nb201Params p0 = Nb201Params.create(net, m, 3).toType(DataType.FLOAT64);
            NDArray x = Nb201ForwardTest.input(m, new Shape(4, 3, 8, 8), 2, DataType.FLOAT64);
            NDArray labels = m.create(new long[] {1, 7, 3, 3});

            // 1. g, a constant
            Map<String, NDArray> g = gradients(net, p0, Map.of(), 0, x, labels);

            // 2. Hg on a fresh copy: backward with create_graph, z = sum <dL/dW, g>, backward of z
            Nb201Params p = p0.copy().requireGradients();
            var first = new HashMap<String, NDArray>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss(net, p, x, labels);
                JniUtils.backward((PtNDArray) loss, (PtNDArray) m.ones(loss.getShape(), DataType.FLOAT64), true,
                        true);
                NDArray z = null;
                for (Layer.Weighted l : scored) {
                    NDArray dw = JniUtils.getGradient((PtNDArray) p.weight(l)); // carries its graph
                    first.put(l.weightName(), dw.stopGradient().duplicate()); // a plain copy, to subtract below
                    NDArray term = dw.mul(g.get(l.weightName())).sum();
                    z = z == null ? term : z.add(term);
                }
                JniUtils.backward((PtNDArray) z, (PtNDArray) m.ones(z.getShape(), DataType.FLOAT64), false, false);
            }

            // 3. central differences of the first-order gradient along g
            double gMax = 0;
            for (NDArray v : g.values()) {
                gMax = Math.max(gMax, v.abs().max().getDouble());
            }
            double h = 1e-7 / gMax;
            Map<String, NDArray> plus = gradients(net, p0, g, h, x, labels);
            Map<String, NDArray> minus = gradients(net, p0, g, -h, x, labels);
            double worst = 0;
            double scale = 0;
            for (Layer.Weighted l : scored) {
                String n = l.weightName();
                NDArray hg = p.gradient(l).sub(first.get(n)); // the backward of z accumulated onto dL/dW
                NDArray fd = plus.get(n).sub(minus.get(n)).div(2 * h);
                worst = Math.max(worst, hg.sub(fd).abs().max().getDouble());
                scale = Math.max(scale, fd.abs().max().getDouble());
            }
            assertTrue(scale > 1e-3, "Hg should not vanish: " + scale);
            System.out.printf("HessianProductTest: max relative error %.2e%n", worst / scale);
            assertEquals(0, worst / scale, 1e-5, "max |Hg - finite difference| / max |Hg|");
        }
    }
}
