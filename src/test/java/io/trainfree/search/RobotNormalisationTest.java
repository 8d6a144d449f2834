package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Robot.Normalisation#RANKS} on hand-checked vectors, its invariants, and what it changes in a score. */
class RobotNormalisationTest {
    private static final double NAN = Double.NaN;

    @Test
    void ranksAreMinMaxScaledAverageRanks() {
        // defined values -inf, 3, 3, 10, 1e9 have average ranks 1, 2.5, 2.5, 4, 5: (r - 1) / 4
        assertArrayEquals(new double[] {0.375, NAN, 0.75, 1, 0.375, 0},
                Robot.ranks(new double[] {3, NAN, 10, 1e9, 3, Double.NEGATIVE_INFINITY}), 0.0);
        // a tied bottom is the 0 of the scale, as min-max would make it: ranks 2, 2, 2, 4 -> 0, 0, 0, 1
        assertArrayEquals(new double[] {0, 0, 0, 1}, Robot.ranks(new double[] {0, 0, 0, 5}), 0.0);
        // unlike min-max, element 0 being NaN does not drop the metric, and a -1e8 sentinel squeezes nothing
        assertArrayEquals(new double[] {NAN, 0.5, 1, 0}, Robot.ranks(new double[] {NAN, 10, 20, -1e8}), 0.0);
    }

    @Test
    void degenerateMetricsGiveZeroOrNaN() {
        assertArrayEquals(new double[] {0, 0, NAN}, Robot.ranks(new double[] {2, 2, NAN}), 0.0);
        assertArrayEquals(new double[] {0}, Robot.ranks(new double[] {7}), 0.0);
        assertTrue(Arrays.stream(Robot.ranks(new double[] {NAN, NAN})).allMatch(Double::isNaN));
        assertEquals(0, Robot.ranks(new double[0]).length);
    }

    @Test
    void ranksKeepTheOrderAndIgnoreMonotoneTransforms() {
        var r = new SplittableRandom(3);
        double[] raw = IntStream.range(0, 500).mapToDouble(i -> i % 17 == 5 ? NAN : Math.floor(r.nextGaussian() * 8))
                .toArray();
        double[] v = Robot.ranks(raw);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(Double.isNaN(raw[i]), Double.isNaN(v[i]), "NaN stays NaN, and only NaN: " + i);
            for (int j = 0; j < raw.length; j++) {
                if (raw[i] < raw[j]) {
                    assertTrue(v[i] < v[j], i + " below " + j);
                } else if (raw[i] == raw[j]) {
                    assertEquals(v[i], v[j], 0.0, i + " ties " + j);
                }
            }
        }
        double[] exp = Arrays.stream(raw).map(Math::exp).toArray(); // spans many decades, as synflow does
        assertArrayEquals(v, Robot.ranks(exp), 0.0);
        // min-max is not invariant: the exponential crowds the bulk towards 0
        assertTrue(median(Robot.normalise(exp)) < median(Robot.normalise(raw)) / 10);
    }

    @Test
    void anOutlierDoesNotFlattenTheOtherValues() {
        double[] raw = new double[101];
        for (int i = 0; i < 100; i++) {
            raw[i] = i;
        }
        raw[100] = 1.8e9; // as fisher on a cell whose convolution is fed only zeros
        double[] minMax = Robot.normalise(raw);
        double[] ranks = Robot.ranks(raw);
        assertTrue(minMax[99] - minMax[0] < 1e-7, "min-max squeezes the 100 others below 1e-7");
        assertEquals(0.99, ranks[99] - ranks[0], 1e-12);
        assertEquals(1, ranks[100], 0.0);
        assertEquals(0.01, ranks[100] - ranks[99], 1e-12);
    }

    /**
     * Metric a follows a hidden quality but one bad cell has an enormous value; metric b is noise of ordinary range.
     * With equal weights, min-max leaves b alone to decide the ranking; ranks let a count.
     */
    @Test
    void equalWeightsHearBothMetricsUnderRanks() {
        int n = 400;
        var r = new SplittableRandom(11);
        double[] quality = r.doubles(n, 0, 100).toArray();
        double[] a = Arrays.stream(quality).map(q -> q + r.nextGaussian() * 10).toArray();
        double[] b = r.doubles(n, 0, 100).toArray();
        a[0] = 1e12;
        quality[0] = 0;
        var metrics = new ProxyMetrics("made-up", List.of("a", "b"), new double[][] {a, b});
        double[] w = {1, 1};
        int[] minMax = Robot.ranking(new Robot(metrics).scores(w));
        int[] ranks = Robot.ranking(new Robot(metrics, new Robot.Options()
                .withNormalisation(Robot.Normalisation.RANKS)).scores(w));
        int[] byB = Robot.ranking(b);
        assertArrayEquals(Arrays.copyOf(byB, 10), Arrays.copyOfRange(minMax, 1, 11), "min-max: the outlier, then b");
        double minMaxTop = meanQuality(quality, minMax, 20);
        double ranksTop = meanQuality(quality, ranks, 20);
        assertTrue(ranksTop > minMaxTop + 15, "top-20 mean quality: ranks " + ranksTop + ", min-max " + minMaxTop);
    }

    @Test
    void aNaNTermCountsAsTheBottomUnderBothNormalisations() {
        var metrics = new ProxyMetrics("hand", List.of("x", "y"), new double[][] {{1, NAN, 4, 9}, {5, 6, 7, 8}});
        var robot = new Robot(metrics, new Robot.Options().withNormalisation(Robot.Normalisation.RANKS));
        // x: ranks 0, NaN, .5, 1; y: 0, 1/3, 2/3, 1
        assertArrayEquals(new double[] {0, -1.0 / 3, 0.5 - 2.0 / 3, 0}, robot.scores(new double[] {1, -1}), 1e-15);
        assertArrayEquals(new double[] {0, 1.0 / 3, 0.5 + 2.0 / 3, 2}, robot.scores(new double[] {1, 1}), 1e-15);
    }

    @Test
    void namesAndIdsTellTheVariantsApart() {
        var metrics = new ProxyMetrics("hand", List.of("x"), new double[][] {{1, 2}});
        assertEquals("RoBoT", new Robot(metrics).name());
        assertEquals("RoBoT ranks", new Robot(metrics, new Robot.Options()
                .withNormalisation(Robot.Normalisation.RANKS)).name());
        assertEquals(Robot.Normalisation.MIN_MAX, new Robot.Options().normalisation());
        assertEquals(Robot.Normalisation.MIN_MAX, Robot.Normalisation.parse("min-max"));
        assertEquals(Robot.Normalisation.RANKS, Robot.Normalisation.parse(" Ranks "));
        assertEquals(Robot.Normalisation.MIN_MAX, Robot.Normalisation.parse("MIN_MAX"));
        assertThrows(IllegalArgumentException.class, () -> Robot.Normalisation.parse("quantiles"));
        assertThrows(NullPointerException.class, () -> new Robot.Options().withNormalisation(null));
    }

    @Test
    void aRankRunSpendsTheBudgetOnDistinctArchitectures() {
        int n = 300;
        var r = new SplittableRandom(5);
        double[] quality = r.doubles(n, 0, 100).toArray();
        double[] a = Arrays.stream(quality).map(q -> q + r.nextGaussian() * 20).toArray();
        double[] c = r.doubles(n).toArray();
        var metrics = new ProxyMetrics("made-up", List.of("a", "c"), new double[][] {a, c});
        double[] cost = new double[n];
        Arrays.fill(cost, 10);
        var problem = new SearchProblem("made-up", quality, cost, quality.clone());
        var robot = new Robot(metrics, new Robot.Options().withNormalisation(Robot.Normalisation.RANKS));
        Search s = robot.run(problem, 15, 10);
        assertEquals("RoBoT ranks", s.strategy());
        assertEquals(15, Arrays.stream(s.queried()).distinct().count());
        assertTrue(s.explored() >= 1 && s.explored() <= 15);
    }

    private static double meanQuality(double[] quality, int[] ranking, int k) {
        return Arrays.stream(ranking).limit(k).mapToDouble(i -> quality[i]).average().orElseThrow();
    }

    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return s[s.length / 2];
    }
}
