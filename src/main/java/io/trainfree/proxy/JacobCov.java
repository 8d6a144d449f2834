package io.trainfree.proxy;

import io.trainfree.math.Linalg;

/**
 * jacob_cov (zero-cost-nas; NASWOT's first score): R = the correlation matrix of the per-sample input Jacobians of
 * the summed logits, &lambda; its eigenvalues, score = &minus;&Sigma;<sub>i</sub> [ln(&lambda;<sub>i</sub> + k) +
 * 1/(&lambda;<sub>i</sub> + k)] with k = 1e-5. Higher is better. NaN where the reference's is: a zero Jacobian (a
 * disconnected cell) makes R undefined, and an eigenvalue below &minus;k (round-off) makes the log undefined.
 */
public record JacobCov() implements Proxy {
    static final double K = 1e-5;

    @Override
    public String name() {
        return "jacob_cov";
    }

    @Override
    public double score(ProxyContext context) {
        return score(context.inputJacobian());
    }

    @Override
    public Needs needs() {
        return Needs.INPUT_JACOBIAN;
    }

    /** The score of Jacobian rows (one per sample). */
    static double score(double[][] jacobian) {
        double[][] r = Linalg.corrcoef(jacobian);
        for (double[] row : r) {
            for (double v : row) {
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
            }
        }
        double total = 0;
        for (double lambda : Linalg.symmetricEigenvalues(r)) {
            double v = lambda + K;
            if (v < 0) {
                return Double.NaN;
            }
            total += Math.log(v) + 1 / v;
        }
        return -total;
    }
}
