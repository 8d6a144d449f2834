package io.trainfree.math;

import java.util.Arrays;

/** Ranks of values, as scipy's {@code rankdata(method="average")} gives them. */
public final class Ranks {
    private Ranks() {
    }

    /**
     * Average ranks, 1-based, ascending: equal values share the mean of their positions ({@code {3, 5, 5, 1}} gives
     * {@code {2, 3.5, 3.5, 1}}). NaN must be removed first: it compares unequal to itself.
     *
     * @throws IllegalArgumentException on NaN, naming its position
     */
    public static double[] average(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN: it has no rank");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = r;
            }
            i = j + 1;
        }
        return rank;
    }
}
