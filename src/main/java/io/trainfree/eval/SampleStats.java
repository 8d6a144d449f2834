package io.trainfree.eval;

import java.util.Arrays;

/** Mean, sample standard deviation and standard error of the defined (non-NaN) values of a sample, for the studies. */
final class SampleStats {
    private SampleStats() {
    }

    /** The mean of the values that are not NaN; NaN if there are none. */
    static double mean(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1) of the values that are not NaN; NaN below two. */
    static double std(double[] v) {
        double[] x = Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray();
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = Arrays.stream(x).average().orElseThrow();
        return Math.sqrt(Arrays.stream(x).map(d -> (d - m) * (d - m)).sum() / (x.length - 1));
    }

    /** The standard error of the mean, {@link #std} / sqrt(n) over the values that are not NaN; NaN below two. */
    static double stderr(double[] v) {
        long n = Arrays.stream(v).filter(d -> !Double.isNaN(d)).count();
        return std(v) / Math.sqrt(n);
    }
}
