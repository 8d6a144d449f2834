package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Figure 2's curves with their standard errors, and REINFORCE over a space given as code lists of varying length. */
class AnytimeAndReinforceCodesTest {
    /** 50 architectures; objective i mod 7, cost 1, reported 100 + i. */
    private static SearchProblem tiny() {
        int n = 50;
        return new SearchProblem("tiny", IntStream.range(0, n).mapToDouble(i -> i % 7).toArray(),
                IntStream.range(0, n).mapToDouble(i -> 1).toArray(),
                IntStream.range(0, n).mapToDouble(i -> 100 + i).toArray());
    }

    @Test
    void anytimeCurveHasTheMeanAndStandardErrorOfEachPrefix() {
        var problem = tiny();
        // run 1 queries 3 (obj 3), 6 (obj 6): best-so-far reported 103, 106
        // run 2 queries 10 (obj 3), 5 (obj 5), 13 (obj 6): 110, 105, 113; run 1 keeps 106 at k = 3
        var s = SearchSummary.of(problem, List.of(Search.of(problem, "hand", 1, new int[] {3, 6}),
                Search.of(problem, "hand", 2, new int[] {10, 5, 13})));
        Table t = s.anytime(3, a -> 200 - a);
        assertEquals(List.of("method", "queries", "runs", "mean", "stderr"), t.columnNames());
        assertArrayEquals(new double[] {(97 + 90) / 2.0, (94 + 95) / 2.0, (94 + 87) / 2.0},
                t.doubleColumn("mean").asDoubleArray(), 1e-12);
        // two values a, b: sample std |a - b| / sqrt(2), standard error |a - b| / 2
        assertArrayEquals(new double[] {3.5, 0.5, 3.5}, t.doubleColumn("stderr").asDoubleArray(), 1e-12);
        assertEquals(2, t.intColumn("runs").getInt(0));
        assertThrows(IllegalArgumentException.class, () -> s.anytime(4, a -> a));

        var one = SearchSummary.of(problem, List.of(Search.of(problem, "other", 1, new int[] {6, 3})));
        Table both = SearchSummary.anytime(List.of(s, one), 2, a -> a);
        assertEquals(4, both.rowCount());
        assertEquals("other", both.stringColumn("method").get(3));
        assertTrue(Double.isNaN(both.doubleColumn("stderr").getDouble(3)), "one run has no standard error");
        assertThrows(IllegalArgumentException.class, () -> SearchSummary.anytime(List.of(s, s), 2, a -> a));
    }

    @Test
    void figure2EndsSitBesideThePaperReadOff() {
        Table curves = Table.create("c", tech.tablesaw.api.StringColumn.create("method", "RoBoT", "RoBoT",
                "BEST (greedy synflow)", "BEST (greedy synflow)", "HNAS", "HNAS"),
                tech.tablesaw.api.IntColumn.create("queries", 1, 2, 1, 2, 1, 2),
                tech.tablesaw.api.DoubleColumn.create("mean", 9, 6, 8, 5.5, 7, 7),
                tech.tablesaw.api.DoubleColumn.create("stderr", 1, 0.5, Double.NaN, Double.NaN, 0, 0),
                tech.tablesaw.api.DoubleColumn.create("mean_T0", 6.5, 6.5, 6.5, 6.5, 6.5, 6.5));
        Table ends = RobotPaper.figure2Ends(curves, "cifar10");
        assertEquals(List.of("T0", "RoBoT", "BEST (greedy synflow)", "HNAS"), ends.stringColumn("method").asList());
        assertArrayEquals(new double[] {6.5, 6, 5.5, 7}, ends.doubleColumn("ours").asDoubleArray());
        assertArrayEquals(new double[] {5.5, 5.64, 5.64, Double.NaN}, ends.doubleColumn("paper").asDoubleArray());
        assertEquals(1.0, ends.doubleColumn("diff").getDouble(0), 1e-12);
        assertEquals(0.5, ends.doubleColumn("stderr").getDouble(1));
        assertEquals(13.0, RobotPaper.figure2Ends(curves, "class_object").doubleColumn("paper").getDouble(0));
        assertTrue(Double.isNaN(RobotPaper.figure2Ends(curves, "room_layout").doubleColumn("paper").getDouble(1)),
                "no panel of the paper, no paper values");
        Table both = RobotPaper.figure2Ends(List.of("cifar10", "normal"), List.of(curves, curves));
        assertEquals(8, both.rowCount());
        assertEquals("normal", both.stringColumn("panel").get(4));
        assertEquals(12.0, both.doubleColumn("paper").getDouble(4)); // normal's T0 line
        assertThrows(IllegalArgumentException.class, () -> RobotPaper.figure2Ends(List.of("cifar10"), List.of()));
    }

    /** Lengths 1 and 2 over {0, 1}, with [1, 1] left out of the space: five architectures. */
    private static ArchCodes ragged() {
        return ArchCodes.of("ragged", List.of(new int[] {0}, new int[] {1}, new int[] {0, 0}, new int[] {0, 1},
                new int[] {1, 0}), 0, 1);
    }

    @Test
    void reinforceWithSeveralLengthsQueriesOnlyArchitecturesOfTheSpace() {
        ArchCodes codes = ragged();
        var problem = new SearchProblem("ragged", new double[] {1, 2, 3, 4, 5}, new double[5],
                new double[] {1, 2, 3, 4, 5});
        var reinforce = new Reinforce(codes, 10_000);
        Search all = reinforce.run(problem, 5, 3);
        assertEquals(5, new HashSet<>(Arrays.stream(all.queried()).boxed().toList()).size(), all::toString);
        assertEquals(4, all.pick());
        assertArrayEquals(all.queried(), reinforce.run(problem, 5, 3).queried(), "a seed fixes the run");
        var e = assertThrows(IllegalStateException.class, () -> new Reinforce(codes, 3).run(problem, 5, 3));
        assertTrue(e.getMessage().contains("after 3 samples"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> reinforce.run(tiny(), 5, 0));
    }
}
