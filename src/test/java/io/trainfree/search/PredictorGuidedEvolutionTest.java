package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.predict.Predictor;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guided evolution on the whole NB201 space with a synthetic objective that has one best cell (six 3x3
 * convolutions): an oracle predictor (the objective itself) and a spy that records what it is fit on.
 */
class PredictorGuidedEvolutionTest {
    private static final Nb201Space SPACE = Nb201Space.of(Nb201Arch.all());
    private static final SearchProblem PROBLEM = problem();
    private static final int BEST = SPACE.index(Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"));

    private static double value(Nb201Arch a) {
        return 6 * a.count(Nb201Op.NOR_CONV_3X3) + a.count(Nb201Op.NOR_CONV_1X1);
    }

    private static SearchProblem problem() {
        double[] v = SPACE.archs().stream().mapToDouble(PredictorGuidedEvolutionTest::value).toArray();
        return new SearchProblem("synthetic", v, new double[v.length], v);
    }

    /** Scores by the objective; records each fit's size and whether it was closed. */
    private static final class Oracle implements Predictor<Nb201Arch> {
        final List<Integer> fits = new ArrayList<>();
        boolean closed;

        @Override
        public void fit(List<Nb201Arch> archs, double[] labels) {
            for (int i = 0; i < archs.size(); i++) {
                assertEquals(value(archs.get(i)), labels[i], "a fit gets each queried cell's objective");
            }
            fits.add(archs.size());
        }

        @Override
        public double[] scores(List<Nb201Arch> archs) {
            return archs.stream().mapToDouble(PredictorGuidedEvolutionTest::value).toArray();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static PredictorGuidedEvolution search(List<Oracle> made) {
        return new PredictorGuidedEvolution("oracle", SPACE, seed -> {
            var o = new Oracle();
            made.add(o);
            return o;
        }, PredictorGuidedEvolution.Settings.awNas());
    }

    @Test
    void queriesDistinctCellsRefitsEachRoundAndClosesThePredictor() {
        var made = new ArrayList<Oracle>();
        Search run = search(made).run(PROBLEM, 55, 3);
        int[] q = run.queried();
        assertEquals(55, q.length);
        assertEquals(55, Arrays.stream(q).boxed().collect(HashSet::new, HashSet::add, HashSet::addAll).size());
        assertEquals(1, made.size());
        assertEquals(List.of(20, 30, 40, 50), made.get(0).fits, "20 initial cells, then 10 queries per round");
        assertTrue(made.get(0).closed);
    }

    @Test
    void aShorterBudgetIsAPrefixAndTheSameSeedTheSameRun() {
        int[] longRun = search(new ArrayList<>()).run(PROBLEM, 100, 7).queried();
        int[] shortRun = search(new ArrayList<>()).run(PROBLEM, 50, 7).queried();
        assertArrayEquals(Arrays.copyOf(longRun, 50), shortRun);
        assertArrayEquals(longRun, search(new ArrayList<>()).run(PROBLEM, 100, 7).queried());
    }

    @Test
    void withinTheInitialBudgetItIsRandomSearchWithoutAFit() {
        var made = new ArrayList<Oracle>();
        Search run = search(made).run(PROBLEM, 15, 1);
        assertEquals(15, run.queried().length);
        assertEquals(List.of(), made.get(0).fits);
    }

    @Test
    void anOracleFindsTheOneBestCellWithinOneHundredQueries() {
        // random search finds it with probability 100 / 15625 per run; the guided search climbs to it
        for (long seed = 0; seed < 5; seed++) {
            Search run = search(new ArrayList<>()).run(PROBLEM, 100, seed);
            assertEquals(BEST, run.pick(), "seed " + seed);
        }
    }

    @Test
    void inconsistentSettingsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PredictorGuidedEvolution.Settings(20, 20, 5,
                5, 10));
        assertTrue(e.getMessage().contains("per-round queries <= inner steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PredictorGuidedEvolution.Settings(1, 20, 5, 50, 10));
    }
}
