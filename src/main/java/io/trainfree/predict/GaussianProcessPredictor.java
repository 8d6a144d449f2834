package io.trainfree.predict;

import io.trainfree.math.GaussianProcess;
import io.trainfree.space.Nb201Arch;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Gaussian-process regression on the one-hot op encoding ({@link Nb201Features#oneHot()}); the score is the posterior
 * mean.
 *
 * <p><b>Kernel</b>: Matern 5/2 with one isotropic length scale l plus white noise of variance alpha on the
 * standardised labels ({@link GaussianProcess}). On one-hot vectors the squared distance is twice the number of edges
 * whose ops differ, so the kernel is a decreasing function of that edit distance. Both l and alpha are chosen by
 * type-II maximum likelihood: l by L-BFGS-B on the log marginal likelihood from l = 1, for each alpha of a grid, and
 * the (alpha, l) of highest likelihood wins. No random restarts, so the fit is deterministic and takes no seed.
 *
 * <p>Not Smile's {@code GaussianProcessRegression}: its Cholesky needs native LAPACK, which trainfree leaves out (see
 * {@link GaussianProcess}). The cost is O(n^3) per likelihood evaluation in plain Java; beyond
 * {@link Options#fitPoints()} training points the hyper-parameters are fitted on the first that many and the
 * posterior then uses all points with them (one more factorisation). Measured on this project's 2-core machine, one
 * fit with the default options: 0.2 s at 78 points, 3 s at 390, 24 s at 781, 9 minutes at 3,906 (about an hour
 * expected at 7,813): a baseline for small training sets.
 */
public final class GaussianProcessPredictor implements Predictor<Nb201Arch> {
    /**
     * Settings.
     *
     * @param alphas    the noise variances (on standardised labels) to choose among by marginal likelihood
     * @param fitPoints at most this many training points (the first) for choosing alpha and l
     */
    public record Options(List<Double> alphas, int fitPoints) {
        public Options {
            alphas = List.copyOf(alphas);
            if (alphas.isEmpty() || alphas.stream().anyMatch(a -> !(a > 0) || a.isInfinite())) {
                throw new IllegalArgumentException("alphas must be finite and > 0, at least one, got " + alphas);
            }
            if (fitPoints < 2) {
                throw new IllegalArgumentException("fitPoints must be >= 2, got " + fitPoints);
            }
        }

        /** alpha in {0.001, 0.01, 0.1, 1}, hyper-parameters fitted on at most 1,000 points. */
        public Options() {
            this(List.of(1e-3, 1e-2, 1e-1, 1.0), 1000);
        }
    }

    private final Options options;
    private GaussianProcess model;
    private double alpha = Double.NaN;

    public GaussianProcessPredictor(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void fit(List<Nb201Arch> archs, double[] labels) {
        SmileFrames.checkFit(archs, labels, 2, "Gaussian process");
        double[][] x = archs.stream().map(Nb201Features::oneHot).toArray(double[][]::new);
        int m = Math.min(options.fitPoints(), x.length);
        double[][] xFit = Arrays.copyOf(x, m);
        double[] yFit = Arrays.copyOf(labels, m);
        GaussianProcess best = null;
        double bestAlpha = Double.NaN;
        for (double a : options.alphas()) {
            GaussianProcess gp = GaussianProcess.fit(xFit, yFit, settings(a), () -> {
                throw new IllegalStateException("no restarts, no draws");
            });
            if (best == null || gp.logMarginalLikelihood() > best.logMarginalLikelihood()) {
                best = gp;
                bestAlpha = a;
            }
        }
        model = m == x.length ? best : GaussianProcess.of(x, labels, best.lengthScale(), settings(bestAlpha));
        alpha = bestAlpha;
    }

    private static GaussianProcess.Options settings(double alpha) {
        return new GaussianProcess.Options(alpha, 0, 1e-5, 1e5, true);
    }

    @Override
    public double[] scores(List<Nb201Arch> archs) {
        SmileFrames.checkFitted(model, "Gaussian process");
        return archs.stream().mapToDouble(a -> model.mean(Nb201Features.oneHot(a))).toArray();
    }

    /** The fitted length scale. */
    public double lengthScale() {
        SmileFrames.checkFitted(model, "Gaussian process");
        return model.lengthScale();
    }

    /** The chosen noise variance. */
    public double alpha() {
        SmileFrames.checkFitted(model, "Gaussian process");
        return alpha;
    }

    @Override
    public String toString() {
        return "GaussianProcessPredictor[" + options + (model == null ? "" : ", fitted alpha " + alpha + ", l "
                + model.lengthScale()) + "]";
    }
}
