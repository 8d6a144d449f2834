package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {
    static final float[] TARGET = {1f, -2f, 0.5f};

    /** Five steps on f(w) = sum((w - t)^2 * c) against PyTorch's Adam written out in double arithmetic. */
    @Test
    void followsPytorchsFormula() {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] c = {1, 10, 0.001};
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = parameter(m, "w", 0.3f);
            var adam = new Adam(lr, m);
            double[] x = {0.3, 0.3, 0.3};
            double[] mean = new double[3];
            double[] var = new double[3];
            for (int t = 1; t <= 5; t++) {
                step(m, w, c);
                adam.step(Map.of("w", w));
                for (int i = 0; i < 3; i++) {
                    double g = 2 * (x[i] - TARGET[i]) * c[i];
                    mean[i] = b1 * mean[i] + (1 - b1) * g;
                    var[i] = b2 * var[i] + (1 - b2) * g * g;
                    double denom = Math.sqrt(var[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    x[i] -= lr / (1 - Math.pow(b1, t)) * mean[i] / denom;
                }
                assertArrayEquals(GatesLayerTest.toFloat(x), w.getArray().toFloatArray(), 1e-6f, "step " + t);
            }
            assertEquals(5, adam.state().get("w").step());
        }
    }

    /** A frozen parameter is not updated and gets no state; unfrozen, it starts from step 1. */
    @Test
    void frozenParametersAreSkipped() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = parameter(m, "a", 0.3f);
            Parameter b = parameter(m, "b", 0.3f);
            b.freeze(true);
            var adam = new Adam(0.01, m);
            var both = new LinkedHashMap<String, Parameter>();
            both.put("a", a);
            both.put("b", b);
            for (int t = 0; t < 3; t++) {
                step(m, a, new double[] {1, 1, 1});
                adam.step(both);
            }
            assertArrayEquals(new float[] {0.3f, 0.3f, 0.3f}, b.getArray().toFloatArray());
            assertEquals(3, adam.state().get("a").step());
            assertEquals(null, adam.state().get("b"));
            b.freeze(false);
            step(m, a, new double[] {1, 1, 1});
            step(m, b, new double[] {1, 1, 1});
            adam.step(both);
            assertEquals(4, adam.state().get("a").step());
            assertEquals(1, adam.state().get("b").step());
        }
    }

    /** The state taken out and put into a new optimizer continues exactly where the old one was. */
    @Test
    void stateRoundTrips() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w1 = parameter(m, "w", 0.3f);
            Parameter w2 = parameter(m, "w", 0.3f);
            var first = new Adam(0.05, m);
            for (int t = 0; t < 3; t++) {
                step(m, w1, new double[] {1, 2, 3});
                first.step(Map.of("w", w1));
            }
            w2.getArray().set(w1.getArray().toByteBuffer());
            var second = new Adam(0.05, m);
            second.restore(first.state(), Map.of("w", w2));
            for (int t = 0; t < 2; t++) {
                step(m, w1, new double[] {1, 2, 3});
                first.step(Map.of("w", w1));
                step(m, w2, new double[] {1, 2, 3});
                second.step(Map.of("w", w2));
            }
            assertArrayEquals(w1.getArray().toFloatArray(), w2.getArray().toFloatArray(), 0f);
            assertEquals(5, second.state().get("w").step());
        }
    }

    static Parameter parameter(NDManager m, String name, float value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(3))
                .optInitializer(new ConstantInitializer(value)).build();
        p.initialize(m, DataType.FLOAT32);
        return p;
    }

    /** Backward of sum((w - t)^2 * c) into w's gradient. */
    static void step(NDManager m, Parameter w, double[] c) {
        try (NDManager s = m.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray t = s.create(TARGET);
            NDArray weight = s.create(GatesLayerTest.toFloat(c));
            NDArray d = t.neg().add(w.getArray());
            gc.backward(d.mul(d).mul(weight).sum());
        }
    }
}
