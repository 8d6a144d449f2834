package io.trainfree.proxy;

import io.trainfree.math.Linalg;
import java.util.Objects;

/**
 * gradalign_ii, <b>trainfree's placeholder</b> for GradAlign-ii (Li and Guo, arXiv 2411.19819; docs/gradalign.md §3:
 * built on the Gram determinant of the per-sample gradients, exact formula unread): L<sub>K</sub> = log det(K +
 * &epsilon;I) of the normalised Gram matrix K<sub>ij</sub> = cos(g<sub>i</sub>, g<sub>j</sub>) of {@link
 * SampleGradients}, with &epsilon; = 10<sup>&minus;10</sup> N against exact singularity; L<sub>K</sub> &le; 0, 0 for
 * mutually orthogonal gradients, very negative when they are nearly dependent (aligned or opposed alike).
 *
 * <p><b>The orientation is the project's choice, not the paper's</b> and is unverified (docs/gradalign.md §3 (a)-(c)):
 * the default {@link Orientation#LOG_DET} returns L<sub>K</sub> (higher = better conditioned, more diverse gradients,
 * the NTK-style reading); {@link Orientation#NEGATED} returns &minus;L<sub>K</sub> (higher = more mutually dependent
 * gradients, the earlier placeholder). The raw-Gram variant log det H = L<sub>K</sub> + &Sigma;<sub>i</sub> log
 * |g<sub>i</sub>|<sup>2</sup> is not offered. Replace this class when the paper's definition is known.
 *
 * <p>A zero per-sample gradient (a disconnected cell) makes K, and the score, NaN. Cost: shared with
 * {@link GradAlignSpecI} at equal N; the determinant is O(N<sup>3</sup>).
 *
 * @param samples     the most images used (N = min(samples, batch size))
 * @param orientation which sign of L<sub>K</sub> is returned
 */
public record GradAlignSpecII(int samples, Orientation orientation) implements Proxy {
    /** Which way the log-determinant is reported. */
    public enum Orientation {
        /** L<sub>K</sub>: higher for more nearly orthogonal per-sample gradients. */
        LOG_DET,
        /** &minus;L<sub>K</sub>: higher for more nearly dependent per-sample gradients. */
        NEGATED
    }

    /** The ridge &epsilon; per sample. */
    static final double RIDGE = 1e-10;

    public GradAlignSpecII {
        if (samples < 1) {
            throw new IllegalArgumentException("gradalign_ii: samples must be >= 1, got " + samples);
        }
        Objects.requireNonNull(orientation, "orientation");
    }

    /** N = 16, L<sub>K</sub> as is. */
    public GradAlignSpecII() {
        this(GradAlignSpecI.SAMPLES, Orientation.LOG_DET);
    }

    @Override
    public String name() {
        return "gradalign_ii";
    }

    @Override
    public double score(ProxyContext context) {
        double logDet = logDet(SampleGradients.of(context, samples).normalised());
        return orientation == Orientation.LOG_DET ? logDet : -logDet;
    }

    /** L<sub>K</sub> = log det(K + &epsilon;I), &epsilon; = 10<sup>&minus;10</sup> N; NaN if K holds NaN. */
    static double logDet(double[][] k) {
        int n = k.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = k[i].clone();
            for (double v : a[i]) {
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
            }
            a[i][i] += RIDGE * n;
        }
        double[] sl = Linalg.slogdet(a);
        return sl[0] > 0 ? sl[1] : Double.NaN; // K + eps I is positive definite up to round-off
    }
}
