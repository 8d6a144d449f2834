package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.trainfree.space.Nb201Arch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The two DELE steps: what step 1 leaves alone, what carries over into step 2, reusing a step-1 state. */
@ExtendWith(OneEngineThread.class)
class DeleTrainingTest {
    static final List<Nb201Arch> TRAIN = Synthetic.cells(0, 200);
    static final List<Nb201Arch> TEST = Synthetic.cells(1000, 100);
    static final LowFidelity LF = NeuralPredictorTest.lowFidelity(TRAIN);
    static final double[] GT = Synthetic.additive(TRAIN, 21, 0.01);
    /** 200 cells in batches of 64: 4 steps per epoch (64, 64, 64, 8). */
    static final int STEPS_PER_EPOCH = 4;
    static TrainingOptions options(int pretrainEpochs, int epochs, long seed) {
        return new TrainingOptions(pretrainEpochs, epochs, 64, 1e-3, 0.1, 4, seed);
    }

    @Test
    void stepOneLeavesTheGateAloneAndStepTwoContinuesTheExpertsAdam() {
        Map<String, float[]> initial;
        try (var untrained = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(0, 0, 1))) {
            untrained.pretrain(TRAIN, LF);
            initial = values(untrained.parameters());
        }
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(3, 2, 1))) {
            Pretrained state = p.pretrain(TRAIN, LF);
            Map<String, float[]> afterStep1 = values(p.parameters());
            var gate = p.model().gateParameterPaths().keySet();
            assertEquals(Set.of("04gate"), prefixes(gate), "the gate is child 4, after 3 experts: " + gate);
            for (String path : afterStep1.keySet()) {
                boolean same = Arrays.equals(initial.get(path), afterStep1.get(path));
                assertEquals(gate.contains(path), same, path + (gate.contains(path) ? " (gate) changed in step 1"
                        : " (expert) did not learn in step 1"));
            }
            Map<String, Adam.Moments> adam = p.optimizerState();
            for (String path : afterStep1.keySet()) {
                if (gate.contains(path)) {
                    assertFalse(adam.containsKey(path), path + ": the gate has no Adam state after step 1");
                } else {
                    assertEquals(3 * STEPS_PER_EPOCH, adam.get(path).step(), path);
                }
            }
            assertEquals(adam.keySet(), state.optimizer().keySet());

            p.fit(TRAIN, GT); // step 2: 2 epochs from the state just kept
            Map<String, Adam.Moments> after = p.optimizerState();
            Map<String, float[]> afterStep2 = values(p.parameters());
            for (String path : afterStep2.keySet()) {
                int expected = gate.contains(path) ? 2 * STEPS_PER_EPOCH : 5 * STEPS_PER_EPOCH;
                assertEquals(expected, after.get(path).step(), path + ": the gate starts afresh, experts carry on");
                assertFalse(Arrays.equals(afterStep1.get(path), afterStep2.get(path)), path + " learns in step 2");
            }
        }
    }

    /** A step 2 of no epochs from a state leaves the restored moments exactly as step 1 left them. */
    @Test
    void restoringAStateRestoresTheMomentsExactly() {
        Pretrained state;
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(2, 0, 1))) {
            state = p.pretrain(TRAIN, LF);
        }
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(2, 0, 7))) {
            p.fit(state, TRAIN, GT);
            Map<String, Adam.Moments> restored = p.optimizerState();
            assertEquals(state.optimizer().keySet(), restored.keySet());
            for (Map.Entry<String, Adam.Moments> e : state.optimizer().entrySet()) {
                Adam.Moments r = restored.get(e.getKey());
                assertEquals(e.getValue().step(), r.step());
                assertArrayEquals(e.getValue().mean(), r.mean(), 0f);
                assertArrayEquals(e.getValue().variance(), r.variance(), 0f);
            }
        }
    }

    /** Step 1 once, saved and loaded, then step 2: the same scores as both steps in one go. */
    @Test
    void stepTwoFromASavedStateEqualsAStraightRun(@TempDir Path dir) {
        double[] straight;
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(2, 2, 3))) {
            p.fit(TRAIN, LF, TRAIN, GT);
            straight = p.scores(TEST);
        }
        Path file = dir.resolve("step1.state");
        Pretrained state;
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(2, 2, 3))) {
            state = p.pretrain(TRAIN, LF);
            state.save(file);
            p.fit(TRAIN, GT);
            assertArrayEquals(straight, p.scores(TEST), 0.0, "step 2 from the kept state");
            p.fit(TRAIN.subList(0, 50), Arrays.copyOf(GT, 50));
            p.fit(TRAIN, GT);
            assertArrayEquals(straight, p.scores(TEST), 0.0, "another ratio in between changes nothing");
        }
        Pretrained loaded = Pretrained.load(file);
        assertEquals(state, loaded);
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(2, 2, 3))) {
            p.fit(loaded, TRAIN, GT);
            assertArrayEquals(straight, p.scores(TEST), 0.0, "step 2 from the saved state");
        }
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(2, 2, 3)).startFrom(loaded)) {
            p.fit(TRAIN, GT); // what a search does every round
            assertArrayEquals(straight, p.scores(TEST), 0.0, "a plain fit after startFrom is step 2 from the state");
        }
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.DELE, options(2, 2, 3))) {
            var e = assertThrows(IllegalArgumentException.class, () -> p.startFrom(loaded));
            assertTrue(e.getMessage().contains("nb201-lstm"), e.getMessage());
        }
    }

    @Test
    void savedDeleWeightsLoadToTheSameScores(@TempDir Path dir) {
        Path file = dir.resolve("dele.weights");
        double[] scores;
        double[][] weights;
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.DELE, options(1, 1, 2))) {
            p.fit(TRAIN, LF, TRAIN.subList(0, 64), Arrays.copyOf(GT, 64));
            scores = p.scores(TEST);
            weights = p.gateWeights(TEST);
            p.save(file);
        }
        try (var loaded = NeuralPredictor.load(file)) {
            assertEquals(List.of("lf_a", "lf_b", "lf_c"), loaded.experts());
            assertArrayEquals(scores, loaded.scores(TEST), 0.0);
            assertArrayEquals(weights, loaded.gateWeights(TEST));
        }
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.DELE, options(1, 1, 2))) {
            p.fit(TRAIN, LF.select("lf_a", "lf_b"), TRAIN.subList(0, 64), Arrays.copyOf(GT, 64));
            var e = assertThrows(IllegalArgumentException.class, () -> p.loadWeights(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("3 experts")
                    && e.getMessage().contains("2 [lf_a, lf_b]"), e.getMessage());
        }
    }

    /** The gate's weights sum to 1 per cell, and the predictor's score is the weighted sum of the experts'. */
    @Test
    void theScoreIsTheGatedSumOfTheExperts() {
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(1, 1, 4))) {
            p.fit(TRAIN, LF, TRAIN, GT);
            double[] f = p.scores(TEST);
            double[][] w = p.gateWeights(TEST);
            double[][] s = p.expertScores(TEST);
            for (int i = 0; i < TEST.size(); i++) {
                assertEquals(1, Arrays.stream(w[i]).sum(), 1e-6);
                assertTrue(Arrays.stream(w[i]).allMatch(x -> x > 0));
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += w[i][k] * s[i][k];
                }
                assertEquals(sum, f[i], 1e-5 * (1 + Math.abs(sum)));
            }
            assertFalse(Arrays.equals(w[0], w[1]), "weights depend on the cell");
        }
    }

    @Test
    void theStaticEnsembleStartsUniformAndGivesEveryCellTheSameWeights() {
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.STATIC, options(1, 0, 4))) {
            p.fit(TRAIN, LF, TRAIN, GT);
            for (double[] row : p.gateWeights(TEST)) {
                assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, row, 1e-7);
            }
        }
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.STATIC, options(1, 2, 4))) {
            p.fit(TRAIN, LF, TRAIN, GT);
            double[][] w = p.gateWeights(TEST);
            assertFalse(Arrays.equals(w[0], new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}), "learnt in step 2");
            for (double[] row : w) {
                assertArrayEquals(w[0], row, 0.0);
            }
        }
    }

    @Test
    void nonFiniteLowFidelityValuesFormNoPairsAndAreCounted() {
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(1, 0, 0))) {
            Pretrained state = p.pretrain(TRAIN, LF);
            assertArrayEquals(new int[] {1, 1, 2}, state.nonFinite());
            assertTrue(Double.isFinite(state.loss()), "NaN labels did not reach the loss: " + state.loss());
        }
    }

    @Test
    void finetuneStartsANewAdamForStepTwo() {
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.FINETUNE, options(2, 1, 0))) {
            Pretrained state = p.pretrain(TRAIN, LF.select("lf_b"));
            assertEquals(List.of("lf_b"), state.experts());
            state.optimizer().values().forEach(m -> assertEquals(2 * STEPS_PER_EPOCH, m.step()));
            p.fit(TRAIN, GT);
            p.optimizerState().values().forEach(m -> assertEquals(STEPS_PER_EPOCH, m.step()));
        }
    }

    private static Map<String, float[]> values(Map<String, Parameter> params) {
        var v = new LinkedHashMap<String, float[]>();
        params.forEach((k, p) -> v.put(k, p.getArray().toFloatArray()));
        return v;
    }

    private static Set<String> prefixes(Set<String> paths) {
        var p = new TreeSet<String>();
        for (String s : paths) {
            p.add(s.substring(0, s.indexOf('.')));
        }
        return p;
    }
}
