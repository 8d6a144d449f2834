package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Dataset;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Params;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.Slow;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The activation and per-sample-gradient proxies as registered, on the tiny network and through the runner. */
class ActivationProxiesTest {
    static final List<String> NAMES = List.of("naswot", "naswot_robot", "swap", "swap_reg", "zen", "epe_nas", "ntk",
            "gradalign_i", "gradalign_ii");

    private static Map<String, Double> scores(List<Proxy> proxies, Nb201Arch arch, long seed, NDManager m) {
        ProxyContext context = Tiny.context(arch, 16, seed, m);
        var values = new LinkedHashMap<String, Double>();
        for (Proxy p : proxies) {
            values.put(p.name(), p.score(context));
        }
        return values;
    }

    /** Lighter settings of the same proxies (fewer repeats and samples). */
    private static List<Proxy> light() {
        Swap swap = new Swap(2, 8, Swap.Input.batchHead());
        return List.of(Proxies.naswot(), Proxies.naswotRobot(), swap, new SwapReg(swap, 3, 3, false),
                new Zen(4, 1, 0.01, true), Proxies.epeNas(), new Ntk(3), new GradAlignSpecI(3),
                new GradAlignSpecII(3, GradAlignSpecII.Orientation.LOG_DET));
    }

    @Test
    @Slow
    void everyProxyIsRegisteredAndRunsWithItsDefaults() {
        assertTrue(Proxies.names().containsAll(NAMES), Proxies.names().toString());
        List<Proxy> stock = NAMES.stream().map(Proxies::of).toList();
        assertEquals(NAMES, stock.stream().map(Proxy::name).toList());
        assertEquals(NAMES, light().stream().map(Proxy::name).toList());
        // the papers' settings, written out: SWAP 32 re-initialisations on 16 images, mu = sigma = the space's mean
        // size; Zen 16 images, one repeat, mixing 0.01 with batch norms; NTK and GradAlign 16 samples each
        Swap paperSwap = new Swap(32, 16, Swap.Input.batchHead());
        List<Proxy> paper = List.of(Proxies.naswot(), Proxies.naswotRobot(), paperSwap,
                new SwapReg(paperSwap, 398.554, 398.554, false), new Zen(16, 1, 0.01, true), Proxies.epeNas(),
                new Ntk(16), new GradAlignSpecI(16), new GradAlignSpecII(16, GradAlignSpecII.Orientation.LOG_DET));
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Double> a = scores(stock, Tiny.ALL_OPS, 31, m);
            Map<String, Double> b = scores(paper, Tiny.ALL_OPS, 31, m);
            for (var e : a.entrySet()) {
                assertTrue(Double.isFinite(e.getValue()), e.getKey() + " = " + e.getValue());
                assertEquals(b.get(e.getKey()), e.getValue(), 0.0, e.getKey() + ": the default is not the paper's");
            }
            // at most one pattern per ReLU unit, at least the one every sample shares
            assertTrue(a.get("swap") >= 1 && a.get("swap") <= 16 * Tiny.SIDE * Tiny.SIDE * 4, "swap " + a.get("swap"));
            // swap_reg's default mu is the full-size space mean: on a 3 K network the factor is tiny, not 0
            double theta = SwapReg.thetaK(io.trainfree.model.Nb201Net.of(Tiny.ALL_OPS, Dataset.CIFAR10));
            double d = theta - 398.554;
            assertEquals(a.get("swap") * Math.exp(-d * d / 398.554), a.get("swap_reg"), 1e-12 * a.get("swap"));
            assertTrue(a.get("swap_reg") > 0, "swap_reg " + a.get("swap_reg"));
        }
    }

    /**
     * What each proxy gives a cell that outputs zeros: the reference's value, NaN where it is undefined. naswot,
     * naswot_robot and swap are worked out from the network's structure: in Tiny.DISCONNECTED only the two convolutions
     * on edges 0 and 1 of the first cell run their ReLU on data, the stem's output; everything after that cell sees
     * exact zeros (no bias before the reductions' and the head's batch norms, beta 0), 1,024 ReLU units in all (first
     * reduction 256 + 128, second cell 2 x 128, second reduction 128 + 64, third cell 2 x 64, head 64). So with the
     * stem computed on the host (a plain 3x3 convolution and batch-statistics normalisation), K_H = 2 K_stem + 1024
     * everywhere, RoBoT's K = 2 U U^T, and SWAP counts the stem's distinct sign patterns plus the all-zero one.
     */
    @Test
    void aDisconnectedCellGivesTheReferencesValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 16;
            ProxyContext context = Tiny.context(Tiny.DISCONNECTED, n, 31, m);
            var v = new LinkedHashMap<String, Double>();
            for (Proxy p : light()) {
                v.put(p.name(), p.score(context));
            }
            float[] images = context.batch().images().toFloatArray();
            double[][] u = hostStem(images, n, context.initialParams());
            int zeros = 1024;
            double[][] kh = new double[n][n];
            double[][] raw = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int agree = 0;
                    double dot = 0;
                    for (int k = 0; k < u[i].length; k++) {
                        agree += (u[i][k] > 0) == (u[j][k] > 0) ? 1 : 0;
                        dot += u[i][k] * u[j][k];
                    }
                    kh[i][j] = 2 * agree + zeros;
                    raw[i][j] = 2 * dot;
                }
            }
            // K_H is integers on both sides: the two log-determinants differ in the last bit (measured 1 ulp)
            assertEquals(logDet(kh), v.get("naswot"), 1e-9);
            // RoBoT's products are in float32: measured 1.2e-6 apart on a log-determinant of 98.5
            assertEquals(logDet(raw), v.get("naswot_robot"), 1e-5);
            // swap: two repeats with weights of their own on the first 8 images
            double count = 0;
            for (int r = 0; r < 2; r++) {
                Nb201Params p = Nb201Params.create(context.net(), m, Init.NORMAL, Tensors.seed(31, "swap", r));
                double[][] y = hostStem(Arrays.copyOf(images, 8 * 3 * Tiny.SIDE * Tiny.SIDE), 8, p);
                var patterns = new HashSet<String>();
                patterns.add("00000000");
                for (int k = 0; k < y[0].length; k++) {
                    var sb = new StringBuilder();
                    for (double[] sample : y) {
                        sb.append(sample[k] > 0 ? '1' : '0');
                    }
                    patterns.add(sb.toString());
                }
                count += patterns.size();
            }
            assertEquals(count / 2, v.get("swap"), 0.0);
            assertEquals(Double.NEGATIVE_INFINITY, v.get("zen"));
            for (String undefined : List.of("epe_nas", "ntk", "gradalign_i", "gradalign_ii")) {
                assertTrue(Double.isNaN(v.get(undefined)), undefined + " = " + v.get(undefined));
            }
        }
    }

    /**
     * Tiny's stem on the host, {@code [n][4 * 8 * 8]}: a 3x3 convolution (padding 1, no bias) of the images
     * {@code [n, 3, 8, 8]}, then per channel (x - mean) / sqrt(var + 1e-5) * gamma + beta over the batch and pixels
     * (biased variance), as PyTorch's BatchNorm2d in train mode.
     */
    private static double[][] hostStem(float[] x, int n, Nb201Params p) {
        float[] w = p.get("stem.net.0.weight").toFloatArray();
        float[] gamma = p.get("stem.net.1.weight").toFloatArray();
        float[] beta = p.get("stem.net.1.bias").toFloatArray();
        int c = 4;
        int s = Tiny.SIDE;
        assertEquals(c * 3 * 3 * 3, w.length, "test setup: the stem's weight is [4, 3, 3, 3]");
        double[][] y = new double[n][c * s * s];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < c; o++) {
                for (int r = 0; r < s; r++) {
                    for (int q = 0; q < s; q++) {
                        double sum = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            for (int dr = 0; dr < 3; dr++) {
                                for (int dq = 0; dq < 3; dq++) {
                                    int rr = r + dr - 1;
                                    int qq = q + dq - 1;
                                    if (rr >= 0 && rr < s && qq >= 0 && qq < s) {
                                        sum += (double) x[((i * 3 + ch) * s + rr) * s + qq]
                                                * w[((o * 3 + ch) * 3 + dr) * 3 + dq];
                                    }
                                }
                            }
                        }
                        y[i][(o * s + r) * s + q] = sum;
                    }
                }
            }
        }
        for (int o = 0; o < c; o++) {
            double mean = 0;
            double sq = 0;
            for (double[] sample : y) {
                for (int k = o * s * s; k < (o + 1) * s * s; k++) {
                    mean += sample[k];
                }
            }
            mean /= n * s * s;
            for (double[] sample : y) {
                for (int k = o * s * s; k < (o + 1) * s * s; k++) {
                    sq += (sample[k] - mean) * (sample[k] - mean);
                }
            }
            double sd = Math.sqrt(sq / (n * s * s) + 1e-5);
            for (double[] sample : y) {
                for (int k = o * s * s; k < (o + 1) * s * s; k++) {
                    sample[k] = (sample[k] - mean) / sd * gamma[o] + beta[o];
                }
            }
        }
        return y;
    }

    /** log det of a symmetric positive definite matrix, by a plain Cholesky factorisation. */
    private static double logDet(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    assertTrue(v > 0, "not positive definite at " + j);
                    l[j][j] = Math.sqrt(v);
                    sum += Math.log(l[j][j]);
                } else {
                    l[i][j] = v / l[j][j];
                }
            }
        }
        return 2 * sum;
    }

    /** Through the runner on the full-size network at 8x8 pixels, light settings; swap_reg reuses swap's counts. */
    @Test
    void theRunnerScoresThemOnTheFullSizeNetwork() {
        Swap swap = new Swap(2, 8, Swap.Input.batchHead());
        List<Proxy> proxies = List.of(Proxies.naswot(), swap, new SwapReg(swap, 400, 400, true),
                new Zen(4, 1, 0.01, true), Proxies.epeNas());
        try (ProxyRunner runner = ProxyRunner.of(Dataset.CIFAR10, proxies, Tiny.images(16, 5),
                new ProxyRunner.Options().withBatchSize(8))) {
            Nb201Arch arch = Nb201Arch.parse(
                    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
            ProxyScores s = runner.score(arch, 6111);
            // the runner shares one batch, one network and its passes among the proxies: each scored alone, in a
            // runner of its own with the same settings and index, gives the same value
            for (Proxy p : proxies) {
                assertTrue(Double.isFinite(s.value(p.name())), p.name() + " = " + s.value(p.name()));
                try (ProxyRunner alone = ProxyRunner.of(Dataset.CIFAR10, List.of(p), Tiny.images(16, 5),
                        new ProxyRunner.Options().withBatchSize(8))) {
                    assertEquals(alone.score(arch, 6111).value(p.name()), s.value(p.name()), 0.0, p.name());
                }
            }
            double theta = SwapReg.thetaK(io.trainfree.model.Nb201Net.of(arch, Dataset.CIFAR10));
            assertEquals(Math.log(s.value("swap")) - (theta - 400) * (theta - 400) / 400, s.value("swap_reg"), 1e-9);
        }
    }
}
