package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.trainfree.math.Linalg;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaswotTest {
    private static double[][] toMatrix(NDArray a) {
        int n = (int) a.getShape().get(0);
        double[] flat = a.toDoubleArray();
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * n, out[i], 0, n);
        }
        return out;
    }

    /** Three samples, four units; 0 is not active. Agreements counted by hand. */
    @Test
    void codeKernelCountsAgreementsByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray u = m.create(new float[] {1, -1, 2, 0, 0.5f, 3, -2, -1, -1, -1, -1, -1}, new Shape(3, 1, 2, 2));
            // codes 1010, 1100, 0000
            double[][] expected = {{4, 2, 2}, {2, 4, 2}, {2, 2, 4}};
            double[][] k = toMatrix(Naswot.codeKernel(u));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(expected[i], k[i], 0.0);
            }
            // RoBoT's raw kernel: plain inner products
            double[][] raw = toMatrix(Naswot.rawKernel(u));
            assertEquals(1 + 1 + 4, raw[0][0], 0.0);
            assertEquals(0.5 - 3 - 4, raw[0][1], 1e-6);
            assertEquals(-1 + 1 - 2, raw[0][2], 0.0);
        }
    }

    @Test
    void identicalCodesGiveASingularKernelAndMinusInfinity() {
        assertEquals(Double.NEGATIVE_INFINITY, Naswot.score(new double[][] {{5, 5}, {5, 5}}));
        assertEquals(Math.log(16 - 4), Naswot.score(new double[][] {{4, 2}, {2, 4}}), 1e-15);
    }

    /**
     * The whole-network K_H against a plain count on the host over the ReLU inputs recorded separately (same weights,
     * same batch): equal entry for entry (integers), and so the score.
     */
    @Test
    void kernelEqualsAPlainCountOverEveryReluInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 5, m);
            int n = 8;
            List<float[]> inputs = new ArrayList<>();
            Nb201Params p = context.initialParams().copy();
            context.net().forward(p, context.batch().images(), Recorder.relus((site, in, out) ->
                    inputs.add(in.toFloatArray())));
            // per cell 3 convs (edges 0, 1, 4), 3 cells; 2 per reduction; the head 1
            assertEquals(3 * 3 + 2 * 2 + 1, inputs.size());
            double[][] expected = new double[n][n];
            double[][] raw = new double[n][n];
            for (float[] u : inputs) {
                int d = u.length / n;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        for (int k = 0; k < d; k++) {
                            float a = u[i * d + k];
                            float b = u[j * d + k];
                            expected[i][j] += (a > 0) == (b > 0) ? 1 : 0;
                            raw[i][j] += (double) a * b;
                        }
                    }
                }
            }
            double[][] k = new Naswot(false).kernel(context);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(expected[i], k[i], 0.0, "row " + i);
            }
            assertEquals(Linalg.slogdet(expected)[1], new Naswot(false).score(context), 1e-12);
            double[][] robot = new Naswot(true).kernel(context);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(raw[i][j], robot[i][j], 1e-5 * Math.abs(raw[i][i]), "raw " + i + "," + j);
                }
            }
        }
    }

    @Test
    void sameSeedSameValueAndADisconnectedCellIsStillScored() {
        try (NDManager m = NDManager.newBaseManager()) {
            double a = Proxies.naswot().score(Tiny.context(Tiny.ALL_OPS, 8, 5, m));
            double b = Proxies.naswot().score(Tiny.context(Tiny.ALL_OPS, 8, 5, m));
            assertEquals(a, b, 0.0);
            double disconnected = Proxies.naswot().score(Tiny.context(Tiny.DISCONNECTED, 8, 5, m));
            assertTrue(Double.isFinite(disconnected), "disconnected cell: " + disconnected);
        }
    }
}
