package io.trainfree.fear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.TinyImages;
import io.trainfree.train.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Fear} and {@link ShortReg} on a made-up task a tiny network learns: stages, threshold, score and cost. */
class FearTest {
    private static final Nb201Net TINY = Nb201Net.official(Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|"),
            Dataset.CIFAR10).withChannels(4).withCellsPerStage(1);
    private static final ImageSet IMAGES = TinyImages.colourClasses(160, 8, 7);
    private static final int[] ALL = IntStream.range(0, 160).toArray();

    @Test
    void stageOneRunsToTheThresholdThenTheTailTrains() {
        var protocol = new FearProtocol(4, 1, 0.25, 10, 10, 16, 32, 2);
        List<EpochStats> heard = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager()) {
            FearScore s = Fear.score(TINY, protocol, IMAGES, ALL, 36, root, heard::add);
            assertTrue(s.reached(), s.toString());
            EpochStats last1 = s.stage1().getLast();
            assertTrue(last1.trainTop1() >= 0.25, "stopped at the threshold: " + s.stage1());
            s.stage1().subList(0, s.stage1().size() - 1).forEach(e -> assertTrue(e.trainTop1() < 0.25,
                    "not before: " + s.stage1()));
            assertEquals(2, s.stage2().size());
            assertEquals(5, s.stage2().getFirst().steps(), "stage 2 at batch 32: 160 / 32 steps");
            assertEquals(0.1, s.stage2().getFirst().learningRate(), 1e-15, "a new schedule from 0.1");
            assertEquals(s.stage2().getLast().trainTop1(), s.score(), 0.0);
            assertEquals(s.stage1().size() + 2, heard.size());
            double sum = heard.stream().mapToDouble(EpochStats::seconds).sum();
            assertEquals(sum, s.seconds(), 1e-9, "the cost is the training loops' time");
        }
    }

    @Test
    void aThresholdNeverReachedExcludesTheArchitecture() {
        var protocol = new FearProtocol(4, 1, 1.0, 10, 2, 16, 32, 2);
        try (NDManager root = NDManager.newBaseManager()) {
            FearScore s = Fear.score(TINY, protocol, IMAGES, ALL, 36, root, e -> { });
            assertFalse(s.reached());
            assertEquals(2, s.stage1().size());
            assertTrue(s.stage2().isEmpty());
            assertTrue(Double.isNaN(s.score()));
        }
    }

    @Test
    void shortRegScoresTheBestEpochOfAShortenedSchedule() {
        try (NDManager root = NDManager.newBaseManager()) {
            ShortReg.Result r = ShortReg.score(TINY, 3, 32, IMAGES, ALL, 36, root, e -> { });
            assertEquals(3, r.epochs().size());
            assertEquals(new io.trainfree.train.CosineSchedule(0.1, 3, 0).lr(2), r.epochs().get(2).learningRate(),
                    1e-15, "the horizon is the shortened run");
            assertEquals(r.epochs().stream().mapToDouble(EpochStats::trainTop1).max().orElseThrow(), r.score(), 0.0);
            assertEquals(r.epochs().stream().mapToDouble(EpochStats::seconds).sum(), r.seconds(), 1e-9);
        }
    }

    @Test
    void theProtocolAndTheNetworkMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> new FearProtocol(16, 5, 1.5, 200, 200, 256, 1024, 5));
        try (NDManager root = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class, () -> Fear.score(TINY, FearProtocol.paper(), IMAGES,
                    ALL, 36, root, x -> { }));
            assertTrue(e.getMessage().contains("C=4 N=1"), e.getMessage());
        }
        assertEquals(1024, FearProtocol.paper().stage2(Dataset.CIFAR10).batchSize());
        assertEquals(200, FearProtocol.paper().stage1(Dataset.CIFAR10).epochs());
    }
}
