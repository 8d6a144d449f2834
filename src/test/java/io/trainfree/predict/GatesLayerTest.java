package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.trainfree.space.Nb201Arch;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GatesLayerTest {
    static final int IN = 2;
    static final int OUT = 3;
    static final int EMB = 2;
    static final float[] W = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f}; // 2 x 3
    static final float[] GATE_W = {0.2f, -0.1f, 0.05f, 0.3f, -0.4f, 0.1f}; // 3 x 2 (out x in)
    static final float[] GATE_B = {0.1f, 0f, -0.2f};
    static final float[] OP_EMB = {0.5f, -0.5f, 1f, 0.2f, -0.3f, 0.8f, 0.7f, 0.1f, -1f, -0.4f}; // 5 x 2
    static final int[][][] CELLS = {
        {{0, 0, 0, 0}, {3, 0, 0, 0}, {1, 0, 0, 0}, {4, 2, 1, 0}},
        {{0, 0, 0, 0}, {0, 0, 0, 0}, {2, 3, 0, 0}, {0, 0, 4, 0}}};
    static final float[] X = {1f, 2f, -1f, 0.5f, 0f, 0f, 0.3f, -0.7f, // cell 0, nodes 0..3
        0.2f, 0.1f, 1.5f, -2f, 0.4f, 0.9f, -0.1f, 0.6f}; // cell 1

    /** One layer on two cells with small known weights, against the formula in double arithmetic. */
    @Test
    void oneLayerByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            var layer = new GatesLayer(IN, OUT, EMB, 1);
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 4, IN), new Shape(1, 4, 4), new Shape(5, EMB));
            Map<String, Parameter> params = ParameterPaths.of(layer);
            set(params.get("weight"), W);
            set(params.get("01gate.weight"), GATE_W);
            set(params.get("01gate.bias"), GATE_B);
            var ops = new long[2 * 16];
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        ops[b * 16 + i * 4 + j] = CELLS[b][i][j];
                    }
                }
            }
            NDArray out = layer.forward(new ParameterStore(m, false), new NDList(m.create(X, new Shape(2, 4, IN)),
                    m.create(ops, new Shape(2, 4, 4)), m.create(OP_EMB, new Shape(5, EMB))), false).singletonOrThrow();
            assertEquals(new Shape(2, 4, OUT), out.getShape());
            assertArrayEquals(toFloat(byHand()), out.toFloatArray(), 1e-6f);
        }
    }

    /** out[b][i][k] = sum_j gate(A[i][j])[k] S[b][j][k] + (i == 0 ? S[b][0][k] : 0), S = X W. */
    static double[] byHand() {
        var gate = new double[5][OUT];
        for (int o = 1; o < 5; o++) { // op 0 (none) passes nothing
            for (int k = 0; k < OUT; k++) {
                double z = GATE_B[k];
                for (int e = 0; e < EMB; e++) {
                    z += GATE_W[k * EMB + e] * OP_EMB[o * EMB + e];
                }
                gate[o][k] = 1 / (1 + Math.exp(-z));
            }
        }
        var out = new double[2 * 4 * OUT];
        for (int b = 0; b < 2; b++) {
            var s = new double[4][OUT];
            for (int v = 0; v < 4; v++) {
                for (int k = 0; k < OUT; k++) {
                    for (int c = 0; c < IN; c++) {
                        s[v][k] += X[(b * 4 + v) * IN + c] * W[c * OUT + k];
                    }
                }
            }
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < OUT; k++) {
                    double sum = i == 0 ? s[0][k] : 0;
                    for (int j = 0; j < 4; j++) {
                        sum += gate[CELLS[b][i][j]][k] * s[j][k];
                    }
                    out[(b * 4 + i) * OUT + k] = sum;
                }
            }
        }
        return out;
    }

    /**
     * The encoder's shared-prefix computation against GATES on every cell's whole graph: outputs and every
     * parameter's gradient agree.
     */
    @Test
    void sharedPrefixesEqualTheWholeGraph() {
        var rng = new SplittableRandom(5);
        var archs = new ArrayList<Nb201Arch>(List.of(Nb201Arch.fromCode(0), Nb201Arch.fromCode(15_624)));
        for (int i = 0; i < 200; i++) {
            archs.add(Nb201Arch.random(rng));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            var enc = new GatesEncoder();
            enc.initialize(m, DataType.FLOAT32, new Shape(1, 4, 4));
            var ps = new ParameterStore(m, false);
            NDArray ops = enc.input(m, archs);
            NDArray probe = m.randomNormal(new Shape(archs.size(), enc.outputSize()));
            float[] shared;
            float[] full;
            List<float[]> sharedGrads;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = enc.forward(ps, new NDList(ops), true).singletonOrThrow();
                shared = y.toFloatArray();
                gc.backward(y.mul(probe).sum());
            }
            sharedGrads = gradients(enc);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = enc.forwardFullGraph(ps, ops, true);
                full = y.toFloatArray();
                gc.backward(y.mul(probe).sum());
            }
            List<float[]> fullGrads = gradients(enc);
            assertArrayEquals(full, shared, 2e-5f * maxAbs(full));
            assertEquals(fullGrads.size(), sharedGrads.size());
            for (int i = 0; i < fullGrads.size(); i++) {
                assertArrayEquals(fullGrads.get(i), sharedGrads.get(i), 1e-4f * maxAbs(fullGrads.get(i)),
                        "gradient of parameter " + i);
            }
        }
    }

    static void set(Parameter p, float[] values) {
        p.getArray().set(FloatBuffer.wrap(values));
    }

    /** Each parameter's gradient, then zeroed (a backward accumulates). */
    static List<float[]> gradients(ai.djl.nn.Block block) {
        var grads = new ArrayList<float[]>();
        for (Parameter p : ParameterPaths.of(block).values()) {
            try (NDArray g = p.getArray().getGradient()) {
                grads.add(g.toFloatArray());
                g.subi(g);
            }
        }
        return grads;
    }

    static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static float[] toFloat(double[] a) {
        var f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
