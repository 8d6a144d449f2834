package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.function.Function;

/**
 * Small helpers the activation and per-sample-gradient proxies share: scoped work on one recorded tensor, Gram
 * matrices of long rows in float64, per-repeat seeds.
 */
final class Tensors {
    /** Columns per float64 block of {@link #gram}: 16 rows of this many doubles are 32 MB. */
    private static final long GRAM_BLOCK = 1 << 18;

    private Tensors() {
    }

    /**
     * {@code f} applied to a view of {@code a} held by a temporary sub-manager, so everything {@code f} makes from the
     * view is freed when it returns (a forward pass's recorder sees a hundred large activations; their derived arrays
     * should not live until the architecture's manager closes). {@code f} must return host values or arrays it has
     * attached elsewhere.
     */
    static <T> T scoped(NDArray a, Function<NDArray, T> f) {
        try (NDManager t = a.getManager().newSubManager()) {
            NDArray view = a.reshape(a.getShape());
            view.attach(t);
            return f.apply(view);
        }
    }

    /**
     * The Gram matrix {@code G G^T} of rows of equal length (each a 1-D array), in float64 on the rows' device, built
     * block by block over the columns so that no float64 copy of all rows is ever made.
     */
    static double[][] gram(List<NDArray> rows) {
        int n = rows.size();
        if (n == 0) {
            return new double[0][0];
        }
        long d = rows.get(0).size();
        double[][] g = new double[n][n];
        try (NDManager t = rows.get(0).getManager().newSubManager()) {
            NDArray stacked = stack(rows, t);
            double[] acc = new double[n * n];
            for (long from = 0; from < d; from += GRAM_BLOCK) {
                long to = Math.min(d, from + GRAM_BLOCK);
                try (NDManager b = t.newSubManager()) {
                    NDArray block = stacked.get(b, new NDIndex(":, {}:{}", from, to))
                            .toType(DataType.FLOAT64, false);
                    block.attach(b);
                    NDArray part = block.matMul(block.transpose());
                    double[] v = part.toDoubleArray();
                    for (int k = 0; k < acc.length; k++) {
                        acc[k] += v[k];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(acc, i * n, g[i], 0, n);
            }
        }
        return g;
    }

    private static NDArray stack(List<NDArray> rows, NDManager t) {
        long d = rows.get(0).size();
        for (NDArray r : rows) {
            if (r.getShape().dimension() != 1 || r.size() != d) {
                throw new IllegalArgumentException("Gram rows must be 1-D of one length " + d + ", got "
                        + r.getShape());
            }
        }
        NDArray s = NDArrays.stack(new NDList(rows));
        s.attach(t);
        return s;
    }

    /**
     * A seed for repeat {@code repeat} of the proxy {@code purpose} under the architecture's {@code seed}: SplitMix64's
     * finaliser over the three, so repeats and proxies draw independent streams.
     */
    static long seed(long seed, String purpose, int repeat) {
        long h = 0xCBF29CE484222325L; // FNV-1a over the purpose's chars
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0x100000001B3L;
        }
        return mix(mix(mix(seed) ^ h) + repeat);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
