package io.trainfree.math;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * bayes_opt 1.2.0's {@code acq_max} for the upper confidence bound {@code UCB(x) = mu(x) + kappa sigma(x)} of a
 * fitted {@link GaussianProcess}, in y's original units, over a box.
 *
 * <p>Three steps, in bayes_opt's order so that a caller's random stream is consumed identically:
 * <ol>
 *   <li>{@code warmup} points drawn uniformly in the box, point by point and coordinate by coordinate
 *       ({@code lo + (hi - lo) u}); the best is the incumbent (the first on ties, as {@code argmax});</li>
 *   <li>{@code restarts} seed points drawn the same way; from each, a bounded L-BFGS-B on {@code -UCB} with a
 *       forward-difference gradient; runs that do not report success are skipped, and a run replaces the incumbent
 *       when its UCB is {@code >=} the best so far (later wins ties, as bayes_opt's {@code >=});</li>
 *   <li>the winner is clipped to the box.</li>
 * </ol>
 * A call draws {@code (warmup + restarts) * dim} doubles.
 *
 * <p>The gradient is scipy 1.7's default for L-BFGS-B without {@code jac}: forward differences with the absolute step
 * {@code eps = 1e-8}, stepping backwards where {@code x + eps} would leave the box, divided by the step actually
 * taken ({@code (x + h) - x}).
 */
public final class UcbMaximizer {
    /**
     * The acquisition's settings; the no-argument constructor gives bayes_opt 1.2.0's.
     *
     * @param kappa    weight of the posterior std (bayes_opt: 2.576)
     * @param warmup   random points scored before the local searches (bayes_opt: 10,000)
     * @param restarts local L-BFGS-B searches (bayes_opt: 10)
     * @param step     finite-difference step for the gradient (scipy's L-BFGS-B {@code eps}: 1e-8)
     */
    public record Options(double kappa, int warmup, int restarts, double step) {
        public Options {
            if (!(kappa >= 0) || Double.isInfinite(kappa)) {
                throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
            }
            if (warmup < 1) {
                throw new IllegalArgumentException("warmup must be >= 1 (acq_max scores at least one point), got "
                        + warmup);
            }
            if (restarts < 0) {
                throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
            }
            if (!(step > 0) || Double.isInfinite(step)) {
                throw new IllegalArgumentException("step must be finite and > 0, got " + step);
            }
        }

        /** bayes_opt 1.2.0: kappa 2.576, 10,000 warm-up points, 10 L-BFGS-B runs, step 1e-8. */
        public Options() {
            this(2.576, 10_000, 10, 1e-8);
        }
    }

    /**
     * The suggested point and its UCB.
     *
     * @param x         the maximiser, inside the box
     * @param ucb       UCB at x
     * @param improved  local runs that replaced the incumbent
     * @param failed    local runs skipped because L-BFGS-B reported failure
     */
    public record Maximum(double[] x, double ucb, int improved, int failed) {
        public Maximum {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public String toString() {
            return "Maximum(x=" + Arrays.toString(x) + ", ucb=" + ucb + ", improved=" + improved + ", failed="
                    + failed + ")";
        }
    }

    private UcbMaximizer() {
    }

    /**
     * Maximises UCB of {@code gp} over the box {@code [lo, hi]}.
     *
     * @param uniform U[0,1) doubles; exactly {@code (warmup + restarts) * lo.length} are drawn
     */
    public static Maximum maximize(GaussianProcess gp, double[] lo, double[] hi, Options options,
                                   DoubleSupplier uniform) {
        int dim = checkBox(lo, hi);
        if (dim != gp.dimension()) {
            throw new IllegalArgumentException("the box has " + dim + " coordinates, the model " + gp.dimension());
        }
        double kappa = options.kappa();
        double[] scratch = new double[gp.size()];
        double[] pointScratch = new double[dim];
        double[] point = new double[dim];
        double[] best = new double[dim];
        double bestValue = Double.NaN;
        for (int p = 0; p < options.warmup(); p++) {
            draw(lo, hi, uniform, point);
            double v = gp.upperConfidenceBound(point, kappa, scratch, pointScratch);
            // numpy's argmax: the first maximum (and the first NaN, which we treat as never better)
            if (p == 0 || v > bestValue || (Double.isNaN(bestValue) && !Double.isNaN(v))) {
                bestValue = v;
                System.arraycopy(point, 0, best, 0, dim);
            }
        }
        double[][] seeds = new double[options.restarts()][dim];
        for (double[] seed : seeds) {
            draw(lo, hi, uniform, seed);
        }
        double step = options.step();
        double[] shifted = new double[dim];
        BoundedLbfgs.Objective negative = (x, gradient) -> {
            double f0 = -gp.upperConfidenceBound(x, kappa, scratch, pointScratch);
            System.arraycopy(x, 0, shifted, 0, dim);
            for (int c = 0; c < dim; c++) {
                double h = x[c] + step > hi[c] ? -step : step;
                shifted[c] = x[c] + h;
                double dx = shifted[c] - x[c];
                gradient[c] = (-gp.upperConfidenceBound(shifted, kappa, scratch, pointScratch) - f0) / dx;
                shifted[c] = x[c];
            }
            return f0;
        };
        int improved = 0;
        int failed = 0;
        for (double[] seed : seeds) {
            BoundedLbfgs.Result run = BoundedLbfgs.minimize(negative, seed, lo, hi);
            if (!run.success()) {
                failed++;
                continue;
            }
            if (-run.value() >= bestValue) {
                bestValue = -run.value();
                best = run.x();
                improved++;
            }
        }
        for (int c = 0; c < dim; c++) {
            best[c] = Math.min(Math.max(best[c], lo[c]), hi[c]);
        }
        return new Maximum(best, bestValue, improved, failed);
    }

    /** One uniform point in the box, coordinate by coordinate, as numpy's {@code uniform(lo, hi)}. */
    static void draw(double[] lo, double[] hi, DoubleSupplier uniform, double[] out) {
        for (int c = 0; c < out.length; c++) {
            out[c] = lo[c] + (hi[c] - lo[c]) * uniform.getAsDouble();
        }
    }

    /** Validates a box and returns its dimension. */
    static int checkBox(double[] lo, double[] hi) {
        if (lo.length != hi.length) {
            throw new IllegalArgumentException("bounds have " + lo.length + " lower and " + hi.length
                    + " upper values");
        }
        if (lo.length == 0) {
            throw new IllegalArgumentException("the box has no coordinates");
        }
        for (int c = 0; c < lo.length; c++) {
            if (!Double.isFinite(lo[c]) || !Double.isFinite(hi[c]) || !(lo[c] <= hi[c])) {
                throw new IllegalArgumentException("coordinate " + c + " has bounds [" + lo[c] + ", " + hi[c]
                        + "]; need finite lo <= hi");
            }
        }
        return lo.length;
    }
}
