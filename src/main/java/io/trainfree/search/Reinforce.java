package io.trainfree.search;

import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;

/**
 * The REINFORCE baseline of RoBoT's {@code search_nb201.py} (docs/robot.md §4): a 6 x 5 table of logits, one softmax
 * per edge over RoBoT's op codes ({@link Nb201Op#robotCode()}), initialised to {@code 1e-3 * N(0, 1)}; each sample's
 * reward is its objective; the baseline is a bias-corrected exponential moving average (momentum 0.9) updated with
 * the current reward <em>before</em> the advantage is taken (so the first advantage is 0); the loss
 * {@code -sum(log pi) * (reward - baseline)} takes one Adam step (lr 0.01, torch's defaults betas (0.9, 0.999),
 * eps 1e-8) per sample, repeats included; the run stops when T distinct architectures were sampled, and only those
 * are recorded and costed.
 *
 * <p>The reference draws from torch's generator ({@code torch.manual_seed}, {@code randn}, {@code Categorical});
 * this one draws from {@link NumpyRandom}: the 30 initial logits are {@code standard_normal()} in row-major order,
 * each edge's op is the inverse CDF of one {@code random_sample()}. Runs therefore match the reference only
 * statistically, never draw for draw.
 */
public final class Reinforce implements SearchStrategy {
    private static final int OPS = Nb201Op.values().length;
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double MOMENTUM = 0.9;

    private final Nb201Space space;
    private final long maxSamples;

    /** At most 1,000,000 samples per run (see {@link #Reinforce(Nb201Space, long)}). */
    public Reinforce(Nb201Space space) {
        this(space, 1_000_000);
    }

    /**
     * @param space      the NAS-Bench-201 index order of the problems (e.g. {@code nb201.space()})
     * @param maxSamples samples after which a run gives up: once the policy has collapsed onto a few cells the
     *                   reference code would sample them forever
     */
    public Reinforce(Nb201Space space, long maxSamples) {
        this.space = Objects.requireNonNull(space, "space");
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be >= 1, got " + maxSamples);
        }
        this.maxSamples = maxSamples;
    }

    /**
     * @param budget 1 to the space's size
     * @throws IllegalStateException if the budget was not reached within {@code maxSamples} samples
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        int n = problem.size();
        problem.requireRunnable(name(), space.size(), budget);
        var rng = new NumpyRandom(seed);
        int edges = Nb201Arch.EDGES;
        var logits = new double[edges][OPS];
        for (double[] row : logits) {
            for (int k = 0; k < OPS; k++) {
                row[k] = 1e-3 * rng.standardNormal();
            }
        }
        var m = new double[edges][OPS];
        var v = new double[edges][OPS];
        double emaNum = 0;
        double emaDen = 0;
        var queried = new ArrayList<Integer>(budget);
        var seen = new HashSet<Integer>();
        var probs = new double[edges][];
        var action = new int[edges];
        long step = 0;
        while (queried.size() < budget) {
            if (step == maxSamples) {
                throw new IllegalStateException(name() + " seed " + seed + ": only " + queried.size() + " of "
                        + budget + " distinct architectures after " + maxSamples + " samples");
            }
            var ops = new Nb201Op[edges];
            for (int e = 0; e < edges; e++) {
                probs[e] = softmax(logits[e]);
                action[e] = sample(probs[e], rng.randomSample());
                ops[e] = Nb201Op.fromRobot(action[e]);
            }
            int arch = space.index(Nb201Arch.of(ops));
            double reward = problem.objective(arch);
            if (seen.add(arch)) {
                queried.add(arch);
            }
            emaNum = MOMENTUM * emaNum + (1 - MOMENTUM) * reward;
            emaDen = MOMENTUM * emaDen + (1 - MOMENTUM);
            double advantage = reward - emaNum / emaDen;
            step++;
            double bc1 = 1 - Math.pow(BETA1, step);
            double bc2 = 1 - Math.pow(BETA2, step);
            for (int e = 0; e < edges; e++) {
                for (int k = 0; k < OPS; k++) {
                    // d/d logit of -log softmax(logits)[a] * advantage
                    double g = -advantage * ((k == action[e] ? 1 : 0) - probs[e][k]);
                    m[e][k] = BETA1 * m[e][k] + (1 - BETA1) * g;
                    v[e][k] = BETA2 * v[e][k] + (1 - BETA2) * g * g;
                    logits[e][k] -= LR / bc1 * m[e][k] / (Math.sqrt(v[e][k]) / Math.sqrt(bc2) + EPS);
                }
            }
        }
        return Search.of(problem, name(), seed, queried.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) {
            max = Math.max(max, x);
        }
        var p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** The first k whose cumulative probability exceeds u; the last op if rounding leaves u above the total. */
    private static int sample(double[] p, double u) {
        double c = 0;
        for (int k = 0; k < p.length; k++) {
            c += p[k];
            if (u < c) {
                return k;
            }
        }
        return p.length - 1;
    }

    /** {@code REINFORCE}. */
    @Override
    public String name() {
        return "REINFORCE";
    }
}
