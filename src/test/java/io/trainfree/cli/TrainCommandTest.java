package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private static final String CELL =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    /** One epoch, then the same command with two: it resumes after the first and the log has both. */
    @Test
    @RealData
    void trainsAnEpochAtATimeAndResumes(@TempDir Path tmp) throws IOException {
        assumeTrue(DataResolver.standard().has(DataFile.CIFAR10_TRAIN_1), "needs CIFAR-10's data_batch_1 from "
                + "../shared/data (or $TRAINFREE_DATA)");
        String[] args = {"train", CELL, "--channels", "4", "--cells", "1", "--images", "80", "--batch-size", "32",
            "--horizon", "4", "--threads", "1", "-o", tmp.toString(), "--epochs"};
        CliRun first = CliRun.of(concat(args, "1"));
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("64 training and 16 held-out images"), first.out());
        assertTrue(first.out().contains("epoch   1/1  loss"), first.out());
        CliRun second = CliRun.of(concat(args, "2"));
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("after epoch 1"), second.out());
        assertTrue(second.out().contains("epoch   2/2") && !second.out().contains("epoch   1/2"), second.out());
        List<String> log = Files.readAllLines(tmp.resolve("cell11791-c4n1-b32-k80-v16-h4-s36.csv"));
        assertEquals(3, log.size(), log.toString());
        assertTrue(log.get(2).startsWith("1,0.0853553390593273"), "epoch 1 at cos(pi/4)'s rate: " + log);
    }

    @Test
    void benchTrainTimesAStepOfEachNetwork() {
        CliRun run = CliRun.of("bench", "train", "--configs", "4:1,4:1:tail", "--batch-size", "8", "--steps", "1",
                "--warmup", "1", "--threads", "1", "--no-pytorch");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("C=4 N=1 tail"), run.out());
        CliRun bad = CliRun.of("bench", "train", "--configs", "4x1", "--no-pytorch");
        assertTrue(bad.code() != 0 && bad.err().contains("'4x1' is not C:N or C:N:tail"), bad.err());
    }

    @Test
    void aBadCellIsNamed() {
        CliRun run = CliRun.of("train", "|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        assertTrue(run.code() != 0, run.out());
        assertTrue(run.err().contains("nor_conv_5x5"), run.err());
    }

    @Test
    void anUnknownProtocolIsNamedWithTheKnownOnes() {
        CliRun run = CliRun.of("train", CELL, "--protocol", "gpu-fast");
        assertTrue(run.code() != 0, run.out());
        assertTrue(run.err().contains("unknown protocol 'gpu-fast'; known: cpu, paper"), run.err());
        CliRun fear = CliRun.of("fear", "run", "--protocol", "fast");
        assertTrue(fear.code() != 0, fear.out());
        assertTrue(fear.err().contains("unknown protocol 'fast'"), fear.err());
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
