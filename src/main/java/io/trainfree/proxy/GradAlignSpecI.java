package io.trainfree.proxy;

/**
 * gradalign_i, <b>trainfree's placeholder</b> for GradAlign-i (Li and Guo, arXiv 2411.19819; docs/gradalign.md §3: the
 * paper's formulas could not be read, so this is GradSign's {@code grad_angle}, the closest public code): with
 * ĝ<sub>i</sub> the unit per-sample loss gradients of {@link SampleGradients} and m = mean<sub>i</sub> ĝ<sub>i</sub>,
 * score = mean<sub>i</sub> cos(ĝ<sub>i</sub>, m), in [&minus;1, 1]; higher means more aligned gradients, predicted
 * better. (Algebraically this equals |m|: &Sigma;<sub>i</sub> ĝ<sub>i</sub>&middot;m = N |m|<sup>2</sup>.) Replace
 * this class, not its callers, when the paper's definition is known: {@link Proxies#gradAlignI()} names it once.
 *
 * <p>A zero per-sample gradient (a disconnected cell gives only zeros) makes its unit vector, and so the score, NaN, as
 * the reference's unguarded division does; so does m = 0. Cost: N forward and backward passes at batch 1 (shared with
 * {@link GradAlignSpecII} at equal N), and an N &times; N Gram product over D weights (D up to about 1.5 M): 0.35 to
 * 1.4 s per full-size CIFAR-10 architecture at N = 16, single-threaded on a shared, loaded machine.
 *
 * @param samples the most images used (N = min(samples, batch size); GradSign's harness uses 128)
 */
public record GradAlignSpecI(int samples) implements Proxy {
    /** The default N: each sample costs a forward and backward pass. */
    public static final int SAMPLES = 16;

    public GradAlignSpecI {
        if (samples < 1) {
            throw new IllegalArgumentException("gradalign_i: samples must be >= 1, got " + samples);
        }
    }

    /** N = 16. */
    public GradAlignSpecI() {
        this(SAMPLES);
    }

    @Override
    public String name() {
        return "gradalign_i";
    }

    @Override
    public double score(ProxyContext context) {
        return score(SampleGradients.of(context, samples).normalised());
    }

    /** mean<sub>i</sub> cos(ĝ<sub>i</sub>, m) from K<sub>ij</sub> = ĝ<sub>i</sub>&middot;ĝ<sub>j</sub>. */
    static double score(double[][] k) {
        int n = k.length;
        double total = 0; // N^2 |m|^2
        double[] rowSums = new double[n]; // N (ĝ_i . m)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rowSums[i] += k[i][j];
                total += k[i][j];
            }
        }
        double mNorm = Math.sqrt(total) / n;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += rowSums[i] / n / mNorm; // cos(ĝ_i, m) with |ĝ_i| = 1
        }
        return mean / n;
    }
}
