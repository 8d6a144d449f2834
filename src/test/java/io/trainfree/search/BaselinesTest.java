package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTableCsv;
import io.trainfree.testing.RealData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * RS and REA on the published NAS-Bench-201 files against the reference code's outputs (docs/robot.md §4: numpy legacy
 * RNG, T = 20, seeds 10..19); means and stds to 4 decimals, per-seed picks and query lists exactly. The query lists
 * and the duplicate-seed runs were printed by the reference functions run under numpy 2.4 on the same files.
 */
@RealData
class BaselinesTest {
    private static final DataResolver DATA = DataResolver.standard();
    private static final DataFile[] FILES = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10,
        DataFile.NB201_TEST_CIFAR100, DataFile.NB201_TEST_IMAGENET16};
    private static final long[] SEEDS = SearchSummary.seeds(10, 20);
    private static Nb201 nb201;

    /** Per test, so that each one is reported skipped with the reason. */
    @BeforeEach
    void load() {
        assumeTrue(DATA.has(FILES), "needs the RoBoT pickles " + Arrays.toString(FILES)
                + " from ../shared/data (or $TRAINFREE_DATA)");
        if (nb201 == null) {
            nb201 = Nb201.load(DATA);
        }
    }

    private static SearchSummary summary(SearchStrategy s, Dataset task) {
        return SearchSummary.run(s, SearchProblem.nb201(nb201, task), 20, SEEDS);
    }

    private static void assertSummary(double mean, double std, double cost, SearchSummary s) {
        assertEquals(mean, s.mean(), 5e-5, s::toString);
        assertEquals(std, s.std(), 5e-5, s::toString);
        assertEquals(cost, s.meanCost(), 5e-3, s::toString);
        assertEquals(20.0, s.meanExplored(), s::toString);
    }

    @Test
    void randomSearchMatchesTheReference() {
        var rs = new RandomSearch();
        SearchSummary c10 = summary(rs, Dataset.CIFAR10);
        assertSummary(93.0363, 0.5650, 2154.61, c10);
        assertArrayEquals(new double[] {93.14, 92.57, 93.55, 92.89, 92.0667, 93.65, 93.8633, 92.2633, 93.32, 93.05},
                c10.reported(), 5e-5);
        assertArrayEquals(new int[] {7293, 8880, 8610, 5876, 10731, 8413, 6304, 4564, 15605, 6452},
                c10.runs().stream().mapToInt(Search::pick).toArray());
        assertArrayEquals(new int[] {1289, 7293, 12815, 1344, 11633, 7291, 9372, 10201, 4829, 1520, 10141, 10234,
            9224, 9289, 6400, 14826, 12328, 10742, 14707, 5648}, c10.runs().get(0).queried());
        assertEquals(1878.3131067752838, c10.runs().get(0).cost(), 1e-9);
        assertSummary(69.7173, 1.1378, 2154.61, summary(rs, Dataset.CIFAR100));
        assertSummary(42.9833, 1.7179, 2154.61, summary(rs, Dataset.IMAGENET16_120));
    }

    @Test
    void officialReaMatchesTheReference() {
        var rea = new OfficialRea(nb201.space());
        SearchSummary c10 = summary(rea, Dataset.CIFAR10);
        assertSummary(92.6338, 1.1155, 2198.68, c10);
        assertArrayEquals(new double[] {93.14, 92.34, 92.8633, 93.88, 93.71, 92.3767, 89.845, 92.4, 93.7, 92.0833},
                c10.reported(), 5e-5);
        assertArrayEquals(new int[] {7293, 13371, 824, 13363, 14580, 8076, 739, 9255, 12663, 3135},
                c10.runs().stream().mapToInt(Search::pick).toArray());
        assertArrayEquals(new int[] {1289, 7293, 12815, 1344, 11633, 7291, 8094, 13021, 3466, 5738, 13538, 14695,
            7547, 4534, 8369, 3524, 3740, 2252, 1010, 12800}, c10.runs().get(0).queried());
        assertEquals(2110.48903632164, c10.runs().get(0).cost(), 1e-9);
        assertSummary(68.9070, 1.7738, 2198.68, summary(rea, Dataset.CIFAR100));
        assertSummary(41.9294, 3.1327, 2198.68, summary(rea, Dataset.IMAGENET16_120));
    }

    /**
     * Seed 2093's initial pool draws 4555 twice (none of seeds 10..19 repeats): the reference queries and costs it
     * twice and makes only 19 distinct queries; {@link Search} keeps it once and pays twice.
     */
    @Test
    void officialReaPaysADuplicateTwice() {
        var problem = SearchProblem.nb201(nb201, Dataset.CIFAR10);
        Search run = new OfficialRea(nb201.space()).run(problem, 20, 2093);
        assertArrayEquals(new int[] {4555, 4686, 9744, 15165, 9425, 413, 486, 11242, 8793, 6782, 9383, 8839, 10931,
            2534, 9102, 11509, 14877, 11537, 11627}, run.queried());
        assertEquals(1, run.repeats());
        assertEquals(19, run.explored());
        assertEquals(1972.6176476478577, run.cost(), 1e-9);
        assertEquals(15165, run.pick());
        assertEquals(92.07, run.reported(), 1e-9);
        assertEquals(19, run.curve().length);
    }

    /** Picks of seeds 10..19 (the same on every dataset: the objective is CIFAR-10's). */
    private static int[] picks(SearchSummary s) {
        return s.runs().stream().mapToInt(Search::pick).toArray();
    }

    /** Standard error of a 10-seed mean with this population std (ddof 0 over n = 10: divide by sqrt(n - 1)). */
    private static double standardError(double std) {
        return std / Math.sqrt(SEEDS.length - 1);
    }

    /**
     * The NB201 paper's REA and REINFORCE as Table 2 of the RoBoT paper copies them (docs/robot.md §8, marked with a
     * dagger): a 12,000-second budget, five times what T = 20 costs here, so a T = 20 run should not beat them.
     */
    private static final Map<String, double[]> TABLE2_LITERATURE = Map.of(
            "REA", new double[] {93.92, 71.84, 45.15},
            "REINFORCE", new double[] {93.85, 71.71, 45.24});

    /**
     * Figure 2 of the RoBoT paper (docs/robot.md §8): test error at the end of the curves (T = 20) of the official
     * code's RS and REINFORCE over 50 runs of unknown seeds, read off the plot (to a few per cent of the value).
     */
    private static final Map<String, double[]> FIGURE2_END_ERROR = Map.of(
            "RS", new double[] {6.75, 29.8, 55.8},
            "REINFORCE", new double[] {6.7, 29.7, 55.8});

    /**
     * Regularised evolution (NASLib's and xautodl's REA, not the official code's) has no outside run to match: its
     * picks are pinned as a recorded regression (this code, seeds 10..19), and its means are held to the official
     * code's random search (docs/robot.md §4) from below, within 3 standard errors of the difference of two 10-seed
     * means, and to the NB201 paper's REA with 12,000 s from above.
     */
    @Test
    void regularisedEvolutionIsPinnedAndNoWorseThanRandomSearch() {
        var rea = new Rea(nb201.space());
        double[] mean = {92.64116666666666, 68.98499996154786, 41.901111041768395};
        double[] std = {0.9565964114737406, 1.7709641147833244, 2.6926257395467252};
        List<Dataset> tasks = List.of(Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120);
        for (int d = 0; d < 3; d++) {
            SearchSummary s = summary(rea, tasks.get(d));
            for (Search run : s.runs()) {
                assertEquals(20, run.size(), run::toString);
                assertEquals(0, run.repeats());
            }
            assertArrayEquals(new int[] {3731, 13985, 1936, 5876, 13096, 6483, 1349, 13675, 9336, 12555}, picks(s),
                    s::toString);
            assertEquals(mean[d], s.mean(), 1e-9, s::toString);
            assertEquals(std[d], s.std(), 1e-9, s::toString);
            assertEquals(2168.9076725959776, s.meanCost(), 1e-6, s::toString);
            var rs = RobotPaper.codeRerun("RS", tasks.get(d));
            double se = Math.hypot(standardError(s.std()), standardError(rs.std()));
            assertTrue(s.mean() >= rs.mean() - 3 * se, () -> s + " below RS " + rs + " by more than 3 SE " + se);
            double literature = TABLE2_LITERATURE.get("REA")[d];
            assertTrue(s.mean() <= literature + 3 * standardError(s.std()),
                    () -> s + " beats the 12,000 s REA's " + literature);
        }
    }

    /**
     * REINFORCE follows the official code but draws from torch's generator, so it cannot match a run exactly: its
     * picks are pinned as a recorded regression, and its means must lie within 3 standard errors (plus 2% of the
     * value for reading the plot) of Figure 2's REINFORCE, the same code over 50 runs. The official code's RS (exact,
     * docs/robot.md §4) passes the same check against Figure 2's RS, which shows the read-off is usable.
     */
    @Test
    void reinforceIsPinnedAndMatchesFigure2() {
        var reinforce = new Reinforce(nb201.space());
        double[] mean = {92.95483333333331, 69.43299995605469, 42.716666630045566};
        double[] std = {0.8000390441861107, 1.7587333873970576, 2.4815131232361156};
        List<Dataset> tasks = List.of(Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120);
        for (int d = 0; d < 3; d++) {
            SearchSummary s = summary(reinforce, tasks.get(d));
            for (Search run : s.runs()) {
                assertEquals(20, run.size(), run::toString);
                assertEquals(0, run.repeats());
            }
            assertArrayEquals(new int[] {1568, 13778, 1413, 896, 14071, 352, 10641, 12855, 5292, 4835}, picks(s),
                    s::toString);
            assertEquals(mean[d], s.mean(), 1e-9, s::toString);
            assertEquals(std[d], s.std(), 1e-9, s::toString);
            assertEquals(2207.7344892501833, s.meanCost(), 1e-6, s::toString);
            assertNearFigure2("REINFORCE", d, s.mean(), s.std());
            var rs = RobotPaper.codeRerun("RS", tasks.get(d));
            assertNearFigure2("RS", d, rs.mean(), rs.std());
            double literature = TABLE2_LITERATURE.get("REINFORCE")[d];
            assertTrue(s.mean() <= literature + 3 * standardError(s.std()),
                    () -> s + " beats the 12,000 s REINFORCE's " + literature);
        }
    }

    private static void assertNearFigure2(String method, int dataset, double mean, double std) {
        double error = FIGURE2_END_ERROR.get(method)[dataset];
        double tolerance = 3 * standardError(std) + 0.02 * error;
        assertEquals(100 - error, mean, tolerance, method + " on dataset " + dataset + " against Figure 2's end");
    }

    @Test
    void nb201ProblemUsesCifar10Hp12ForEveryTask() {
        var c100 = SearchProblem.nb201(nb201, Dataset.CIFAR100);
        assertEquals(84.746, c100.objective(9930), 1e-3);
        assertEquals(176.07, c100.cost(9930), 1e-2);
        assertEquals(73.5133, c100.reported(9930), 1e-4);
        assertEquals(SearchProblem.nb201(nb201, Dataset.CIFAR10).objective(9930), c100.objective(9930));
        assertEquals("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
                c100.arch(9930));
        assertEquals(15625, c100.size());
    }

    /** A Table 2 row as notebook 03 prints it: method, mean, std (NaN: none), mean T0, mean cost. */
    private record Row(String method, double mean, double std, double t0, double cost) {
    }

    private static final String[] DATASETS = {"cifar10", "cifar100", "ImageNet16-120"};

    /** The baselines' rows, the same beside either proxy source (RS and REA: docs/robot.md §4; REINFORCE: recorded). */
    private static List<Row> baselines(int dataset) {
        return List.of(
                new Row("RS", new double[] {93.03633333333332, 69.7173332792155, 42.983333261956105}[dataset],
                        new double[] {0.5650161256302575, 1.1378349585208, 1.7178959776253444}[dataset], 20,
                        2154.6149861335753),
                new Row("REA", new double[] {92.63383333333334, 68.906999940389, 41.929444363911955}[dataset],
                        new double[] {1.1155467144957316, 1.7738122274878907, 3.1326950149586943}[dataset], 20,
                        2198.681486201286),
                new Row("REINFORCE", new double[] {92.95483333333331, 69.43299995605469, 42.716666630045566}[dataset],
                        new double[] {0.8000390441861107, 1.7587333873970576, 2.4815131232361156}[dataset], 20,
                        2207.7344892501833));
    }

    /**
     * Every row of {@code t} equals {@code expected}, in order, dataset by dataset: the picks are discrete, so the
     * means, stds and costs either agree to rounding or a run picked another cell.
     */
    private static void assertTable2(List<List<Row>> expected, Table t) {
        assertEquals(18, t.rowCount());
        int r = 0;
        for (int d = 0; d < 3; d++) {
            var rows = new ArrayList<>(expected.get(d));
            rows.addAll(baselines(d));
            for (Row e : rows) {
                String where = e.method() + " on " + DATASETS[d] + ": " + t.row(r);
                assertEquals(DATASETS[d], t.stringColumn("dataset").get(r), where);
                assertEquals(e.method(), t.stringColumn("method").get(r), where);
                assertEquals(e.mean(), t.doubleColumn("mean").getDouble(r), 1e-9, where);
                if (Double.isNaN(e.std())) {
                    assertTrue(Double.isNaN(t.doubleColumn("std").getDouble(r)), where);
                } else {
                    assertEquals(e.std(), t.doubleColumn("std").getDouble(r), 1e-9, where);
                }
                assertEquals(e.t0(), t.doubleColumn("mean_T0").getDouble(r), 1e-9, where);
                assertEquals(e.cost(), t.doubleColumn("mean_cost").getDouble(r), 1e-6, where);
                r++;
            }
        }
    }

    private static ProxyMetrics suiteZeroSix(Dataset d) {
        // Suite-Zero has no CIFAR-100 values; the notebook's runs take CIFAR-10's (the objective is CIFAR-10's anyway)
        return ProxyMetrics.published(nb201, d == Dataset.CIFAR100 ? Dataset.CIFAR10 : d, Metric.GRAD_NORM,
                Metric.SNIP, Metric.GRASP, Metric.FISHER, Metric.SYNFLOW, Metric.JACOV);
    }

    /**
     * Table 2 with NAS-Bench-Suite-Zero's six, every row to the digits notebook 03 prints (its "Table 2" cell): RoBoT
     * ends on 13714 (the highest 12-epoch accuracy; the paper's run ended on 9930, the second highest) in every seed
     * on CIFAR-10 and CIFAR-100, and on ImageNet16-120 in all but one. The code-reference rows reproduce exactly.
     * Greedy synflow alone reaches the same 94.37333 on CIFAR-10, so T0, the cost and the other datasets are what
     * tell RoBoT's BO from it: a BO cut short (fewer probes, or the exploitation started early) changes them.
     */
    @Test
    void table2BesideItsReferences() {
        assumeTrue(DATA.has(DataFile.NB201_SUITE_ZERO_CIFAR10, DataFile.NB201_SUITE_ZERO_IMAGENET16),
                "needs NAS-Bench-Suite-Zero's CIFAR-10 and ImageNet16-120 files from ../shared/data");
        var t = RobotPaper.table2(nb201, BaselinesTest::suiteZeroSix, 20, SEEDS);
        for (int r = 0; r < t.rowCount(); r++) {
            if (!Double.isNaN(t.doubleColumn("code_rerun").getDouble(r))) {
                assertEquals(t.doubleColumn("code_rerun").getDouble(r), t.doubleColumn("mean").getDouble(r), 5e-5,
                        t.stringColumn("method").get(r) + " on " + t.stringColumn("dataset").get(r));
            }
        }
        String best = TrainingFree.BEST + " (greedy synflow)";
        assertTable2(List.of(
                List.of(new Row("RoBoT", 94.37333333333333, 0, 8.7, 2690.161047554016),
                        new Row(TrainingFree.AVERAGE, 92.06944444444444, 1.5180389599580815, 20, 2778.0107186635337),
                        new Row(best, 94.37333333333333, Double.NaN, 20, 3706.826989889145)),
                List.of(new Row("RoBoT", 73.09333330078125, 0, 8.7, 2690.161047554016),
                        new Row(TrainingFree.AVERAGE, 68.0533332784017, 3.268715917739888, 20, 2778.0107186635337),
                        new Row(best, 73.09333330078124, Double.NaN, 20, 3706.826989889145)),
                List.of(new Row("RoBoT", 46.347777736409505, 0.043333321126304725, 9.2, 2638.14280898571),
                        new Row(TrainingFree.AVERAGE, 40.26111110093858, 3.6883408088121166, 20, 2743.147463520368),
                        new Row(best, 46.33333329603406, Double.NaN, 20, 3720.7742290496826))), t);
    }

    /**
     * Table 2 with trainfree's own six (data/proxies/nb201-cifar10.csv, for all three datasets as in the notebook):
     * RoBoT's and the training-free rows to the digits notebook 03 prints (the baselines' rows are the ones above).
     * With the same metrics and the same objective on every dataset, RoBoT's runs are the same on the three, so one
     * run of the ten seeds gives the three rows (the notebook's table runs it three times). Then the notebook's
     * variant with fisher NaN on the 2,290 zero-fed-convolution cells, which brings RoBoT back to 13714 in nine seeds
     * and the paper's 9930 in the tenth.
     */
    @Test
    void table2OnTrainfreesOwnProxies() {
        Optional<Path> table = DATA.find("proxies/nb201-cifar10.csv");
        assumeTrue(table.isPresent(), "needs trainfree's proxy table proxies/nb201-cifar10.csv under " + DATA.roots());
        var ours = ProxyMetrics.of(ProxyTableCsv.read(table.get()), Nb201.SIZE, "grad_norm", "snip", "grasp", "fisher",
                "synflow", "jacob_cov");
        List<Search> robot = summary(new Robot(ours), Dataset.CIFAR10).runs();
        String best = TrainingFree.BEST + " (greedy synflow)";
        List<List<Row>> expected = List.of(
                List.of(new Row("RoBoT", 94.0995, 0.8215000000000033, 6.4, 3174.304315376282),
                        new Row(TrainingFree.AVERAGE, 78.60555555555555, 30.72552483755501, 20, 2716.3425410588584),
                        new Row(best, 94.37333333333333, Double.NaN, 20, 3678.4799110889435)),
                List.of(new Row("RoBoT", 72.50399996704103, 1.768000001220702, 6.4, 3174.304315376282),
                        new Row(TrainingFree.AVERAGE, 57.2199999707116, 25.330879988277285, 20, 2716.3425410588584),
                        new Row(best, 73.09333330078124, Double.NaN, 20, 3678.4799110889435)),
                List.of(new Row("RoBoT", 45.159999961344404, 3.520000004069008, 6.4, 3174.304315376282),
                        new Row(TrainingFree.AVERAGE, 33.979629602361605, 15.46154051688648, 20, 2716.3425410588584),
                        new Row(best, 46.33333329603406, Double.NaN, 20, 3678.4799110889435)));
        List<Dataset> tasks = List.of(Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120);
        for (int d = 0; d < 3; d++) {
            var problem = SearchProblem.nb201(nb201, tasks.get(d));
            var tf = TrainingFree.run(ours, problem, 20);
            var rows = List.of(SearchSummary.of(problem, robot.stream()
                    .map(s -> Search.of(problem, s.strategy(), s.seed(), s.queried(), s.explored())).toList()),
                    tf.average(), SearchSummary.of(problem, List.of(tf.best())));
            for (int r = 0; r < 3; r++) {
                Row e = expected.get(d).get(r);
                SearchSummary s = rows.get(r);
                String where = e.method() + " on " + DATASETS[d] + ": " + s;
                if (r == 2) {
                    assertEquals(e.method(), TrainingFree.BEST + " (" + tf.best().strategy() + ")", where);
                }
                assertEquals(e.mean(), s.mean(), 1e-9, where);
                if (r < 2) {
                    assertEquals(e.std(), s.std(), 1e-9, where);
                }
                assertEquals(e.t0(), s.meanExplored(), 1e-9, where);
                assertEquals(e.cost(), s.meanCost(), 1e-6, where);
            }
        }

        var fisherCut = ours.withNaNWhere("fisher", i -> nb201.space().arch(i).hasZeroFedConv());
        assertEquals(2290, Arrays.stream(fisherCut.column("fisher")).filter(Double::isNaN).count()
                - Arrays.stream(ours.column("fisher")).filter(Double::isNaN).count());
        SearchSummary cut = summary(new Robot(fisherCut), Dataset.CIFAR10);
        assertEquals(94.37233333333333, cut.mean(), 1e-9, cut::toString);
        assertEquals(0.0029999999999972718, cut.std(), 1e-9, cut::toString);
        assertEquals(7.7, cut.meanExplored(), 1e-9, cut::toString);
        assertEquals(3053.2988016366958, cut.meanCost(), 1e-6, cut::toString);
        int[] picks = picks(cut);
        assertEquals(9, Arrays.stream(picks).filter(p -> p == 13714).count(), cut::toString);
        assertEquals(1, Arrays.stream(picks).filter(p -> p == 9930).count(), cut::toString);
    }
}
