package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.eval.Precision;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Greedy, the training-free rows of Table 2 and the Figure 2 curves on made-up data (no files needed). */
class GreedyTest {
    private static final double NAN = Double.NaN;
    /** Objective (true) ranks: 1, 3, 5, 2, 4, 0. */
    private static final double[] OBJECTIVE = {10, 60, 30, 50, 20, 40};
    private static final double[] REPORTED = {90, 95, 92, 94, 91, 93};
    private static final double[] COST = {1, 2, 3, 4, 5, 6};
    private static final SearchProblem PROBLEM = new SearchProblem("six", OBJECTIVE, COST, REPORTED);
    /** Descending: 0, 2, 3, 5, 1, then 4 (NaN). */
    private static final double[] SCORE = {0.9, 0.1, 0.8, 0.7, NAN, 0.2};

    @Test
    void queriesTheTopTAndKeepsTheBestByObjective() {
        var g = new Greedy("s", SCORE);
        assertEquals("greedy s", g.name());
        assertArrayEquals(new int[] {0, 2, 3, 5, 1, 4}, g.ranking());
        Search s = g.run(PROBLEM, 3, 7);
        assertArrayEquals(new int[] {0, 2, 3}, s.queried());
        assertEquals(3, s.pick()); // objective 50 beats 10 and 30
        assertEquals(94.0, s.reported(), 0.0);
        assertEquals(1 + 3 + 4, s.cost(), 0.0);
        assertArrayEquals(new double[] {90, 92, 94}, s.curve());
        assertEquals(3, s.explored());
        assertArrayEquals(s.queried(), g.run(PROBLEM, 3, 8).queried(), "the seed is ignored");
        // NaN comes last, and is queried once the budget reaches it
        assertArrayEquals(new int[] {0, 2, 3, 5, 1, 4}, g.run(PROBLEM, 6, 0).queried());
    }

    @Test
    void ascendingStartsFromTheLowestAndStillPutsNaNLast() {
        var g = new Greedy("s", SCORE, Greedy.Order.ASCENDING);
        assertEquals("greedy s (ascending)", g.name());
        assertArrayEquals(new int[] {1, 5, 3, 2, 0, 4}, g.ranking());
        Search s = g.run(PROBLEM, 2, 0);
        assertEquals(1, s.pick());
        assertEquals(95.0, s.reported(), 0.0);
        // equal values: the larger index first, in both directions
        assertArrayEquals(new int[] {2, 1, 0}, new Greedy("c", new double[3], Greedy.Order.ASCENDING).ranking());
    }

    @Test
    void theOrderIsRobotsAndPrecisionsOnRandomScoresWithTies() {
        var r = new SplittableRandom(5);
        double[] s = r.ints(500, 0, 40).asDoubleStream().toArray(); // many ties
        assertArrayEquals(Robot.ranking(s), new Greedy("s", s).ranking());
        s[17] = NAN;
        s[3] = NAN;
        assertArrayEquals(Precision.ranking(s), new Greedy("s", s).ranking());
    }

    private static ProxyMetrics three() {
        return new ProxyMetrics("hand", List.of("a", "b", "c"), new double[][] {
            SCORE, // picks 3: reported 94
            {6, 5, 4, 3, 2, 1}, // top 2 = {0, 1}: picks 1, reported 95
            {1, 1, 1, 1, 1, 1}}); // ties: {5, 4}, picks 5, reported 93
    }

    @Test
    void trainingFreeAverageAndBest() {
        var tf = TrainingFree.run(three(), PROBLEM, 2);
        assertEquals(List.of("greedy a", "greedy b", "greedy c"), tf.runs().stream().map(Search::strategy).toList());
        // a's top 2 = {0, 2}: picks 2 (30 > 10), reported 92
        assertArrayEquals(new int[] {2, 1, 5}, tf.runs().stream().mapToInt(Search::pick).toArray());
        double mean = (92 + 95 + 93) / 3.0;
        double std = Math.sqrt(((92 - mean) * (92 - mean) + (95 - mean) * (95 - mean) + (93 - mean) * (93 - mean)) / 3);
        assertEquals(mean, tf.average().mean(), 1e-12);
        assertEquals(std, tf.average().std(), 1e-12, "population std over the metrics");
        assertEquals(((1 + 3) + (1 + 2) + (6 + 5)) / 3.0, tf.average().meanCost(), 1e-12);
        assertEquals(TrainingFree.AVERAGE, tf.average().strategy());
        assertEquals("greedy b", tf.best().strategy());
        assertEquals(95.0, tf.best().reported(), 0.0);
        // the AVERAGE curve: mean over metrics of each greedy curve
        assertArrayEquals(new double[] {(90 + 90 + 93) / 3.0, mean}, tf.average().meanCurve(), 1e-12);
        Table summary = tf.summary();
        assertEquals(List.of(TrainingFree.AVERAGE, TrainingFree.BEST), summary.stringColumn("row").asList());
        assertEquals(95.0, summary.doubleColumn("reported").get(1), 0.0);
        assertEquals(3, tf.table().rowCount());
    }

    @Test
    void aTieForBestGoesToTheFirstMetric() {
        var m = new ProxyMetrics("hand", List.of("x", "y"), new double[][] {{6, 5, 4, 3, 2, 1}, {5, 6, 4, 3, 2, 1}});
        assertEquals("greedy x", TrainingFree.run(m, PROBLEM, 2).best().strategy());
    }

    @Test
    void meanCurveCarriesAShortRunsFinalValue() {
        // a run with a repeat has 2 distinct queries for a budget of 3
        Search shortRun = Search.of(PROBLEM, "x", 1, new int[] {0, 0, 3});
        Search longRun = Search.of(PROBLEM, "x", 2, new int[] {2, 1, 4});
        var summary = SearchSummary.of(PROBLEM, List.of(shortRun, longRun));
        assertArrayEquals(new double[] {(90 + 92) / 2.0, (94 + 95) / 2.0}, summary.meanCurve(), 0.0);
        assertArrayEquals(new double[] {(90 + 92) / 2.0, (94 + 95) / 2.0, (94 + 95) / 2.0}, summary.meanCurve(3), 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> summary.meanCurve(4));
        assertTrue(e.getMessage().contains("4 is not in 1..3"), e.getMessage());
    }

    @Test
    void curvesHaveAQueriesColumnAndOneColumnPerStrategy() {
        long[] seeds = {10, 11};
        Table t = SearchSummary.curves(PROBLEM, 3, seeds, List.of(new Greedy("a", SCORE), new RandomSearch()));
        assertEquals(List.of("queries", "greedy a", "RS"), t.columnNames());
        assertEquals(List.of(1, 2, 3), t.intColumn("queries").asList());
        assertArrayEquals(new double[] {90, 92, 94}, t.doubleColumn("greedy a").asDoubleArray(), 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> SearchSummary.curves(PROBLEM, 3, seeds,
                List.of(new RandomSearch(), new RandomSearch())));
        assertTrue(e.getMessage().contains("'RS'"), e.getMessage());
    }

    @Test
    void proxyMetricsGainAnExtraScoreAndGiveAnOrderedMap() {
        var m = three().with("ensemble", REPORTED);
        assertEquals(List.of("a", "b", "c", "ensemble"), m.names());
        assertEquals(List.of("a", "b", "c", "ensemble"), List.copyOf(m.columns().keySet()));
        assertArrayEquals(REPORTED, m.columns().get("ensemble"), 0.0);
        assertThrows(IllegalArgumentException.class, () -> three().with("a", REPORTED));
        assertThrows(IllegalArgumentException.class, () -> three().with("d", new double[2]));
    }

    @Test
    void aMetricMadeNaNOnSomeCellsLeavesTheOthers() {
        var m = three().withNaNWhere("b", i -> i % 2 == 0);
        assertArrayEquals(new double[] {NAN, 5, NAN, 3, NAN, 1}, m.column("b"), 0.0);
        assertArrayEquals(SCORE, m.column("a"), 0.0);
        assertArrayEquals(new double[] {6, 5, 4, 3, 2, 1}, three().column("b"), 0.0, "the original is unchanged");
        assertEquals("hand, b NaN on 3 architectures", m.source());
        // greedy on b now queries 1, 3, 5 first: NaN last
        assertArrayEquals(new int[] {1, 3, 5}, Greedy.of(m, "b").run(PROBLEM, 3, 0).queried());
        assertThrows(IllegalArgumentException.class, () -> three().withNaNWhere("d", i -> true));
    }

    @Test
    void badBudgetsAndSizesAreNamed() {
        var g = new Greedy("s", SCORE);
        var e = assertThrows(IllegalArgumentException.class, () -> g.run(PROBLEM, 7, 0));
        assertTrue(e.getMessage().contains("greedy s budget 7 is not in 1..6"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> new Greedy("s", new double[4]).run(PROBLEM, 2, 0));
        assertTrue(n.getMessage().contains("4 architectures") && n.getMessage().contains("has 6"), n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Greedy.of(three(), "synflw"));
    }
}
