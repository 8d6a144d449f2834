package io.trainfree.math;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * A fitted Gaussian-process regression model, exactly as bayes_opt 1.2.0 configures scikit-learn's
 * {@code GaussianProcessRegressor}: a Matern kernel with nu = 2.5 and one isotropic length scale l,
 * {@code k(d) = (1 + sqrt5 d/l + 5d^2/(3l^2)) exp(-sqrt5 d/l)}, signal variance 1 (no amplitude, no white-noise
 * kernel), {@code alpha} added to the diagonal, and y standardised before fitting ({@code normalize_y}).
 *
 * <p>Hand-written rather than Smile's {@code GaussianProcessRegression} because that one neither fits a length scale
 * by marginal likelihood in this parametrisation nor runs without native LAPACK; with n of at most a few hundred
 * points and one hyper-parameter a plain Cholesky is enough.
 *
 * {@snippet :
 * var gp = GaussianProcess.fit(x, y, new GaussianProcess.Options(), new SplittableRandom(7)::nextDouble);
 * GaussianProcess.Prediction p = gp.predict(new double[] {0.1, -0.4});   // p.mean(), p.std() in y's units
 * }
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class GaussianProcess {
    /** The Matern smoothness; fixed, as bayes_opt never changes it. */
    public static final double NU = 2.5;
    private static final double SQRT5 = Math.sqrt(5);
    /**
     * Evaluations allowed per run of the one-dimensional length-scale fit, instead of scipy's 15,000: a fit
     * converges in a few dozen, but when every target is one of two values (RoBoT on a single metric, whose top-1
     * only depends on the weight's sign) the likelihood of 100 clustered points is so ill-conditioned that the
     * projected search crawled for minutes per suggestion.
     */
    static final int FIT_EVALUATIONS = 300;

    /**
     * The regressor's settings; the no-argument constructor gives bayes_opt 1.2.0's.
     *
     * @param alpha          added to the kernel matrix's diagonal (bayes_opt: 1e-6), for numerical stability
     * @param restarts       L-BFGS-B runs from random ln l after the one from l = 1 (bayes_opt: 5); each draws one
     *                       uniform double
     * @param minLengthScale lower bound on l (sklearn's default 1e-5)
     * @param maxLengthScale upper bound on l (sklearn's default 1e5)
     * @param normalize      standardise y with its mean and population std before fitting (bayes_opt: true)
     */
    public record Options(double alpha, int restarts, double minLengthScale, double maxLengthScale,
                          boolean normalize) {
        public Options {
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
            }
            if (restarts < 0) {
                throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
            }
            if (!(minLengthScale > 0) || !(maxLengthScale >= minLengthScale) || Double.isInfinite(maxLengthScale)) {
                throw new IllegalArgumentException("length-scale bounds must satisfy 0 < min <= max < inf, got ["
                        + minLengthScale + ", " + maxLengthScale + "]");
            }
        }

        /** bayes_opt 1.2.0's regressor: alpha 1e-6, 5 restarts, l in [1e-5, 1e5], normalised y. */
        public Options() {
            this(1e-6, 5, 1e-5, 1e5, true);
        }
    }

    /** A posterior prediction at one point, in y's original units. */
    public record Prediction(double mean, double std) {
    }

    /** The log marginal likelihood of the standardised y and its derivative with respect to ln l. */
    public record LogLikelihood(double value, double gradient) {
    }

    private final double[][] x;
    private final double[] xScaled; // X / l, row-major n x dim, for the acquisition's hot loop
    private final double yMean;
    private final double yStd;
    private final double lengthScale;
    private final int n;
    private final double[] chol;
    private final double[] weights;
    private final LogLikelihood likelihood;

    private GaussianProcess(Data data, double lengthScale, double alpha) {
        this.x = data.x;
        this.yMean = data.mean;
        this.yStd = data.std;
        this.lengthScale = lengthScale;
        this.n = data.x.length;
        double[][] scaledRows = scaled(data.x, lengthScale);
        this.xScaled = Arrays.stream(scaledRows).flatMapToDouble(Arrays::stream).toArray();
        this.chol = kernelMatrix(scaledRows, alpha);
        if (!cholesky(chol, n)) {
            throw new IllegalStateException(String.format(
                    "the Matern kernel matrix of %d points is not positive definite at length scale %s (alpha %s);"
                            + " increase alpha", n, lengthScale, alpha));
        }
        this.weights = choleskySolve(chol, n, data.y);
        this.likelihood = logLikelihood(data, Math.log(lengthScale), alpha);
    }

    /**
     * Fits the length scale by maximising the log marginal likelihood over {@code theta = ln l} with a bounded
     * L-BFGS-B and the analytic gradient, first from theta = 0, then from {@code options.restarts()} random starts
     * {@code theta = ln lmin + (ln lmax - ln lmin) u}, one draw u from {@code uniform} before each; the lowest negative
     * log likelihood wins, the earlier start on ties (as sklearn's {@code argmin}). With one point the likelihood does
     * not depend on l, so l stays 1.
     *
     * @param x       training inputs, n rows of equal length
     * @param y       training targets, n finite values
     * @param uniform U[0,1) doubles; exactly {@code options.restarts()} are drawn
     * @throws IllegalStateException if the kernel matrix at the chosen length scale cannot be factorised
     */
    public static GaussianProcess fit(double[][] x, double[] y, Options options, DoubleSupplier uniform) {
        Data data = Data.of(x, y, options.normalize());
        double alpha = options.alpha();
        double[] lo = {Math.log(options.minLengthScale())};
        double[] hi = {Math.log(options.maxLengthScale())};
        BoundedLbfgs.Objective negative = (theta, gradient) -> {
            LogLikelihood l = logLikelihood(data, theta[0], alpha);
            gradient[0] = -l.gradient();
            return -l.value();
        };
        BoundedLbfgs.Result best = BoundedLbfgs.minimize(negative, new double[] {0}, lo, hi, FIT_EVALUATIONS);
        for (int r = 0; r < options.restarts(); r++) {
            double start = lo[0] + (hi[0] - lo[0]) * uniform.getAsDouble();
            BoundedLbfgs.Result run = BoundedLbfgs.minimize(negative, new double[] {start}, lo, hi, FIT_EVALUATIONS);
            if (run.value() < best.value()) {
                best = run;
            }
        }
        return new GaussianProcess(data, Math.exp(best.x()[0]), alpha);
    }

    /** The posterior at a fixed length scale, without fitting (for tests and for callers who know l). */
    public static GaussianProcess of(double[][] x, double[] y, double lengthScale, Options options) {
        if (!(lengthScale > 0) || Double.isInfinite(lengthScale)) {
            throw new IllegalArgumentException("length scale must be finite and > 0, got " + lengthScale);
        }
        return new GaussianProcess(Data.of(x, y, options.normalize()), lengthScale, options.alpha());
    }

    /**
     * sklearn's {@code log_marginal_likelihood(theta, eval_gradient=True)} at {@code l = lengthScale}: negative
     * infinity with a zero gradient where the kernel matrix cannot be factorised, as sklearn returns.
     */
    public static LogLikelihood logMarginalLikelihood(double[][] x, double[] y, double lengthScale, Options options) {
        return logLikelihood(Data.of(x, y, options.normalize()), Math.log(lengthScale), options.alpha());
    }

    /** The fitted (or given) length scale l. */
    public double lengthScale() {
        return lengthScale;
    }

    /** The log marginal likelihood (of the standardised y) at {@link #lengthScale()}. */
    public double logMarginalLikelihood() {
        return likelihood.value();
    }

    /** Its derivative with respect to ln l; near 0 at an interior optimum. */
    public double logMarginalLikelihoodGradient() {
        return likelihood.gradient();
    }

    /** Number of training points. */
    public int size() {
        return n;
    }

    /** Number of input coordinates. */
    public int dimension() {
        return x[0].length;
    }

    /** The posterior mean at {@code point}, in y's units: O(n), without the O(n^2) standard deviation. */
    public double mean(double[] point) {
        checkPoint(point);
        return crossKernel(point, new double[n], new double[point.length]);
    }

    /** The posterior standard deviation at {@code point}, in y's units (without alpha: the latent function's). */
    public double std(double[] point) {
        return predict(point).std();
    }

    /** Posterior mean and standard deviation at {@code point}. */
    public Prediction predict(double[] point) {
        checkPoint(point);
        double[] k = new double[n];
        double m = crossKernel(point, k, new double[point.length]);
        return new Prediction(m, stdFromKernel(k));
    }

    /**
     * {@code mean + kappa * std} at {@code point} with caller-owned scratch arrays of lengths {@link #size()} and
     * {@link #dimension()}: the acquisition calls this about 10^4 times per suggestion, so it allocates nothing and
     * checks nothing.
     */
    double upperConfidenceBound(double[] point, double kappa, double[] kScratch, double[] pointScratch) {
        double m = crossKernel(point, kScratch, pointScratch);
        return m + kappa * stdFromKernel(kScratch);
    }

    /** Fills k with k(point, X) and returns the de-standardised posterior mean (sklearn: cdist(x / l, X / l)). */
    private double crossKernel(double[] point, double[] k, double[] scaledPoint) {
        int dim = point.length;
        for (int c = 0; c < dim; c++) {
            scaledPoint[c] = point[c] / lengthScale;
        }
        double m = 0;
        for (int j = 0, base = 0; j < n; j++, base += dim) {
            double d2 = 0;
            for (int c = 0; c < dim; c++) {
                double diff = scaledPoint[c] - xScaled[base + c];
                d2 += diff * diff;
            }
            k[j] = matern(Math.sqrt(d2));
            m += k[j] * weights[j];
        }
        return yStd * m + yMean;
    }

    /** Overwrites k with {@code L^-1 k} and returns sklearn's std: {@code sqrt(max(1 - |L^-1 k|^2, 0) * sd_y^2)}. */
    private double stdFromKernel(double[] k) {
        double vv = 0;
        for (int i = 0; i < n; i++) {
            double sum = k[i];
            int row = i * n;
            for (int j = 0; j < i; j++) {
                sum -= chol[row + j] * k[j];
            }
            k[i] = sum / chol[row + i];
            vv += k[i] * k[i];
        }
        double var = 1 - vv;
        return Math.sqrt((var < 0 ? 0 : var) * (yStd * yStd));
    }

    private void checkPoint(double[] point) {
        if (point.length != x[0].length) {
            throw new IllegalArgumentException("point has " + point.length + " coordinates, the model "
                    + x[0].length);
        }
    }

    @Override
    public String toString() {
        return String.format("GaussianProcess(n=%d, dim=%d, lengthScale=%.6g, lml=%.6g)", n, x[0].length,
                lengthScale, likelihood.value());
    }

    /** Matern 5/2 at scaled distance r, in sklearn's order of operations. */
    static double matern(double r) {
        double k = r * SQRT5;
        return (1 + k + k * k / 3) * Math.exp(-k);
    }

    private static LogLikelihood logLikelihood(Data data, double theta, double alpha) {
        int n = data.x.length;
        double l = Math.exp(theta);
        double[] k = kernelMatrix(scaled(data.x, l), alpha);
        if (!cholesky(k, n)) {
            return new LogLikelihood(Double.NEGATIVE_INFINITY, 0);
        }
        double[] a = choleskySolve(k, n, data.y);
        double value = 0;
        for (int i = 0; i < n; i++) {
            value += data.y[i] * a[i];
        }
        value *= -0.5;
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += Math.log(k[i * n + i]);
        }
        value -= logDet;
        value -= n / 2.0 * Math.log(2 * Math.PI);
        // d/dtheta: 0.5 tr((a a^T - K^-1) dK/dtheta), dK/dtheta = 5/3 D (1 + sqrt(5D)) exp(-sqrt(5D)), D = d^2/l^2
        double[] inverse = choleskyInverse(k, n);
        double gradient = 0;
        double l2 = l * l;
        for (int i = 1; i < n; i++) { // symmetric, and dK/dtheta is 0 on the diagonal
            for (int j = 0; j < i; j++) {
                double d = data.squaredDistance[i * n + j] / l2;
                double t = Math.sqrt(5 * d);
                double dk = 5.0 / 3.0 * d * (t + 1) * Math.exp(-t);
                gradient += 2 * (a[i] * a[j] - inverse[i * n + j]) * dk;
            }
        }
        return new LogLikelihood(value, 0.5 * gradient);
    }

    private static double[][] scaled(double[][] x, double l) {
        double[][] s = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            s[i] = new double[x[i].length];
            for (int c = 0; c < x[i].length; c++) {
                s[i][c] = x[i][c] / l;
            }
        }
        return s;
    }

    /** The n x n kernel matrix (row-major) of already scaled points, alpha on the diagonal. */
    private static double[] kernelMatrix(double[][] xs, double alpha) {
        int n = xs.length;
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            k[i * n + i] = 1 + alpha;
            for (int j = 0; j < i; j++) {
                double d2 = 0;
                for (int c = 0; c < xs[i].length; c++) {
                    double diff = xs[i][c] - xs[j][c];
                    d2 += diff * diff;
                }
                double v = matern(Math.sqrt(d2));
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        return k;
    }

    /** In-place lower Cholesky of a row-major n x n matrix; false if a pivot is not positive (or NaN). */
    static boolean cholesky(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double diag = a[rowJ + j];
            for (int k = 0; k < j; k++) {
                diag -= a[rowJ + k] * a[rowJ + k];
            }
            if (!(diag > 0)) {
                return false;
            }
            double ljj = Math.sqrt(diag);
            a[rowJ + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int rowI = i * n;
                double sum = a[rowI + j];
                for (int k = 0; k < j; k++) {
                    sum -= a[rowI + k] * a[rowJ + k];
                }
                a[rowI + j] = sum / ljj;
            }
            for (int i = j + 1; i < n; i++) {
                a[rowJ + i] = 0; // keep the upper triangle clean so the array is exactly L
            }
        }
        return true;
    }

    /** Solves {@code L L^T z = b} with the factor from {@link #cholesky}. */
    static double[] choleskySolve(double[] l, int n, double[] b) {
        double[] z = b.clone();
        for (int i = 0; i < n; i++) {
            double sum = z[i];
            for (int j = 0; j < i; j++) {
                sum -= l[i * n + j] * z[j];
            }
            z[i] = sum / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int j = i + 1; j < n; j++) {
                sum -= l[j * n + i] * z[j];
            }
            z[i] = sum / l[i * n + i];
        }
        return z;
    }

    private static double[] choleskyInverse(double[] l, int n) {
        double[] inverse = new double[n * n];
        double[] e = new double[n];
        for (int c = 0; c < n; c++) {
            Arrays.fill(e, 0);
            e[c] = 1;
            double[] col = choleskySolve(l, n, e);
            for (int r = 0; r < n; r++) {
                inverse[r * n + c] = col[r];
            }
        }
        return inverse;
    }

    /** Validated copies of the training data, y standardised as sklearn does. */
    private record Data(double[][] x, double[] y, double mean, double std, double[] squaredDistance) {
        static Data of(double[][] x, double[] y, boolean normalize) {
            if (x.length == 0) {
                throw new IllegalArgumentException("no training points");
            }
            if (x.length != y.length) {
                throw new IllegalArgumentException("the sizes of x and y don't match: " + x.length + " != "
                        + y.length);
            }
            int dim = x[0].length;
            if (dim == 0) {
                throw new IllegalArgumentException("training points have no coordinates");
            }
            double[][] xc = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                if (x[i].length != dim) {
                    throw new IllegalArgumentException("x[" + i + "] has " + x[i].length + " coordinates, x[0] "
                            + dim);
                }
                for (int c = 0; c < dim; c++) {
                    if (!Double.isFinite(x[i][c])) {
                        throw new IllegalArgumentException("x[" + i + "][" + c + "] is " + x[i][c]);
                    }
                }
                xc[i] = x[i].clone();
            }
            int n = y.length;
            double mean = 0;
            double std = 1;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("y[" + i + "] is " + y[i]);
                }
            }
            if (normalize) {
                for (double v : y) {
                    mean += v;
                }
                mean /= n;
                double ss = 0;
                for (double v : y) {
                    ss += (v - mean) * (v - mean);
                }
                std = Math.sqrt(ss / n);
                // sklearn's _handle_zeros_in_scale: a (near-)zero scale becomes 1
                if (std < 10 * Math.ulp(1.0)) {
                    std = 1;
                }
            }
            double[] yc = new double[n];
            for (int i = 0; i < n; i++) {
                yc[i] = (y[i] - mean) / std;
            }
            double[] d2 = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int c = 0; c < dim; c++) {
                        double diff = xc[i][c] - xc[j][c];
                        s += diff * diff;
                    }
                    d2[i * n + j] = s;
                }
            }
            return new Data(xc, yc, mean, std, d2);
        }
    }
}
