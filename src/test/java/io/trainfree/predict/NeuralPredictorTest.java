package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.space.Nb201Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Vanilla training, scoring, reproducibility, save and load, bad input. One engine thread: scores compare bitwise. */
@ExtendWith(OneEngineThread.class)
class NeuralPredictorTest {
    static final List<Nb201Arch> TRAIN = Synthetic.cells(0, 300);
    static final List<Nb201Arch> TEST = Synthetic.cells(300, 300);
    static final double[] TRAIN_LABELS = Synthetic.additive(TRAIN, 11, 0.01);
    static final double[] TEST_TRUTH = Synthetic.additive(TEST, 11, 0);
    static TrainingOptions options(int epochs, long seed) {
        return new TrainingOptions(0, epochs, 64, 1e-3, 0.1, 4, seed);
    }

    @Test
    void mlpLearnsASyntheticRanking() {
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.VANILLA, options(60, 0))) {
            p.fit(TRAIN, TRAIN_LABELS);
            double tau = Synthetic.tau(p.scores(TEST), TEST_TRUTH);
            assertTrue(tau > 0.9, "tau " + tau);
            assertEquals(List.of("ground_truth"), p.experts());
        }
    }

    /**
     * GATES is a flow model: an op on an edge no path from input to output uses changes nothing, so it learns the
     * additive label over live edges ({@link Synthetic#liveAdditive}); a weaker bar in few epochs, as a check that it
     * learns at all (the real-data check is {@code VanillaRealCheck}: 1% of NB201 to tau 0.74, the paper's 0.733).
     */
    @Test
    void gatesLearnsASyntheticRanking() {
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options(20, 0))) {
            p.fit(TRAIN, Synthetic.liveAdditive(TRAIN, 11, 0.01));
            double tau = Synthetic.tau(p.scores(TEST), Synthetic.liveAdditive(TEST, 11, 0));
            assertTrue(tau > 0.7, "tau " + tau);
        }
    }

    @Test
    void lstmLearnsASyntheticRanking() {
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.VANILLA, options(30, 0))) {
            p.fit(TRAIN, TRAIN_LABELS);
            double tau = Synthetic.tau(p.scores(TEST), TEST_TRUTH);
            assertTrue(tau > 0.75, "tau " + tau);
        }
    }

    @Test
    void theSameSeedGivesTheSameScoresAndAnotherSeedOthers() {
        double[] a;
        double[] b;
        double[] c;
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options(3, 5))) {
            p.fit(TRAIN, TRAIN_LABELS);
            a = p.scores(TEST);
            p.fit(TRAIN, TRAIN_LABELS); // a refit starts afresh
            b = p.scores(TEST);
        }
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options(3, 5))) {
            p.fit(TRAIN, TRAIN_LABELS);
            assertArrayEquals(a, p.scores(TEST), 0.0);
        }
        try (var p = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options(3, 6))) {
            p.fit(TRAIN, TRAIN_LABELS);
            c = p.scores(TEST);
        }
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void savedWeightsLoadToTheSameScores(@TempDir Path dir) {
        Path file = dir.resolve("vanilla.weights");
        double[] scores;
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.VANILLA, options(3, 1))) {
            p.fit(TRAIN, TRAIN_LABELS);
            scores = p.scores(TEST);
            p.save(file);
            assertArrayEquals(scores, p.scores(TEST), 0.0, "scoring twice");
        }
        try (var loaded = NeuralPredictor.load(file)) {
            assertEquals(Manner.VANILLA, loaded.manner());
            assertEquals(LstmEncoder.NAME, loaded.encoder().name());
            assertArrayEquals(scores, loaded.scores(TEST), 0.0);
        }
        try (var other = NeuralPredictor.of(Encoders.lstm(), Manner.VANILLA, options(3, 9))) {
            other.fit(TRAIN, TRAIN_LABELS);
            other.loadWeights(file);
            assertArrayEquals(scores, other.scores(TEST), 0.0);
        }
    }

    @Test
    void weightsOfAnotherEncoderOrMannerAreRefusedNamingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("lstm.weights");
        try (var p = NeuralPredictor.of(Encoders.lstm(), Manner.VANILLA, options(1, 1))) {
            p.fit(TRAIN, TRAIN_LABELS);
            p.save(file);
        }
        try (var gates = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options(1, 1))) {
            gates.fit(TRAIN, TRAIN_LABELS);
            double[] before = gates.scores(TEST);
            var e = assertThrows(IllegalArgumentException.class, () -> gates.loadWeights(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("nb201-lstm")
                    && e.getMessage().contains("nb201-flow"), e.getMessage());
            assertArrayEquals(before, gates.scores(TEST), 0.0, "a refused file leaves the weights as they were");
        }
        try (var dele = NeuralPredictor.of(Encoders.lstm(), Manner.DELE, options(1, 1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> dele.loadWeights(file));
            assertTrue(e.getMessage().contains("VANILLA") && e.getMessage().contains("DELE"), e.getMessage());
        }
        Path junk = dir.resolve("junk.weights");
        try {
            Files.writeString(junk, "not weights");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> NeuralPredictor.load(junk));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    @Test
    void badInputIsRefusedNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Encoders.of("gatez"));
        assertTrue(e.getMessage().contains("gatez") && e.getMessage().contains("lstm"), e.getMessage());
        assertEquals(GatesEncoder.NAME, Encoders.of(" GATES ").name());
        try (var p = NeuralPredictor.of(Encoders.mlp(), Manner.VANILLA, options(1, 0))) {
            e = assertThrows(IllegalArgumentException.class, () -> p.fit(TRAIN, Arrays.copyOf(TRAIN_LABELS, 299)));
            assertTrue(e.getMessage().contains("300") && e.getMessage().contains("299"), e.getMessage());
            double[] flat = new double[300];
            Arrays.fill(flat, 0.5);
            flat[7] = Double.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> p.fit(TRAIN, flat));
            assertTrue(e.getMessage().contains("no pair"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> p.scores(TEST), "not trained");
            assertThrows(IllegalStateException.class, () -> p.pretrain(TRAIN, lowFidelity(TRAIN)));
        }
        try (var dele = NeuralPredictor.of(Encoders.mlp(), Manner.DELE, options(1, 0))) {
            assertThrows(IllegalStateException.class, () -> dele.fit(TRAIN, TRAIN_LABELS), "step 1 first");
            e = assertThrows(IllegalArgumentException.class,
                    () -> dele.pretrain(TRAIN.subList(0, 10), lowFidelity(TRAIN)));
            assertTrue(e.getMessage().contains("10") && e.getMessage().contains("300"), e.getMessage());
        }
        try (var finetune = NeuralPredictor.of(Encoders.mlp(), Manner.FINETUNE, options(1, 0))) {
            e = assertThrows(IllegalArgumentException.class, () -> finetune.pretrain(TRAIN, lowFidelity(TRAIN)));
            assertTrue(e.getMessage().contains("one low-fidelity type"), e.getMessage());
        }
        var nan = new double[300][2];
        for (double[] row : nan) {
            row[0] = Math.random();
            row[1] = Double.NaN;
        }
        e = assertThrows(IllegalArgumentException.class, () -> new LowFidelity(List.of("synflow", "jacob_cov"), nan));
        assertTrue(e.getMessage().contains("jacob_cov") && e.getMessage().contains("no finite value"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(0, 1, 1, 1e-3, 0.1, 4, 0));
    }

    /** Three low-fidelity columns: two informative, one noisy, one NaN per column in the first rows. */
    static LowFidelity lowFidelity(List<Nb201Arch> cells) {
        double[] a = Synthetic.additive(cells, 11, 0.3);
        double[] b = Synthetic.additive(cells, 12, 0);
        double[] c = Synthetic.additive(cells, 13, 1);
        a[0] = Double.NaN;
        b[1] = Double.POSITIVE_INFINITY;
        c[2] = Double.NaN;
        c[3] = Double.NaN;
        return LowFidelity.ofColumns(new ArrayList<>(List.of("lf_a", "lf_b", "lf_c")), a, b, c);
    }
}
