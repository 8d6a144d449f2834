package io.trainfree.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Augmentation;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.TinyImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NetworkTrainer} on a small made-up task a tiny network learns in a few epochs, and {@link Freezing}. */
class NetworkTrainerTest {
    private static final Nb201Arch ARCH = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|");
    private static final Nb201Net TINY = Nb201Net.official(ARCH, Dataset.CIFAR10).withChannels(4)
            .withCellsPerStage(1);
    private static final TrainingRecipe RECIPE = TrainingRecipe.nb201(Dataset.CIFAR10).withBatchSize(32)
            .withEpochs(8);

    /** 160 images of 8x8 pixels whose class sets the red level. */
    private static ImageSet images() {
        return TinyImages.colourClasses(160, 8, 7);
    }

    private static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void aTinyNetworkLearnsAndASeedRepeatsTheRun() {
        ImageSet data = images();
        float[][] finalWeights = new float[2][];
        try (NDManager root = NDManager.newBaseManager()) {
            for (int run = 0; run < 2; run++) {
                try (var trainer = new NetworkTrainer(TINY, 36, root)) {
                    trainer.startStage(RECIPE.withBatchSize(16), Freezing.none());
                    List<EpochStats> epochs = IntStream.range(0, 8)
                            .mapToObj(e -> trainer.trainEpoch(data, all(160), e)).toList();
                    EpochStats first = epochs.getFirst();
                    EpochStats last = epochs.getLast();
                    assertEquals(10, first.steps(), "160 images in batches of 16");
                    assertEquals(0.1, first.learningRate(), 1e-15);
                    assertEquals(new CosineSchedule(0.1, 8, 0).lr(7), last.learningRate(), 1e-15);
                    assertTrue(last.loss() < first.loss() - 0.5, epochs.toString());
                    assertTrue(last.trainTop1() > 0.35, "chance is 0.1: " + epochs);
                    assertTrue(trainer.accuracy(data, all(160), 64) > 0.3, "evaluation on running statistics");
                    assertFalse(last.diverged());
                    finalWeights[run] = trainer.params().get("classifier.weight").toFloatArray();
                }
            }
        }
        assertArrayEquals(finalWeights[0], finalWeights[1], 0f, "the same seed trains the same network");
    }

    @Test
    void aFrozenPartKeepsItsWeightsButItsBatchNormsGoOnLearningStatistics() {
        ImageSet data = images();
        try (NDManager root = NDManager.newBaseManager(); var trainer = new NetworkTrainer(TINY, 1, root)) {
            trainer.startStage(RECIPE, Freezing.fearTail(TINY));
            assertTrue(trainer.trainableNames().contains("classifier.weight"));
            assertTrue(trainer.trainableNames().stream().allMatch(n -> n.startsWith("stack_cell3.0.")
                    || n.startsWith("top.lastact") || n.startsWith("classifier")), trainer.trainableNames().toString());
            float[] stem = trainer.params().get("stem.net.0.weight").toFloatArray();
            float[] stemMean = trainer.params().get("stem.net.1.running_mean").toFloatArray();
            float[] classifier = trainer.params().get("classifier.weight").toFloatArray();
            trainer.trainEpoch(data, all(160), 0);
            assertArrayEquals(stem, trainer.params().get("stem.net.0.weight").toFloatArray(), 0f);
            assertFalse(Arrays.equals(stemMean, trainer.params().get("stem.net.1.running_mean").toFloatArray()),
                    "running statistics still move");
            assertFalse(Arrays.equals(classifier, trainer.params().get("classifier.weight").toFloatArray()));
            assertFalse(trainer.params().get("stem.net.0.weight").hasGradient(), "no gradient for a frozen tensor");
        }
    }

    /** A run saved after epoch 0 and restored into a new trainer trains epoch 1 exactly as the unbroken run did. */
    @Test
    void aRestoredCheckpointContinuesTheRunExactly(@TempDir Path tmp) throws IOException {
        ImageSet data = images();
        Path file = tmp.resolve("run.ckpt");
        float[] unbroken;
        try (NDManager root = NDManager.newBaseManager()) {
            try (var trainer = new NetworkTrainer(TINY, 5, root)) {
                trainer.startStage(RECIPE, Freezing.none());
                trainer.trainEpoch(data, all(64), 0);
                trainer.save(file, 1);
                trainer.trainEpoch(data, all(64), 1);
                unbroken = trainer.params().get("stack_cell2.0.options.2.op.1.weight").toFloatArray();
            }
            try (var resumed = new NetworkTrainer(TINY, 5, root)) {
                resumed.startStage(RECIPE, Freezing.none());
                assertEquals(1, resumed.restore(file), "the next epoch");
                resumed.trainEpoch(data, all(64), 1);
                assertArrayEquals(unbroken, resumed.params().get("stack_cell2.0.options.2.op.1.weight")
                        .toFloatArray(), 0f);
            }
            try (var other = new NetworkTrainer(TINY, 6, root)) {
                other.startStage(RECIPE, Freezing.none());
                var e = assertThrows(IllegalArgumentException.class, () -> other.restore(file));
                assertTrue(e.getMessage().contains("run.ckpt") && e.getMessage().contains("seed=5"), e.getMessage());
            }
            Files.write(tmp.resolve("cut.ckpt"), Arrays.copyOf(Files.readAllBytes(file), 2000));
            try (var cut = new NetworkTrainer(TINY, 5, root)) {
                cut.startStage(RECIPE, Freezing.none());
                var e = assertThrows(IllegalArgumentException.class, () -> cut.restore(tmp.resolve("cut.ckpt")));
                assertTrue(e.getMessage().contains("cut short"), e.getMessage());
            }
        }
    }

    @Test
    void aNanLossEndsTheEpochAsDiverged() {
        try (NDManager root = NDManager.newBaseManager(); var trainer = new NetworkTrainer(TINY, 1, root)) {
            trainer.startStage(RECIPE, Freezing.none());
            trainer.params().get("classifier.bias").muli(Float.NaN);
            EpochStats e = trainer.trainEpoch(images(), all(160), 0);
            assertTrue(e.diverged());
            assertEquals(0, e.steps());
            assertTrue(Double.isNaN(e.loss()));
        }
    }

    @Test
    void trainingNeedsAStageWithSomethingToTrain() {
        try (NDManager root = NDManager.newBaseManager(); var trainer = new NetworkTrainer(TINY, 1, root)) {
            assertThrows(IllegalStateException.class, () -> trainer.trainEpoch(images(), all(10), 0));
            var e = assertThrows(IllegalArgumentException.class, () -> trainer.startStage(RECIPE, n -> false));
            assertTrue(e.getMessage().contains("no tensor"), e.getMessage());
        }
    }

    @Test
    void fearsTailAndTheTinyNetworkNames() {
        Nb201Net full = Nb201Net.official(ARCH, Dataset.CIFAR10);
        var tail = Freezing.fearTail(full);
        assertTrue(tail.test("stack_cell3.1.options.2.op.1.weight"));
        assertTrue(tail.test("stack_cell3.4.options.2.op.1.weight"));
        assertFalse(tail.test("stack_cell3.0.options.2.op.1.weight"));
        assertFalse(tail.test("reduction2.conv_a.op.1.weight"));
        assertFalse(tail.test("stem.net.0.weight"));
        assertTrue(tail.test("top.lastact.0.weight") && tail.test("classifier.bias"));
        assertEquals("cells.13.options.2.op.1.weight", Freezing.tinyNetworkName("stack_cell3.1.options.2.op.1.weight",
                5));
        assertEquals("cells.5.conv_a.op.1.weight", Freezing.tinyNetworkName("reduction1.conv_a.op.1.weight", 5));
        assertEquals("cells.11.residual.1.weight", Freezing.tinyNetworkName("reduction2.residual.1.weight", 5));
        assertEquals("cells.0.options.2.op.1.weight", Freezing.tinyNetworkName("stack_cell1.0.options.2.op.1.weight",
                5));
        assertEquals("lastact.0.weight", Freezing.tinyNetworkName("top.lastact.0.weight", 5));
        assertEquals("stem.1.running_mean", Freezing.tinyNetworkName("stem.net.1.running_mean", 5));
        assertEquals(Augmentation.reference(Dataset.CIFAR10), RECIPE.augmentation());
    }
}
