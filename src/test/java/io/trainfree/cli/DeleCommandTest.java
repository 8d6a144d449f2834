package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeleCommandTest {
    @Test
    void seedsAreRangesOrLists() {
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), DeleCommand.range("0..4"));
        assertEquals(List.of(0L, 1L, 2L, 7L), DeleCommand.range("0..2,7"));
        assertEquals(List.of(3L), DeleCommand.range("3"));
    }

    @Test
    void anUnknownMannerIsAUsageError() {
        CliRun run = CliRun.of("dele", "--manner", "vanilla,boosted");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("unknown manner 'boosted'; known: vanilla, dele, static, finetune:LF"),
                run.err());
    }

    @Test
    void benchDeleTimesEachStepAndProjectsTheTable() {
        CliRun run = CliRun.of("bench", "dele", "--encoder", "mlp", "--experts", "2", "--epochs", "2", "--threads",
                "1");
        assertEquals(0, run.code(), run.out() + run.err());
        for (String row : List.of("step 1: 2 experts", "step 2: experts + gate", "vanilla: one predictor")) {
            assertTrue(run.out().contains(row), run.out());
        }
        assertTrue(run.out().contains("of one-thread job time"), run.out());
        CliRun one = CliRun.of("bench", "dele", "--encoder", "mlp", "--epochs", "1");
        assertEquals(1, one.code(), one.out() + one.err());
        assertTrue(one.err().contains("--epochs must be at least 2"), one.err());
    }

    @Test
    void anUnknownSearchMethodIsNamed() {
        CliRun run = CliRun.of("dele", "search", "--methods", "RS,BOHB", "--budget", "30");
        assertTrue(run.code() != 0, run.out());
        assertTrue(run.err().contains("unknown search method 'BOHB'"), run.err());
    }
}
