package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.search.RandomSearch;
import io.trainfree.search.SearchProblem;
import io.trainfree.testing.RealData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** {@link GuidedSearchStudy}: its table, the summaries by hand, and the job on the published NB201 files. */
class GuidedSearchStudyTest {
    @TempDir
    Path tmp;

    /** Five cells: objective (what a query returns) and reported (what the found cell is judged by) differ. */
    private static final SearchProblem FIVE = new SearchProblem("five", new double[] {1, 5, 3, 4, 2},
            new double[5], new double[] {10, 50, 30, 60, 20});

    @Test
    void theFoundCellIsTheBestQueriedByObjectiveJudgedByItsReportedValue() {
        var runs = List.of(new GuidedSearchStudy.Run("A", 0, new int[] {0, 2, 1}, 1),
                new GuidedSearchStudy.Run("A", 1, new int[] {4, 3, 0}, 1),
                new GuidedSearchStudy.Run("B", 0, new int[] {1, 0, 2}, 1));
        Table t = GuidedSearchStudy.summary(runs, FIVE, 2, 3);
        // after 2 queries: A seed 0 found cell 2 (30), A seed 1 cell 3 (60); after 3: cells 1 (50) and 3 (60)
        assertEquals(List.of("A", "B", "A", "B"), t.stringColumn("method").asList());
        assertEquals(45.0, t.doubleColumn("test_accuracy").get(0), 1e-12);
        assertEquals(Math.sqrt(450), t.doubleColumn("std").get(0), 1e-12);
        assertEquals(55.0, t.doubleColumn("test_accuracy").get(2), 1e-12);
        assertEquals(60 - 55.0, t.doubleColumn("regret").get(2), 1e-12);
        assertTrue(t.doubleColumn("std").isMissing(1), "one seed has no spread");

        Table c = GuidedSearchStudy.curves(runs, FIVE);
        assertEquals(6, c.rowCount());
        assertArrayEquals(new double[] {15, 45, 55}, c.where(c.stringColumn("method").isEqualTo("A"))
                .doubleColumn("test_accuracy").asDoubleArray(), 1e-12);
    }

    @Test
    void aRunIsOneLineAndReadsBack() {
        var run = new GuidedSearchStudy.Run("DELE-GATES", 7, new int[] {5, 15624, 0}, 12.5);
        var back = GuidedSearchStudy.parse(Path.of("s.csv"), 3, GuidedSearchStudy.line(run));
        assertEquals(run.method(), back.method());
        assertEquals(7, back.seed());
        assertArrayEquals(run.queried(), back.queried());
        var bad = assertThrows(FileFormatException.class, () -> GuidedSearchStudy.parse(Path.of("s.csv"), 9,
                "RS,1,2.0,3 x 5"));
        assertTrue(bad.getMessage().contains("s.csv") && bad.getMessage().contains("9"), bad.getMessage());
    }

    @Test
    void settingsNameAnUnknownMethod() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GuidedSearchStudy.Settings(List.of("BOHB"),
                50, List.of(0L), 20, 20, 5, 50, 10, 100, "none"));
        assertTrue(e.getMessage().contains("BOHB"), e.getMessage());
    }

    /** RS in the study is the library's RandomSearch on the same problem; a finished job is read back whole. */
    @Test
    @RealData
    void theJobRunsTheStrategiesAndResumesFromItsJournal() {
        assumeTrue(DataResolver.standard().has(DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10),
                "needs the RoBoT pickles from ../shared/data (or $TRAINFREE_DATA)");
        var nb201 = Nb201.load();
        var settings = new GuidedSearchStudy.Settings(List.of("RF", "RS"), 30, List.of(0L, 1L), 20, 20, 5, 50, 10,
                100, "none");
        Path target = tmp.resolve("search.csv");
        var options = new KeyedJob.Options(false, 1, Duration.ZERO, "test");
        var r = GuidedSearchStudy.run(settings, nb201, null, target, options, JobListener.NONE);
        assertEquals(4, r.computed());
        SearchProblem problem = GuidedSearchStudy.problem(nb201);
        assertArrayEquals(new RandomSearch().run(problem, 30, 1).queried(), r.runs().get(3).queried());
        assertEquals(r.runs().stream().map(GuidedSearchStudy.Run::key).toList(),
                GuidedSearchStudy.read(target).stream().map(GuidedSearchStudy.Run::key).toList());
        assertThrows(KeyedJob.TargetExistsException.class, () -> GuidedSearchStudy.run(settings, nb201, null,
                target, options, JobListener.NONE));
    }
}
