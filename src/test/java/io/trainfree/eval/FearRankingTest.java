package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.fear.ArchLog;
import io.trainfree.fear.Fear;
import io.trainfree.fear.FearProtocol;
import io.trainfree.fear.FearStudy;
import io.trainfree.fear.ShortReg;
import io.trainfree.train.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** FEAR's ranking metrics and the random-search replay on hand-checked cases. */
class FearRankingTest {
    private static final double[] TRUTH = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // right order in the bottom half, reversed in the top half
    private static final double[] SCORE = {1, 2, 3, 4, 5, 10, 9, 8, 7, 6};

    @Test
    void spearmanOverAllAndInsideTheTop() {
        // ranks differ by 4, 2, 0, -2, -4 in the top half: rho = 1 - 6 * 40 / (10 * 99)
        assertEquals(1 - 240.0 / 990, FearRanking.spearmanTop(SCORE, TRUTH, 100), 1e-12);
        assertEquals(-1, FearRanking.spearmanTop(SCORE, TRUTH, 50), 1e-12);
        assertEquals(1, FearRanking.spearmanTop(TRUTH, TRUTH, 30), 1e-12);
        assertTrue(Double.isNaN(FearRanking.spearmanTop(SCORE, TRUTH, 20)), "two architectures: undefined");
    }

    @Test
    void theCommonRatioComparesTheTopSets() {
        assertEquals(1.0, FearRanking.commonRatio(SCORE, TRUTH, 50), 0.0);
        assertEquals(0.0, FearRanking.commonRatio(SCORE, TRUTH, 20), 0.0, "top 2 by truth: 9, 10; by score: 6, 7");
        assertEquals(0.75, FearRanking.commonRatio(SCORE, TRUTH, 40), 0.0, "positions 6..9 against 5..8");
    }

    @Test
    void excludedArchitecturesLeaveTheSubsets() {
        double[] score = SCORE.clone();
        score[9] = Double.NaN; // the best architecture excluded: the top half is now {5..8} of 9 -> floor(4.5) = 4
        assertEquals(-1, FearRanking.spearmanTop(score, TRUTH, 50), 1e-12);
        var m = new FearRanking.Method("m", FearRanking.FEAR, score, new double[10]);
        assertEquals(9, m.scored());
    }

    @Test
    void bootstrapIntervalsHoldTheEstimate() {
        double[] ci = FearRanking.bootstrap(TRUTH, TRUTH, 100, 200, 1);
        assertEquals(1, ci[0], 1e-12);
        assertEquals(1, ci[1], 1e-12);
        double rho = FearRanking.spearmanTop(SCORE, TRUTH, 100);
        double[] noisy = FearRanking.bootstrap(SCORE, TRUTH, 100, 500, 1);
        assertTrue(noisy[0] < rho && rho < noisy[1], noisy[0] + " .. " + noisy[1]);
        assertEquals(noisy[0], FearRanking.bootstrap(SCORE, TRUTH, 100, 500, 1)[0], 0.0, "seeded");
        Table t = FearRanking.table(List.of(new FearRanking.Method("m", FearRanking.SHORTREG, SCORE,
                new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 3})), TRUTH, 100, 1);
        assertEquals(1.2, t.doubleColumn("seconds_per_arch").get(0), 1e-12);
        assertEquals(rho, t.doubleColumn("spearman_all").get(0), 1e-12);
    }

    @Test
    void methodsComeFromTheLogs() {
        var settings = new FearStudy.Settings(new FearProtocol(4, 1, 0.4, 200, 8, 256, 1024, 5), 100, 10, 36, 256,
                List.of(1), List.of("synflow"), 64);
        List<ArchLog> logs = logs();
        List<FearRanking.Method> methods = FearRanking.fromLogs(logs, settings);
        assertEquals(List.of("FEAR", "shortreg 1 ep", "synflow (study net)"),
                methods.stream().map(FearRanking.Method::name).toList());
        FearRanking.Method fear = methods.getFirst();
        assertEquals(0.55, fear.score()[0], 0.0, "the last stage-2 epoch");
        assertTrue(Double.isNaN(fear.score()[2]), "never reached the threshold");
        assertEquals(25, fear.seconds()[0], 1e-12);
        assertEquals(30, fear.seconds()[2], 1e-12, "an excluded architecture's cost counts");
        assertEquals(3.0, methods.get(2).score()[1], 0.0);
    }

    @Test
    void randomSearchWithFearCapsStageOneAndPicksByTheBestStageTwoEpoch() {
        List<ArchLog> logs = logs();
        double[] truth = {90, 80, 95};
        // no effective cap: every architecture costs all it trained; B's best stage-2 epoch (0.7) wins
        var free = FearSearchReplay.fear(logs, truth, 0.4, 100, 3, 20, 1);
        assertEquals(70, free.seconds(), 1e-9);
        assertEquals(80, free.accuracy(), 0.0);
        // cap 1.5 x the fastest stage 1: C is dropped after 20 s once B (10 s) has run; orders give 60 or 70 s
        var capped = FearSearchReplay.fear(logs, truth, 0.4, 1.5, 3, 200, 1);
        assertTrue(capped.seconds() > 60 && capped.seconds() < 70, capped.toString());
        assertEquals(80, capped.accuracy(), 0.0);
        var shortReg = FearSearchReplay.shortReg(logs, truth, 1, 3, 5, 1);
        assertEquals(30, shortReg.seconds(), 1e-9);
        assertEquals(95, shortReg.accuracy(), 0.0, "C trains best in one epoch");
        assertEquals(0, shortReg.accuracySe(), 0.0);
    }

    @Test
    void theSpeedUpInterpolatesShortregsTimeAtFearsAccuracy() {
        var fear = new FearSearchReplay.Outcome("FEAR r=4", 60, 0, 80, 0, 1);
        var cheap = new FearSearchReplay.Outcome("shortreg 1 ep", 30, 0, 70, 0, 1);
        var dear = new FearSearchReplay.Outcome("shortreg 4 ep", 90, 0, 90, 0, 1);
        assertEquals(1.0, FearSearchReplay.speedUp(fear, List.of(dear, cheap)).orElseThrow(), 1e-12);
        assertEquals(0.5, FearSearchReplay.speedUp(new FearSearchReplay.Outcome("f", 60, 0, 70, 0, 1),
                List.of(cheap, dear)).orElseThrow(), 1e-12, "the cheap one already matches");
        assertFalse(FearSearchReplay.speedUp(new FearSearchReplay.Outcome("f", 60, 0, 99, 0, 1),
                List.of(cheap, dear)).isPresent());
    }

    // A reaches 0.4 in two 10-second epochs, B in one; C never does (three epochs)
    private static List<ArchLog> logs() {
        return List.of(
                log(0, new double[] {0.3, 0.5}, new double[] {0.6, 0.55}, 0.3, 1.0),
                log(1, new double[] {0.45}, new double[] {0.7, 0.65}, 0.4, 3.0),
                log(2, new double[] {0.1, 0.2, 0.3}, new double[0], 0.5, 2.0));
    }

    private static ArchLog log(int index, double[] stage1, double[] stage2, double short1, double synflow) {
        List<ArchLog.Row> rows = new ArrayList<>();
        rows.add(new ArchLog.Row(ArchLog.INIT, new EpochStats(-1, Double.NaN, 0, Double.NaN, Double.NaN, 0, false),
                0.1, Map.of("synflow", synflow)));
        for (int e = 0; e < stage1.length; e++) {
            rows.add(new ArchLog.Row(Fear.STAGE1, new EpochStats(e, 0.1, 4, 1, stage1[e], 10, false), 0.2, Map.of()));
        }
        for (int e = 0; e < stage2.length; e++) {
            rows.add(new ArchLog.Row(Fear.STAGE2, new EpochStats(e, 0.1, 1, 1, stage2[e], 2.5, false), 0.2,
                    Map.of()));
        }
        rows.add(new ArchLog.Row(ShortReg.phase(1), new EpochStats(0, 0.1, 4, 1, short1, 10, false), 0.2, Map.of()));
        return new ArchLog(index, "cell" + index, List.of("synflow"), rows, Map.of("index", "" + index));
    }
}
