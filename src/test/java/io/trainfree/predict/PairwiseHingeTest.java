package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairwiseHingeTest {
    // row 0: (0,1,+) inactive (0.1 - 0.3 < 0), (0,2,+) 0.1 - 0.05 = 0.05, (1,2,-) 0.1 - 0.25 < 0: mean 0.05 / 3
    static final Pairs ROW0 = new Pairs(new int[] {0, 0, 1}, new int[] {1, 2, 2}, new float[] {1, 1, -1});
    // row 1: (0,1,-) 0.1 + (0.95 - 1) = 0.05, (0,2,+) 0.1 - (0.9 - 1) = 0.2: mean 0.125
    static final Pairs ROW1 = new Pairs(new int[] {0, 0}, new int[] {1, 2}, new float[] {-1, 1});
    static final float[] SCORES = {0f, 0.3f, 0.05f, 1f, 0.95f, 0.9f};

    @Test
    void plainJavaLossByHand() {
        assertEquals(0.05 / 3, PairwiseHinge.loss(new double[] {0, 0.3, 0.05}, ROW0, 0.1), 1e-12);
        assertEquals(0.125, PairwiseHinge.loss(new double[] {1, 0.95, 0.9}, ROW1, 0.1), 1e-12);
        assertEquals(0, PairwiseHinge.loss(new double[] {1, 2}, new Pairs(new int[0], new int[0], new float[0]),
                0.1));
    }

    @Test
    void rowsAreMeanedSeparatelyThenSummedWithTheirGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(SCORES, new Shape(2, 3));
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = PairwiseHinge.loss(s, List.of(ROW0, ROW1), 0.1);
                assertEquals(0.05 / 3 + 0.125, loss.getFloat(), 1e-6);
                gc.backward(loss);
            }
            // row 0: only (0,2) is active, l = 0.1 - (s2 - s0), over 3 pairs
            // row 1: l01 = 0.1 + (s1 - s0), l02 = 0.1 - (s2 - s0), over 2 pairs
            assertArrayEquals(new float[] {1 / 3f, 0, -1 / 3f, 0, 0.5f, -0.5f}, s.getGradient().toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void noPairNoLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(SCORES, new Shape(2, 3));
            var none = new Pairs(new int[0], new int[0], new float[0]);
            assertNull(PairwiseHinge.loss(s, List.of(none, none), 0.1));
            // a row without pairs adds nothing
            assertEquals(0.125, PairwiseHinge.loss(s, List.of(none, ROW1), 0.1).getFloat(), 1e-6);
        }
    }
}
