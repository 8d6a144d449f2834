package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.fear.ArchLog;
import io.trainfree.fear.Fear;
import io.trainfree.fear.FearStudy;
import io.trainfree.fear.ShortReg;
import io.trainfree.job.FileFormatException;
import io.trainfree.testing.RealData;
import io.trainfree.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@link FearResults} over hand-made logs of the first cells of FEAR's list, scored by NAS-Bench-201's own accuracies
 * so that the expected correlations are known exactly.
 */
@RealData
class FearResultsTest {
    private static final DataResolver DATA = DataResolver.standard();
    private static final DataFile[] FILES = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10,
        DataFile.FEAR_ARCHS};
    private static Nb201 nb201;

    @TempDir
    Path dir;

    @BeforeEach
    void load() {
        assumeTrue(DATA.has(FILES), "needs " + Arrays.toString(FILES) + " from ../shared/data (or $TRAINFREE_DATA)");
        if (nb201 == null) {
            nb201 = Nb201.load(DATA);
        }
    }

    @Test
    void aStudyScoredByTheTruthRanksPerfectly() throws IOException {
        List<Integer> list = FearStudy.archList(DATA.resolve(DataFile.FEAR_ARCHS)).subList(0, 30);
        FearStudy.recordSettings(dir, FearStudy.Settings.cpu());
        double[] test = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        double[] val12 = nb201.values(Dataset.CIFAR10, Metric.VAL_ACCURACY_12);
        for (int i = 0; i < list.size(); i++) {
            int index = list.get(i);
            // FEAR's score is the test accuracy itself, shortreg's the 12-epoch validation accuracy
            log(index, test[index] / 100, val12[index] / 100, i).write(FearStudy.logFile(dir, index));
        }
        var fear = FearResults.load(dir, nb201);
        assertEquals(30, fear.logs().size());
        Table ranking = fear.ranking();
        assertEquals("FEAR", ranking.stringColumn("method").get(0));
        assertEquals(1.0, ranking.doubleColumn("spearman_all").getDouble(0), 1e-12);
        assertEquals(1.0, ranking.doubleColumn("spearman_top10").getDouble(0), 1e-12);
        assertEquals(1.0, ranking.doubleColumn("common_top10").getDouble(0), 0.0);
        assertEquals(FearResults.ZERO_COST.size() + 1 + 3 + 5, ranking.rowCount());
        Table check = fear.engineCheck();
        assertEquals(1.0, check.doubleColumn("spearman_val12").getDouble(2), 1e-12, "shortreg 4 = val12 here");
        double[] t = FearRanking.forLogs(fear.logs(), test);
        double[] v = FearRanking.forLogs(fear.logs(), val12);
        assertEquals(Correlation.spearman(v, t), check.doubleColumn("spearman_test200").getDouble(2), 1e-12);
        // FEAR's searches over all 30 cells always pick the best cell
        Table searches = fear.randomSearch(30);
        double best = Arrays.stream(t).max().orElseThrow();
        assertEquals(best, searches.doubleColumn("test_accuracy").getDouble(0), 1e-9);
        assertEquals(5, fear.claims(30).rowCount());
        Table memory = fear.memory(2);
        assertEquals("shard 0/2", memory.stringColumn("process").get(0));
        assertEquals("shard 1/2", memory.stringColumn("process").get(1));
        assertEquals(15, memory.intColumn("finished").get(29));
        assertEquals(List.of("fear1", "fear2", "short1", "short2", "short4"),
                fear.run(list.get(0)).stringColumn("phase").asList().stream().distinct().toList());
        assertTrue(fear.protocol().rowCount() > 5);
    }

    @Test
    void aDirectoryOfAnotherProtocolIsNamed() throws IOException {
        Files.writeString(dir.resolve(FearStudy.SETTINGS_FILE), "images=5\n");
        var e = assertThrows(FileFormatException.class, () -> FearResults.load(dir, nb201));
        assertTrue(e.getMessage().contains("settings.txt"), e.getMessage());
    }

    private static ArchLog log(int index, double fear, double shortReg, int position) {
        List<ArchLog.Row> rows = new ArrayList<>();
        var none = Map.<String, Double>of();
        rows.add(new ArchLog.Row(ArchLog.INIT, new EpochStats(-1, Double.NaN, 0, Double.NaN, Double.NaN, 0, false),
                0.1, Map.of("synflow", (double) position)));
        rows.add(new ArchLog.Row(Fear.STAGE1, new EpochStats(0, 0.1, 32, 1, 0.45, 10, false), 0.3, none));
        for (int e = 0; e < 5; e++) {
            rows.add(new ArchLog.Row(Fear.STAGE2, new EpochStats(e, 0.1, 8, 1, fear, 5, false), 0.3, none));
        }
        for (int budget : List.of(1, 2, 4)) {
            for (int e = 0; e < budget; e++) {
                rows.add(new ArchLog.Row(ShortReg.phase(budget), new EpochStats(e, 0.1, 32, 1, shortReg, 10, false),
                        0.3, budget == 4 ? Map.of("synflow", (double) position) : none));
            }
        }
        return new ArchLog(index, "cell" + index, List.of("synflow"), rows, Map.of("index", "" + index,
                "rss_mib", "100.0"));
    }
}
