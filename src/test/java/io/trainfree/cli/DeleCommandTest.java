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
}
