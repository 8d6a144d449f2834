package io.trainfree.search;

import io.trainfree.bench.Tnb101;
import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The REINFORCE baseline of RoBoT's {@code search_nb201.py} (docs/robot.md §4): a table of logits, one softmax per
 * position over the space's code alphabet ({@link ArchCodes}; for NAS-Bench-201 6 edges x RoBoT's 5 op codes,
 * {@link Nb201Op#robotCode()}), initialised to {@code 1e-3 * N(0, 1)}; each sample's reward is its objective; the
 * baseline is a bias-corrected exponential moving average (momentum 0.9) updated with the current reward
 * <em>before</em> the advantage is taken (so the first advantage is 0); the loss
 * {@code -sum(log pi) * (reward - baseline)} takes one Adam step (lr 0.01, torch's defaults betas (0.9, 0.999),
 * eps 1e-8) per sample, repeats included; the run stops when T distinct architectures were sampled, and only those
 * are recorded and costed.
 *
 * <p>The reference draws from torch's generator ({@code torch.manual_seed}, {@code randn}, {@code Categorical});
 * this one draws from {@link NumpyRandom}: the initial logits are {@code standard_normal()} in row-major order,
 * each position's code is the inverse CDF of one {@code random_sample()}. Runs therefore match the reference only
 * statistically, never draw for draw.
 *
 * <p>On TransNAS-Bench-101 micro (6 edges x 4 ops) the policy is the reference's. Macro networks have 4 to 6
 * modules: here a first softmax picks the length and one softmax per module its code 1..4, and a code list the
 * space does not have is drawn again without a reward or an update. The reference's macro policy (two choices per
 * module through combination tables, raw rewards, unseeded) is not ported; docs/robot.md §5 says how they differ.
 */
public final class Reinforce implements SearchStrategy {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double MOMENTUM = 0.9;

    private final ArchCodes codes;
    private final long maxSamples;
    /** The code-list lengths the space has, ascending; more than one puts a length softmax first. */
    private final int[] lengths;

    /** At most 1,000,000 samples per run (see {@link #Reinforce(ArchCodes, long)}). */
    public Reinforce(Nb201Space space) {
        this(space, 1_000_000);
    }

    /**
     * @param space      the NAS-Bench-201 index order of the problems (e.g. {@code nb201.space()})
     * @param maxSamples samples after which a run gives up: once the policy has collapsed onto a few cells the
     *                   reference code would sample them forever
     */
    public Reinforce(Nb201Space space, long maxSamples) {
        this(ArchCodes.nb201(Objects.requireNonNull(space, "space")), maxSamples);
    }

    /** REINFORCE on a TransNAS-Bench-101 space, at most 1,000,000 samples per run. */
    public static Reinforce tnb101(Tnb101 bench) {
        return new Reinforce(ArchCodes.tnb101(bench), 1_000_000);
    }

    /**
     * @param codes      the problems' architectures by index, as code lists over an alphabet
     * @param maxSamples samples (drawn again invalid ones included) after which a run gives up
     */
    public Reinforce(ArchCodes codes, long maxSamples) {
        this.codes = Objects.requireNonNull(codes, "codes");
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be >= 1, got " + maxSamples);
        }
        this.maxSamples = maxSamples;
        this.lengths = IntStream.range(0, codes.size()).map(i -> codes.codes(i).length).distinct().sorted()
                .toArray();
    }

    /**
     * @param budget 1 to the space's size
     * @throws IllegalStateException if the budget was not reached within {@code maxSamples} samples
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        problem.requireRunnable(name(), codes.size(), budget);
        var rng = new NumpyRandom(seed);
        int[] alphabet = codes.alphabet();
        int positions = lengths[lengths.length - 1];
        boolean byLength = lengths.length > 1;
        // row 0 chooses the length when lengths differ; the others the code at each position
        int rows = positions + (byLength ? 1 : 0);
        var logits = new double[rows][];
        for (int r = 0; r < rows; r++) {
            logits[r] = new double[byLength && r == 0 ? lengths.length : alphabet.length];
            for (int k = 0; k < logits[r].length; k++) {
                logits[r][k] = 1e-3 * rng.standardNormal();
            }
        }
        var m = new double[rows][];
        var v = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = new double[logits[r].length];
            v[r] = new double[logits[r].length];
        }
        double emaNum = 0;
        double emaDen = 0;
        var queried = new ArrayList<Integer>(budget);
        var seen = new HashSet<Integer>();
        var probs = new double[rows][];
        var action = new int[rows];
        long samples = 0;
        long step = 0;
        while (queried.size() < budget) {
            if (samples == maxSamples) {
                throw new IllegalStateException(name() + " seed " + seed + ": only " + queried.size() + " of "
                        + budget + " distinct architectures after " + maxSamples + " samples");
            }
            samples++;
            int length = positions;
            int first = 0;
            if (byLength) {
                probs[0] = softmax(logits[0]);
                action[0] = sample(probs[0], rng.randomSample());
                length = lengths[action[0]];
                first = 1;
            }
            int used = first + length; // rows of this sample: the gradient of the others is 0
            int[] drawn = new int[length];
            for (int r = first; r < used; r++) {
                probs[r] = softmax(logits[r]);
                action[r] = sample(probs[r], rng.randomSample());
                drawn[r - first] = alphabet[action[r]];
            }
            OptionalInt index = codes.index(drawn);
            if (index.isEmpty()) {
                continue;
            }
            int arch = index.getAsInt();
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
            // Adam moves every logit each step, also rows whose gradient is 0 (their moments decay)
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < logits[r].length; k++) {
                    // d/d logit of -log softmax(logits)[a] * advantage
                    double g = r < used ? -advantage * ((k == action[r] ? 1 : 0) - probs[r][k]) : 0;
                    m[r][k] = BETA1 * m[r][k] + (1 - BETA1) * g;
                    v[r][k] = BETA2 * v[r][k] + (1 - BETA2) * g * g;
                    logits[r][k] -= LR / bc1 * m[r][k] / (Math.sqrt(v[r][k]) / Math.sqrt(bc2) + EPS);
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
