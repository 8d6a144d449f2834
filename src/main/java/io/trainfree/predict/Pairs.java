package io.trainfree.predict;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The comparisons drawn from one mini-batch (aw_nas {@code compare_data}): pairs {@code (i, j)}, i &lt; j, of cells
 * whose labels differ by strictly more than 0 (ties form no pair), both labels finite (NaN or infinite values form no
 * pair); {@code sign} is +1 where cell {@code j} is better (higher label), -1 where {@code i} is. Where more than
 * {@code maxPairs} pairs exist, a uniformly random subset of that many is kept, in (i, j) order.
 *
 * @param first  index of each pair's first cell in the batch
 * @param second index of each pair's second cell
 * @param sign   +1 if the second is better, else -1
 */
public record Pairs(int[] first, int[] second, float[] sign) {
    public Pairs {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(sign, "sign");
        if (first.length != second.length || first.length != sign.length) {
            throw new IllegalArgumentException("pair arrays differ in length: " + first.length + ", "
                    + second.length + ", " + sign.length);
        }
        first = first.clone();
        second = second.clone();
        sign = sign.clone();
    }

    /**
     * The pairs of a batch with these labels.
     *
     * @param labels   one label per cell of the batch, higher is better
     * @param maxPairs at most this many are kept (the reference: 4 x the batch size)
     * @param rng      draws the kept subset; not touched when all pairs are kept
     */
    public static Pairs sample(double[] labels, int maxPairs, RandomGenerator rng) {
        if (maxPairs < 0) {
            throw new IllegalArgumentException("maxPairs must be >= 0, got " + maxPairs);
        }
        int n = labels.length;
        var candidates = new long[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(labels[i])) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (Double.isFinite(labels[j]) && Math.abs(labels[j] - labels[i]) > 0) {
                    candidates[count++] = (long) i * n + j;
                }
            }
        }
        if (count > maxPairs) {
            for (int k = 0; k < maxPairs; k++) { // partial Fisher-Yates: the first maxPairs are a uniform subset
                int r = k + rng.nextInt(count - k);
                long t = candidates[k];
                candidates[k] = candidates[r];
                candidates[r] = t;
            }
            count = maxPairs;
            Arrays.sort(candidates, 0, count);
        }
        var first = new int[count];
        var second = new int[count];
        var sign = new float[count];
        for (int k = 0; k < count; k++) {
            first[k] = (int) (candidates[k] / n);
            second[k] = (int) (candidates[k] % n);
            sign[k] = labels[second[k]] > labels[first[k]] ? 1f : -1f;
        }
        return new Pairs(first, second, sign);
    }

    /** Number of pairs. */
    public int size() {
        return first.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pairs p && Arrays.equals(first, p.first) && Arrays.equals(second, p.second)
                && Arrays.equals(sign, p.sign);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(first), Arrays.hashCode(second), Arrays.hashCode(sign));
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("Pairs[");
        for (int k = 0; k < first.length; k++) {
            sb.append(k == 0 ? "" : ", ").append('(').append(first[k]).append(", ").append(second[k]).append(", ")
                    .append(sign[k] > 0 ? '+' : '-').append(')');
        }
        return sb.append(']').toString();
    }
}
