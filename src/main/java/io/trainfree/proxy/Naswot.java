package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.trainfree.math.Linalg;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;

/**
 * naswot (NASWOT, Mellor et al., ICML 2021, the score of v2 of arXiv 2006.04647; NASLib's {@code nwot}): the input
 * u<sub>&ell;</sub> of every ReLU the network runs (docs/proxies.md §6.1: each conv op's own ReLU, so a node feeding
 * three convolutions counts three times, the reductions' two and the head's), flattened per sample to
 * {@code [N, D_l]} and binarised, c = 1[u &gt; 0]; K<sub>H</sub> = &Sigma;<sub>&ell;</sub> (c c<sup>T</sup> +
 * (1 &minus; c)(1 &minus; c)<sup>T</sup>), i.e. entry (i, j) counts the units on which samples i and j agree;
 * score = log |det K<sub>H</sub>| (slogdet, sign ignored). Higher is better.
 *
 * <p>Run as the reference runs it: the zero-cost network with the context's initial weights (PyTorch's default
 * initialisation), train mode (batch statistics), on the context's batch. The official code uses batches of 128
 * images, NASLib and this runner 64 by default: scores grow with N (K<sub>H</sub> is N &times; N) and are comparable
 * only at one batch size; the batch is not resampled here. Each layer's term is computed on the device as (D + s
 * s<sup>T</sup>) / 2 with s = 2c &minus; 1, in float32, which is exact because its entries are integers below
 * 2<sup>24</sup> (a layer with 2<sup>23</sup> or more units per sample would be done in float64; NB201's largest
 * has 16,384); the terms are
 * summed in float64 (up to about 10<sup>6</sup> per entry on the full-size network). Cost: one forward pass without
 * gradients and one N &times; D<sub>&ell;</sub> product per ReLU (0.4 to 1.1 s per full-size CIFAR-10 architecture at
 * N = 64, single-threaded on a shared, loaded machine).
 *
 * <p>Against NAS-Bench-Suite-Zero's published {@code nwot} (NASLib, CIFAR-10): on 50 random cells, batches of 64
 * drawn as the runner draws them, Spearman 0.992, values within about 1% of the published ones.
 *
 * <p>A disconnected cell is no special case: the ReLUs before its zero output still see data, so the score is
 * finite; a matrix that is exactly singular (no ReLU telling any two samples apart) gives &minus;&infin;, as numpy's
 * slogdet does.
 *
 * <p>{@code naswot_robot} ({@code rawInputs}) is RoBoT's {@code foresight/pruners/measures/naswot.py}, which is not
 * NASWOT: K = &Sigma;<sub>&ell;</sub> u u<sup>T</sup> of the raw ReLU inputs (each layer's product in float32, as
 * there, summed in float64), score = log |det K|. Kept for comparison with RoBoT's tables.
 *
 * @param rawInputs RoBoT's kernel of raw inputs rather than NASWOT's binary codes
 */
public record Naswot(boolean rawInputs) implements Proxy {
    /**
     * Units per sample below which a layer's term is done in float32: with D &lt; 2<sup>23</sup> every partial sum
     * of s s<sup>T</sup> + D is an integer below 2<sup>24</sup>, which float32 holds exactly.
     */
    static final long EXACT_FLOAT32 = 1L << 23;

    @Override
    public String name() {
        return rawInputs ? "naswot_robot" : "naswot";
    }

    @Override
    public double score(ProxyContext context) {
        return score(kernel(context));
    }

    /** log |det K|, as numpy's slogdet (&minus;&infin; for a singular K). */
    static double score(double[][] k) {
        return Linalg.slogdet(k)[1];
    }

    /** K<sub>H</sub> (or RoBoT's K) of the context's batch, {@code [N][N]}. */
    double[][] kernel(ProxyContext context) {
        NDArray images = context.batch().images();
        int n = (int) images.getShape().get(0);
        try (NDManager m = context.manager().newSubManager();
                Nb201Params params = context.initialParams().copy()) {
            NDArray x = images.duplicate();
            x.attach(m);
            NDArray k = m.zeros(new Shape(n, n), DataType.FLOAT64);
            Recorder recorder = Recorder.relus((site, input, output) -> Tensors.scoped(input,
                    u -> k.addi(rawInputs ? rawKernel(u) : codeKernel(u))));
            context.net().forward(params, x, recorder);
            double[] flat = k.toDoubleArray();
            double[][] kh = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * n, kh[i], 0, n);
            }
            return kh;
        }
    }

    /**
     * One ReLU's term c c<sup>T</sup> + (1 &minus; c)(1 &minus; c)<sup>T</sup> of its input {@code [N, ...]}, c =
     * 1[u &gt; 0]: float64 {@code [N, N]}, entry (i, j) the number of units where samples i and j agree.
     */
    static NDArray codeKernel(NDArray input) {
        long n = input.getShape().get(0);
        long d = input.size() / n;
        DataType type = d < EXACT_FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
        NDArray s = input.reshape(n, d).gt(0).toType(type, false).mul(2).sub(1); // +1 active, -1 not
        return s.matMul(s.transpose()).add(d).div(2).toType(DataType.FLOAT64, false);
    }

    /** RoBoT's term u u<sup>T</sup> of the raw input {@code [N, ...]}, in float32 as there, returned as float64. */
    static NDArray rawKernel(NDArray input) {
        long n = input.getShape().get(0);
        NDArray u = input.reshape(n, input.size() / n).toType(DataType.FLOAT32, false);
        return u.matMul(u.transpose()).toType(DataType.FLOAT64, false);
    }
}
