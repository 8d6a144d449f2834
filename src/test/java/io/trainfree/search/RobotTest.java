package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RoBoT's pieces on hand-checked cases, and whole runs on made-up spaces (no files needed). */
class RobotTest {
    private static final double NAN = Double.NaN;

    @Test
    void normalisationFollowsPythonsRunningMinMax() {
        assertArrayEquals(new double[] {0, NAN, 1, 0.5}, Robot.normalise(new double[] {1, NAN, 3, 2}));
        // element 0 NaN: min and max stay NaN, every value becomes NaN and the metric drops out
        assertTrue(Arrays.stream(Robot.normalise(new double[] {NAN, 1, 2})).allMatch(Double::isNaN));
        // zero range: raw values kept, not rescaled
        assertArrayEquals(new double[] {2, 2, 2}, Robot.normalise(new double[] {2, 2, 2}));
        // an infinity makes the range infinite: finite values collapse to 0, inf/inf is NaN
        assertArrayEquals(new double[] {0, NAN, 0}, Robot.normalise(new double[] {0, Double.POSITIVE_INFINITY, 1}));
        // a -1e8 failure marker squeezes the valid values towards 1
        double[] squeezed = Robot.normalise(new double[] {-1e8, 10, 20});
        assertEquals(1.0, squeezed[2], 0.0);
        assertEquals((10 + 1e8) / (20 + 1e8), squeezed[1], 1e-15);
    }

    /** Three metrics named out of alphabetical order over four architectures. */
    private static ProxyMetrics three() {
        return new ProxyMetrics("hand", List.of("synflow", "fisher", "snip"), new double[][] {
            {0, 1, 2, 4}, // synflow: normalised 0, .25, .5, 1
            {NAN, 3, 1, 2}, // fisher: element 0 NaN, so all NaN
            {5, 5, 7, 6}}); // snip: 0, 0, 1, .5
    }

    @Test
    void scoresSumNormalisedValuesSkippingNaN() {
        var robot = new Robot(three());
        assertEquals(List.of("fisher", "snip", "synflow"), robot.coordinates());
        // coordinates (fisher, snip, synflow) -> weights in the metrics' order (synflow, fisher, snip)
        assertArrayEquals(new double[] {0.3, 0.1, 0.2}, robot.weights(new double[] {0.1, 0.2, 0.3}));
        double[] s = robot.scores(new double[] {1, 5, -1}); // fisher is NaN everywhere: no term
        assertArrayEquals(new double[] {0, 0.25, 0.5 - 1, 1 - 0.5}, s, 1e-15);
        assertEquals(3, Robot.top1(s));
    }

    @Test
    void tiesGoToTheLargerIndex() {
        double[] s = {1, 3, 3, 2, 3};
        assertEquals(4, Robot.top1(s));
        assertArrayEquals(new int[] {4, 2, 1, 3, 0}, Robot.ranking(s));
    }

    /** n architectures; objective = a hidden quality; metric a = quality + noise, metric b = -quality, c = noise. */
    private static SearchProblem problem(int n, double[] quality) {
        double[] cost = new double[n];
        Arrays.fill(cost, 10);
        return new SearchProblem("made-up", quality, cost, quality.clone());
    }

    private static double[] quality(int n, long seed) {
        var r = new SplittableRandom(seed);
        return r.doubles(n, 0, 100).toArray();
    }

    private static ProxyMetrics metrics(double[] quality, long seed) {
        var r = new SplittableRandom(seed + 1);
        int n = quality.length;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = quality[i] + r.nextGaussian() * 20;
            b[i] = -quality[i] + r.nextGaussian() * 5;
            c[i] = r.nextGaussian();
        }
        return new ProxyMetrics("made-up", List.of("a", "b", "c"), new double[][] {a, b, c});
    }

    @Test
    void runsSpendTheBudgetOnDistinctArchitecturesAndRepeat() {
        int n = 500;
        double[] q = quality(n, 3);
        var robot = new Robot(metrics(q, 3));
        SearchProblem p = problem(n, q);
        for (long seed = 10; seed < 15; seed++) {
            Robot.Trace t = robot.trace(p, 20, seed);
            Search s = t.search();
            assertEquals(20, s.queried().length);
            assertEquals(20, new HashSet<>(Arrays.stream(s.queried()).boxed().toList()).size());
            assertTrue(s.explored() >= 1 && s.explored() <= 20, "T0 = " + s.explored());
            assertEquals(20, t.bo().probes().size(), "bayes_opt makes T probes");
            assertEquals(200.0, s.cost(), 0.0);
            assertEquals(s, robot.run(p, 20, seed), "same seed, same run");
            // the exploitation walked the best weights' ranking: its first new entries are that ranking's best
            int[] rank = Robot.ranking(robot.scores(t.bestWeights()));
            var explored = new HashSet<Integer>();
            for (int k = 0; k < s.explored(); k++) {
                explored.add(s.queried()[k]);
            }
            int next = s.explored();
            for (int i : rank) {
                if (next == 20) {
                    break;
                }
                if (!explored.contains(i)) {
                    assertEquals(i, s.queried()[next++]);
                }
            }
        }
    }

    /** The probe table replays the run: its new top-1 cells are the explored queries, in order. */
    @Test
    void probeTableReplaysTheExploration() {
        int n = 300;
        double[] q = quality(n, 5);
        var robot = new Robot(metrics(q, 5));
        Robot.Trace t = robot.trace(problem(n, q), 20, 12);
        var table = robot.probes(t);
        assertEquals(20, table.rowCount());
        assertEquals(List.of("probe", "cached", "top1", "objective", "new", "w_a", "w_b", "w_c"), table.columnNames());
        int[] fresh = table.where(table.booleanColumn("new").isTrue()).intColumn("top1").asIntArray();
        assertArrayEquals(Arrays.copyOf(t.search().queried(), t.search().explored()), fresh);
        for (int r = 0; r < table.rowCount(); r++) {
            assertEquals(q[table.intColumn("top1").getInt(r)], table.doubleColumn("objective").getDouble(r), 0.0);
        }
        assertEquals(69.7173, RobotPaper.codeRerun("RS", io.trainfree.data.Dataset.CIFAR100).mean(), 0.0);
        assertEquals(71.04, RobotPaper.reference("RS", io.trainfree.data.Dataset.CIFAR100).mean(), 0.0);
        // Table 3's columns are scene, object, jigsaw, layout, ...; the task enum has layout before jigsaw
        assertEquals(17, RobotPaper.table3Reference("micro", io.trainfree.bench.Tnb101Task.JIGSAW, "RoBoT").mean());
        assertEquals(5, RobotPaper.table3Reference("micro", io.trainfree.bench.Tnb101Task.JIGSAW, "RoBoT").std());
        assertEquals(34, RobotPaper.table3Reference("micro", io.trainfree.bench.Tnb101Task.ROOM_LAYOUT, "RoBoT")
                .std());
        assertEquals(3, RobotPaper.table3Reference("macro", io.trainfree.bench.Tnb101Task.JIGSAW, "RoBoT").mean());
        assertEquals(93.85, RobotPaper.reference("REINFORCE", io.trainfree.data.Dataset.CIFAR10).mean(), 0.0);
        assertTrue(Double.isNaN(RobotPaper.codeRerun("REINFORCE", io.trainfree.data.Dataset.CIFAR10).mean()));
        assertEquals(40, RobotPaper.table3Reference("micro", io.trainfree.bench.Tnb101Task.JIGSAW, "REINFORCE")
                .mean());
        assertEquals(318, RobotPaper.table3Reference("micro", io.trainfree.bench.Tnb101Task.ROOM_LAYOUT,
                TrainingFree.AVERAGE).std());
        assertEquals(2, RobotPaper.table3Reference("macro", io.trainfree.bench.Tnb101Task.ROOM_LAYOUT,
                TrainingFree.BEST).mean());
    }

    @Test
    void theEnsembleBeatsRandomSearchOnAnInformativeSpace() {
        int n = 2000;
        double[] q = quality(n, 7);
        SearchProblem p = problem(n, q);
        long[] seeds = SearchSummary.seeds(10, 20);
        SearchSummary robot = SearchSummary.run(new Robot(metrics(q, 7)), p, 20, seeds);
        SearchSummary rs = SearchSummary.run(new RandomSearch(), p, 20, seeds);
        double best = Arrays.stream(q).max().orElseThrow();
        assertTrue(robot.mean() > rs.mean(), robot + " vs " + rs);
        assertTrue(best - robot.mean() < 0.5, "b = -quality with little noise should find the top: " + robot);
    }

    /** A subset renumbers problem and metrics alike: RoBoT over it scores exactly the chosen cells. */
    @Test
    void subsetsRenumberProblemAndMetricsAlike() {
        int n = 200;
        double[] q = quality(n, 9);
        SearchProblem p = problem(n, q);
        ProxyMetrics m = metrics(q, 9);
        int[] chosen = IntStream.range(0, n).filter(i -> i % 3 == 1).toArray();
        SearchProblem sp = p.subset("i % 3 == 1", chosen);
        ProxyMetrics sm = m.subset(chosen);
        assertEquals(chosen.length, sp.size());
        assertEquals(chosen.length, sm.size());
        assertEquals(q[chosen[5]], sp.objective(5), 0.0);
        assertEquals(m.column("b")[chosen[7]], sm.column("b")[7], 0.0);
        assertEquals(Integer.toString(chosen[5]), sp.arch(5), "labels stay the original cells'");
        assertEquals(chosen[5], sp.id(5));
        assertEquals(5, p.id(5));
        Search s = new Robot(sm).named("RoBoT on a third").run(sp, 10, 10);
        var rows = SearchSummary.of(sp, List.of(s)).table();
        assertEquals(chosen[s.pick()], rows.intColumn("pick").getInt(0), "the table names the pick as the space does");
        assertEquals("RoBoT on a third", s.strategy());
        assertEquals(10, s.queried().length);
        double bestChosen = Arrays.stream(chosen).mapToDouble(i -> q[i]).max().orElseThrow();
        assertTrue(s.reported() <= bestChosen);
        var e = assertThrows(IllegalArgumentException.class, () -> p.subset("nothing", new int[0]));
        assertTrue(e.getMessage().contains("meets nothing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.subset("twice", new int[] {1, 1}));
    }

    @Test
    void mismatchedSizesAndBudgetsAreRefused() {
        var robot = new Robot(three());
        var e = assertThrows(IllegalArgumentException.class, () -> robot.run(problem(5, quality(5, 1)), 2, 10));
        assertTrue(e.getMessage().contains("5 architectures") && e.getMessage().contains("4"), e.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> robot.run(problem(4, quality(4, 1)), 5, 10));
        assertTrue(b.getMessage().contains("budget must be in 1..4"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProxyMetrics("x", List.of("a", "a"),
                new double[][] {{1}, {2}}));
    }
}
