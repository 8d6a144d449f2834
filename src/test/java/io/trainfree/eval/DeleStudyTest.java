package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.predict.LowFidelityTable;
import io.trainfree.predict.Manner;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingListener;
import io.trainfree.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DeleStudy}: the grid as a resumable job, its table, and the comparison with the paper. */
class DeleStudyTest {
    @TempDir
    Path tmp;

    private static final KeyedJob.Options OPTIONS = new KeyedJob.Options(false, 1, Duration.ZERO, "test");

    @Test
    void summaryAveragesSeedsBesideThePaper() {
        double[] p = new double[RankMetrics.TOP_FRACTIONS.size()];
        var runs = List.of(
                new DeleStudy.Run("gates", Manner.DELE, 0.01, 0, 78, 0.80, p, p, 1, 5),
                new DeleStudy.Run("gates", Manner.DELE, 0.01, 1, 78, 0.84, p, p, 1, 5),
                new DeleStudy.Run("mlp", Manner.VANILLA, 0.05, 0, 390, 0.5, p, p, 1, 0));
        var t = DeleStudy.summary(runs);
        assertEquals(2, t.rowCount());
        assertEquals(0.82, t.doubleColumn("tau").get(0), 1e-12);
        assertEquals(Math.sqrt(0.0008), t.doubleColumn("std").get(0), 1e-12);
        assertEquals(0.8244, t.doubleColumn("paper").get(0), 0);
        assertEquals(0.82 - 0.8244, t.doubleColumn("difference").get(0), 1e-12);
        assertTrue(t.doubleColumn("paper").isMissing(1), "the paper has no MLP row");
        assertEquals("1%", t.stringColumn("ratio").get(0));
    }

    @Test
    void targetsRankingsAndSecondsFromTheRuns() {
        double[] p = new double[RankMetrics.TOP_FRACTIONS.size()];
        var runs = List.of(
                new DeleStudy.Run("gates", Manner.VANILLA, 0.01, 0, 78, 0.76, p, p, 1, 0),
                new DeleStudy.Run("gates", Manner.DELE, 0.01, 0, 78, 0.83, p, p, 1, 5),
                new DeleStudy.Run("gates", Manner.VANILLA, 0.05, 0, 390, 0.80, p, p, 1, 0));
        var t = DeleStudy.targets(runs);
        assertEquals("vanilla GATES at 1%", t.stringColumn("target").get(0));
        assertEquals("yes", t.stringColumn("met").get(0), "0.76 is within 0.03 of 0.7332");
        assertEquals("no", t.stringColumn("met").get(1), "0.80 is 0.058 below 0.8582");
        assertEquals("no runs", t.stringColumn("met").get(2));
        int gain = t.stringColumn("target").indexOf("DELE-GATES minus vanilla at 1%");
        assertEquals(0.07, t.doubleColumn("ours").get(gain), 1e-12);
        assertEquals("yes", t.stringColumn("met").get(gain));

        var ranked = DeleStudy.ranked(java.util.Map.of("vanilla", runs.subList(0, 1), "dele", runs.subList(1, 2),
                "other ratio only", runs.subList(2, 3)), 0.01);
        assertEquals(List.of("dele", "vanilla"), ranked.stringColumn("predictor").asList());
        var seconds = DeleStudy.seconds(runs);
        assertEquals(5.0, seconds.doubleColumn("step1_s_per_seed").get(1));
        assertTrue(seconds.doubleColumn("step1_s_per_seed").isMissing(0), "vanilla has no step 1");
        // seed 0's step 1 charged twice (a resumed job loaded it), seed 1's once: the mean of 5 and 7
        var resumed = List.of(runs.get(1), new DeleStudy.Run("gates", Manner.DELE, 0.05, 0, 390, 0.88, p, p, 1, 5),
                new DeleStudy.Run("gates", Manner.DELE, 0.01, 1, 78, 0.82, p, p, 1, 7));
        var perSeed = DeleStudy.seconds(resumed).doubleColumn("step1_s_per_seed");
        assertEquals(6.0, perSeed.get(0));
        assertEquals(6.0, perSeed.get(1), "the same per-seed step 1 beside every ratio");
    }

    @Test
    void aRunIsOneLineOfTheTableAndReadsBack() {
        double[] precision = {1, 0.5, 0.25, 0.2, 0.1, 0.6, 1};
        double[] top = {Double.NaN, 0.1, -0.2, 0.3, 0.4, 0.5, 0.9};
        var run = new DeleStudy.Run("lstm", Manner.DELE, 0.05, 3, 390, 0.7531, precision, top, 12.5, 300.25);
        String line = DeleStudy.line(run);
        assertEquals(DeleStudy.header().split(",").length, line.split(",").length);
        var back = DeleStudy.parse(Path.of("t.csv"), 2, line);
        assertEquals(run.key(), back.key());
        assertEquals(0.7531, back.kendall());
        assertArrayEquals(precision, back.precision());
        assertArrayEquals(top, back.topKendall());
        var bad = assertThrows(io.trainfree.job.FileFormatException.class,
                () -> DeleStudy.parse(Path.of("t.csv"), 7, "lstm,dele,0.05"));
        assertTrue(bad.getMessage().contains("t.csv") && bad.getMessage().contains("7"), bad.getMessage());
    }

    @Test
    void settingsRefuseWhatCannotRun() {
        String sha = "x";
        var e = assertThrows(IllegalArgumentException.class, () -> new DeleStudy.Settings(Dataset.CIFAR10,
                List.of("gates"), List.of(Manner.VANILLA), List.of(0.0), List.of(0L), List.of("snip"), 1, 1, 8, sha));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DeleStudy.Settings(Dataset.CIFAR10,
                List.of("transformer"), List.of(Manner.VANILLA), List.of(0.1), List.of(0L), List.of("snip"), 1, 1, 8,
                sha));
        assertTrue(e.getMessage().contains("transformer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DeleStudy.Settings(Dataset.CIFAR10,
                List.of("mlp"), List.of(Manner.FINETUNE), List.of(0.1), List.of(0L), List.of("snip", "fisher"), 1, 1,
                8, sha));
        assertTrue(e.getMessage().contains("one"), e.getMessage());
    }

    /** A job stopped after its first run resumes with the rest, training step 1 only once per seed and encoder. */
    @Test
    @RealData
    void anInterruptedStudyResumesWithoutTrainingAgain() {
        assumeTrue(DataResolver.standard().has(DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10),
                "needs the RoBoT pickles from ../shared/data (or $TRAINFREE_DATA)");
        var nb201 = Nb201.load();
        var experts = List.of("snip", "flops");
        var labels = LowFidelityTable.load(nb201, experts).labels(all());
        var settings = new DeleStudy.Settings(Dataset.CIFAR10, List.of("mlp"), List.of(Manner.VANILLA, Manner.DELE),
                List.of(0.01, 0.05), List.of(0L), experts, 2, 2, 512, Split.load().sha256());
        Path target = tmp.resolve("study.csv");
        var started = new AtomicInteger();
        var e = assertThrows(IllegalStateException.class, () -> DeleStudy.run(settings, nb201, labels, target,
                OPTIONS, JobListener.NONE, key -> {
                    if (started.incrementAndGet() == 3) { // the first DELE run
                        throw new IllegalStateException("stopped here");
                    }
                    return TrainingListener.NONE;
                }));
        assertTrue(e.getMessage().contains("stopped here") || e.getCause() != null, e.getMessage());
        assertTrue(Files.exists(KeyedJob.journalOf(target)), "the two finished runs are in the journal");

        var result = DeleStudy.run(settings, nb201, labels, target, OPTIONS, JobListener.NONE,
                key -> TrainingListener.NONE);
        assertEquals(2, result.computed(), "only the DELE runs were left");
        assertEquals(4, result.runs().size());
        assertEquals(List.of(Manner.VANILLA, Manner.VANILLA, Manner.DELE, Manner.DELE),
                result.runs().stream().map(DeleStudy.Run::manner).toList());
        assertTrue(result.runs().get(2).pretrainSeconds() > 0, "step 1 charged to the first DELE run");
        assertEquals(0.0, result.runs().get(3).pretrainSeconds(), "and shared by the next ratio");
        assertTrue(Files.isRegularFile(target.resolveSibling("study.csv.step1").resolve("mlp-dele-seed0.step1")));
        assertEquals(result.runs().stream().map(DeleStudy.Run::key).toList(),
                DeleStudy.read(target).stream().map(DeleStudy.Run::key).toList());
        for (DeleStudy.Run r : result.runs()) {
            assertTrue(r.kendall() > -1 && r.kendall() < 1, r.toString());
        }
        assertThrows(KeyedJob.TargetExistsException.class, () -> DeleStudy.run(settings, nb201, labels, target,
                OPTIONS, JobListener.NONE, key -> TrainingListener.NONE));
    }

    private static int[] all() {
        int[] all = new int[Nb201.SIZE];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
