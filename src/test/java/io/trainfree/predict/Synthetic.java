package io.trainfree.predict;

import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Synthetic ranking tasks for the predictor tests: labels a small network can learn, and Kendall's tau-b. */
final class Synthetic {
    private Synthetic() {
    }

    /** {@code n} distinct cells drawn by a seeded shuffle of the whole space, skipping the first {@code skip}. */
    static List<Nb201Arch> cells(int skip, int n) {
        var all = new ArrayList<>(Nb201Arch.all());
        Collections.shuffle(all, new Random(0));
        return List.copyOf(all.subList(skip, skip + n));
    }

    /**
     * An additive label: a fixed weight per (edge, op) summed over the cell's edges, plus {@code noise} times a
     * standard normal. Distinct cells almost never tie, so a perfect ranking has tau 1.
     */
    static double[] additive(List<Nb201Arch> cells, long seed, double noise) {
        var rng = new Random(seed);
        var w = new double[6][5];
        for (double[] row : w) {
            for (int o = 0; o < 5; o++) {
                row[o] = rng.nextDouble();
            }
        }
        var noiseRng = new Random(seed + 1);
        var labels = new double[cells.size()];
        for (int i = 0; i < labels.length; i++) {
            for (int e = 0; e < 6; e++) {
                labels[i] += w[e][OpMatrix.code(cells.get(i).op(e))];
            }
            labels[i] += noise * noiseRng.nextGaussian();
        }
        return labels;
    }

    /**
     * The additive label over the live edges only: an edge counts where its op is not none, its source is reached
     * from the cell input and its target reaches the output through non-none edges. Information flows only along
     * such edges, so GATES (a flow model) gives every cell with the same live edges the same embedding and can learn
     * this label but not {@link #additive}, where dead edges count too.
     */
    static double[] liveAdditive(List<Nb201Arch> cells, long seed, double noise) {
        var rng = new Random(seed);
        var w = new double[6][5];
        for (double[] row : w) {
            for (int o = 1; o < 5; o++) {
                row[o] = rng.nextDouble();
            }
        }
        var noiseRng = new Random(seed + 1);
        var labels = new double[cells.size()];
        for (int i = 0; i < labels.length; i++) {
            Nb201Arch a = cells.get(i);
            var reached = new boolean[4];
            reached[0] = true;
            for (int e = 0; e < 6; e++) {
                reached[Nb201Arch.to(e)] |= reached[Nb201Arch.from(e)] && a.op(e) != io.trainfree.space.Nb201Op.NONE;
            }
            var reaches = new boolean[4];
            reaches[3] = true;
            for (int e = 5; e >= 0; e--) {
                reaches[Nb201Arch.from(e)] |= reaches[Nb201Arch.to(e)] && a.op(e) != io.trainfree.space.Nb201Op.NONE;
            }
            for (int e = 0; e < 6; e++) {
                if (reached[Nb201Arch.from(e)] && reaches[Nb201Arch.to(e)]) {
                    labels[i] += w[e][OpMatrix.code(a.op(e))];
                }
            }
            labels[i] += noise * noiseRng.nextGaussian();
        }
        return labels;
    }

    /** Kendall's tau-b, O(n^2): (concordant - discordant) / sqrt((pairs - ties in a)(pairs - ties in b)). */
    static double tau(double[] a, double[] b) {
        long c = 0;
        long d = 0;
        long tiesA = 0;
        long tiesB = 0;
        long pairs = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                pairs++;
                double s = Math.signum(a[i] - a[j]) * Math.signum(b[i] - b[j]);
                if (a[i] == a[j]) {
                    tiesA++;
                }
                if (b[i] == b[j]) {
                    tiesB++;
                }
                if (s > 0) {
                    c++;
                } else if (s < 0) {
                    d++;
                }
            }
        }
        return (c - d) / Math.sqrt((double) (pairs - tiesA) * (pairs - tiesB));
    }
}
