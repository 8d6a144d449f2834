package io.trainfree.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * bayes_opt 1.2.0's {@code BayesianOptimization(f, pbounds, random_state).maximize(init_points=0, n_iter=T-1,
 * acq='ucb')}: exactly T probes, the first a uniform random point (bayes_opt raises {@code init_points} to 1 on an
 * empty space), each later one the UCB maximiser of a Gaussian process fitted to every registered observation.
 *
 * <p>Randomness comes in as two streams of U[0,1) doubles, as bayes_opt keeps two numpy {@code RandomState}s seeded
 * alike: the space stream draws only the first point (one draw per coordinate), the optimiser stream feeds the GP's
 * restarts and the acquisition ({@code restarts + (warmup + restarts) * dim} draws per suggestion). RoBoT passes
 * {@code NumpyRandom::randomSample} of two generators with the run's seed.
 *
 * <p>Probe caching, as bayes_opt's {@code TargetSpace.probe}: a suggestion equal to a registered point in every
 * coordinate (Python float equality, so {@code 0.0 == -0.0}) returns the cached target without calling the objective
 * and registers nothing, yet still uses up its probe. Coordinates are in the caller's order (RoBoT: metric names
 * sorted alphabetically, as bayes_opt sorts its keys).
 *
 * {@snippet :
 * var run = BayesianOptimizer.maximize(w -> -(w[0] - 0.3) * (w[0] - 0.3), new double[] {-1}, new double[] {1}, 15,
 *         new SplittableRandom(1)::nextDouble, new SplittableRandom(2)::nextDouble, new BayesianOptimizer.Options());
 * run.best().x();   // close to 0.3
 * }
 */
public final class BayesianOptimizer {
    /**
     * The settings of the GP and of the acquisition; the no-argument constructor gives bayes_opt 1.2.0's.
     */
    public record Options(GaussianProcess.Options gp, UcbMaximizer.Options ucb) {
        public Options {
            Objects.requireNonNull(gp, "gp");
            Objects.requireNonNull(ucb, "ucb");
        }

        /** bayes_opt 1.2.0 with {@code acq='ucb', kappa=2.576}. */
        public Options() {
            this(new GaussianProcess.Options(), new UcbMaximizer.Options());
        }
    }

    /**
     * One probe: the point, the target returned for it, and whether it came from the cache (no objective call, no
     * new observation).
     */
    public record Probe(double[] x, double target, boolean cached) {
        public Probe {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public String toString() {
            return "Probe(" + Arrays.toString(x) + " -> " + target + (cached ? ", cached)" : ")");
        }
    }

    /**
     * A finished run.
     *
     * @param probes     all T probes in order, cached ones included
     * @param registered the observations the GP saw, in registration order (the uncached probes)
     */
    public record Run(List<Probe> probes, List<Probe> registered) {
        public Run {
            probes = List.copyOf(probes);
            registered = List.copyOf(registered);
        }

        /** The registered observation with the largest target, the first on ties (bayes_opt's {@code max}). */
        public Probe best() {
            Probe best = registered.get(0);
            for (Probe p : registered) {
                if (p.target() > best.target()) {
                    best = p;
                }
            }
            return best;
        }

        /** The registered targets in order. */
        public double[] targets() {
            return registered.stream().mapToDouble(Probe::target).toArray();
        }

        /** The number of probes served from the cache. */
        public int cacheHits() {
            return (int) probes.stream().filter(Probe::cached).count();
        }
    }

    private BayesianOptimizer() {
    }

    /**
     * Runs {@code probes} probes of {@code objective} over the box {@code [lo, hi]}.
     *
     * @param objective   called once per uncached probe with a fresh copy of the point; must return a finite value
     * @param probes      the total number of probes T >= 1, cached ones included
     * @param spaceStream U[0,1) doubles for the first, random point ({@code lo.length} draws)
     * @param optStream   U[0,1) doubles for the GP restarts and the acquisition
     */
    public static Run maximize(ToDoubleFunction<double[]> objective, double[] lo, double[] hi, int probes,
                               DoubleSupplier spaceStream, DoubleSupplier optStream, Options options) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(spaceStream, "spaceStream");
        Objects.requireNonNull(optStream, "optStream");
        int dim = UcbMaximizer.checkBox(lo, hi);
        if (probes < 1) {
            throw new IllegalArgumentException("probes must be >= 1, got " + probes);
        }
        double[] lower = lo.clone();
        double[] upper = hi.clone();
        List<Probe> all = new ArrayList<>(probes);
        List<Probe> registered = new ArrayList<>(probes);
        for (int t = 0; t < probes; t++) {
            double[] x;
            if (t == 0) {
                x = new double[dim];
                UcbMaximizer.draw(lower, upper, spaceStream, x);
            } else {
                double[][] xs = new double[registered.size()][];
                double[] ys = new double[registered.size()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = registered.get(i).x;
                    ys[i] = registered.get(i).target();
                }
                GaussianProcess gp = GaussianProcess.fit(xs, ys, options.gp(), optStream);
                x = UcbMaximizer.maximize(gp, lower, upper, options.ucb(), optStream).x();
            }
            Probe cached = lookup(registered, x);
            if (cached != null) {
                all.add(new Probe(x, cached.target(), true));
                continue;
            }
            double y = objective.applyAsDouble(x.clone());
            if (!Double.isFinite(y)) {
                throw new IllegalArgumentException("the objective returned " + y + " at " + Arrays.toString(x)
                        + " (probe " + (t + 1) + "); the GP needs finite targets");
            }
            Probe probe = new Probe(x, y, false);
            all.add(probe);
            registered.add(probe);
        }
        return new Run(all, registered);
    }

    /** The registered probe equal to x in every coordinate, or null (bayes_opt's {@code _cache} lookup). */
    static Probe lookup(List<Probe> registered, double[] x) {
        for (Probe p : registered) {
            if (sameCoordinates(p.x, x)) {
                return p;
            }
        }
        return null;
    }

    /** Python tuple-of-floats equality: coordinate-wise {@code ==}. */
    static boolean sameCoordinates(double[] a, double[] b) {
        for (int c = 0; c < a.length; c++) {
            if (a[c] != b[c]) {
                return false;
            }
        }
        return true;
    }
}
