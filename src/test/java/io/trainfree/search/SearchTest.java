package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The search framework on made-up problems: the bookkeeping rules, checked by hand or by a plain recount. */
class SearchTest {
    /** 50 architectures; objective i mod 7 (many ties), cost i + 1, reported 100 + i. */
    private static SearchProblem tiny() {
        int n = 50;
        return new SearchProblem("tiny", IntStream.range(0, n).mapToDouble(i -> i % 7).toArray(),
                IntStream.range(0, n).mapToDouble(i -> i + 1).toArray(),
                IntStream.range(0, n).mapToDouble(i -> 100 + i).toArray());
    }

    /** The whole NAS-Bench-201 space in code order with made-up values, for the strategies that mutate cells. */
    private static final Nb201Space SPACE = Nb201Space.of(Nb201Arch.all());

    private static SearchProblem synthetic() {
        var rng = new NumpyRandom(1);
        int n = SPACE.size();
        double[] objective = new double[n];
        for (int i = 0; i < n; i++) {
            objective[i] = SPACE.arch(i).count(Nb201Op.NOR_CONV_3X3) + rng.randomSample();
        }
        return new SearchProblem("synthetic", objective, IntStream.range(0, n).mapToDouble(i -> 1.0).toArray(),
                Arrays.stream(objective).map(v -> -v).toArray());
    }

    @Test
    void pickIsTheEarliestMaximumAndTheCurveFollowsIt() {
        // objectives: 3 -> 3, 10 -> 3, 6 -> 6, 13 -> 6, 5 -> 5
        Search s = Search.of(tiny(), "hand", 0, new int[] {3, 10, 6, 13, 5});
        assertEquals(6, s.pick());
        assertEquals(6.0, s.objective());
        assertEquals(106.0, s.reported());
        assertArrayEquals(new double[] {103, 103, 106, 106, 106}, s.curve());
        assertEquals(4 + 11 + 7 + 14 + 6, s.cost());
        assertEquals(5, s.explored());
        assertEquals(0, s.repeats());
    }

    @Test
    void repeatsArePaidAgainButQueriedOnce() {
        Search s = Search.of(tiny(), "dup", 0, new int[] {3, 4, 3, 5}, 3);
        assertArrayEquals(new int[] {3, 4, 5}, s.queried());
        assertEquals(1, s.repeats());
        assertEquals(4 + 5 + 4 + 6, s.cost());
        assertEquals(3, s.curve().length);
    }

    @Test
    void badRunsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Search.of(tiny(), "x", 0, new int[] {1, 50}));
        assertTrue(e.getMessage().contains("50"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Search.of(tiny(), "x", 0, new int[0]));
        e = assertThrows(IllegalArgumentException.class, () -> Search.of(tiny(), "x", 0, new int[] {1, 2}, 3));
        assertTrue(e.getMessage().contains("explored = 3"), e.getMessage());
    }

    @Test
    void problemValidatesAndCopies() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SearchProblem("p", new double[3], new double[2], new double[3]));
        assertTrue(e.getMessage().contains("cost has 2") && e.getMessage().contains("objective has 3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SearchProblem("p", new double[3], new double[3], new double[4]));
        assertTrue(e.getMessage().contains("reported has 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SearchProblem("p", new double[2], new double[2], new double[2], List.of("a")));
        double[] objective = {1, 2};
        var p = new SearchProblem("p", objective, new double[2], new double[2]);
        objective[0] = 9;
        p.objective()[1] = 9;
        assertArrayEquals(new double[] {1, 2}, p.objective());
        assertEquals("1", p.arch(1));
        assertEquals(p, new SearchProblem("p", new double[] {1, 2}, new double[2], new double[2]));
    }

    @Test
    void randomSearchQueriesBudgetDistinctAndIsReproducible() {
        var problem = tiny();
        var rs = new RandomSearch();
        for (int budget : new int[] {1, 20, 50}) {
            Search s = rs.run(problem, budget, 3);
            assertEquals(budget, Arrays.stream(s.queried()).distinct().count());
            assertEquals(budget, s.explored());
            assertEquals(Arrays.stream(s.queried()).mapToDouble(problem::cost).sum(), s.cost(), 1e-9);
            assertEquals(s, rs.run(problem, budget, 3));
        }
        assertTrue(!Arrays.equals(rs.run(problem, 20, 3).queried(), rs.run(problem, 20, 4).queried()));
        assertThrows(IllegalArgumentException.class, () -> rs.run(problem, 51, 3));
        assertThrows(IllegalArgumentException.class, () -> rs.run(problem, 0, 3));
    }

    @Test
    void evolutionStrategiesKeepTheInvariants() {
        var problem = synthetic();
        for (SearchStrategy strategy : List.of(new OfficialRea(SPACE), new Rea(SPACE), new Reinforce(SPACE))) {
            for (long seed = 0; seed < 5; seed++) {
                Search s = strategy.run(problem, 30, seed);
                assertEquals(30, s.size() + s.repeats(), s::toString);
                assertEquals(s.size(), Arrays.stream(s.queried()).distinct().count());
                int[] q = s.queried();
                int pick = q[0];
                for (int a : q) {
                    pick = problem.objective(a) > problem.objective(pick) ? a : pick;
                }
                assertEquals(pick, s.pick(), s::toString);
                double[] curve = s.curve();
                for (int k = 1; k < curve.length; k++) {
                    // reported = -objective here, so the curve of the best-by-objective never rises
                    assertTrue(curve[k] <= curve[k - 1], s::toString);
                }
                assertEquals(s, strategy.run(problem, 30, seed), strategy.name() + " seed " + seed);
            }
        }
    }

    /** Evolution should beat random search on a problem with structure (objective ~ number of 3x3 convs). */
    @Test
    void evolutionBeatsRandomOnAverage() {
        var problem = synthetic();
        long[] seeds = SearchSummary.seeds(0, 20);
        double rs = SearchSummary.run(new RandomSearch(), problem, 100, seeds).mean();
        double rea = SearchSummary.run(new Rea(SPACE), problem, 100, seeds).mean();
        assertTrue(rea < rs, "reported is -objective: REA " + rea + " vs RS " + rs);
    }

    @Test
    void summaryAggregatesWithPopulationStd() {
        var problem = tiny();
        var runs = List.of(Search.of(problem, "hand", 1, new int[] {6}), Search.of(problem, "hand", 2,
                new int[] {3, 8}, 1));
        SearchSummary s = SearchSummary.of(problem, runs);
        assertEquals((106 + 103) / 2.0, s.mean());
        assertEquals(1.5, s.std(), 1e-12);
        assertEquals((7 + 4 + 9) / 2.0, s.meanCost());
        assertEquals(1.0, s.meanExplored());
        assertArrayEquals(new double[] {(106 + 103) / 2.0}, s.meanCurve());
        Table t = s.table();
        assertEquals(List.of("seed", "pick", "arch", "reported", "objective", "cost", "explored"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(3, t.intColumn("pick").get(1));
        assertEquals("3", t.stringColumn("arch").get(1));
        assertTrue(s.toString().contains("104.5000 +- 1.5000"), s::toString);
        assertThrows(IllegalArgumentException.class, () -> SearchSummary.of(problem, List.of()));
        Table both = SearchSummary.compare(List.of(s, SearchSummary.of(problem, runs.subList(0, 1))));
        assertEquals(List.of("strategy", "problem", "seeds", "mean", "std", "mean_T0", "mean_cost"),
                both.columnNames());
        assertEquals(104.5, both.doubleColumn("mean").getDouble(0));
        assertEquals(106.0, both.doubleColumn("mean").getDouble(1));
        assertEquals(1, both.intColumn("seeds").getInt(1));
    }
}
