package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** {@code trainfree robot} through {@link Main#run}, on the published files (skipped when absent). */
class RobotCommandTest {
    private static final DataResolver DATA = DataResolver.standard();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assumeData(DataFile... more) {
        DataFile[] core = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10, DataFile.NB201_TEST_CIFAR100,
            DataFile.NB201_TEST_IMAGENET16};
        assumeTrue(DATA.has(core) && DATA.has(more), "needs " + Arrays.toString(core) + " and "
                + Arrays.toString(more) + " from ../shared/data");
    }

    @Test
    void seedsParseAsRangesAndLists() {
        assertArrayEquals(new long[] {10, 11, 12}, RobotCommand.parseSeeds("10..12"));
        assertArrayEquals(new long[] {3, 7}, RobotCommand.parseSeeds(" 3, 7 "));
        var e = assertThrows(IllegalArgumentException.class, () -> RobotCommand.parseSeeds("12..10"));
        assertTrue(e.getMessage().contains("ends before it starts"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RobotCommand.parseSeeds("ten"));
    }

    /** The official-logic RS of docs/robot.md §4, through the command line, with its per-seed rows written. */
    @Test
    @RealData
    void randomSearchPrintsTheReferenceNumbersAndWritesRows() throws IOException {
        assumeData();
        Path rows = dir.resolve("rs.csv");
        CliRun r = run("robot", "--method", "rs", "-d", "ImageNet16-120", "--out", rows.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*RS +\\| +ImageNet16-120 +\\| +20 +\\| +10 +\\| +42\\.9833 +\\| +1\\.7179 .*"),
                r.out());
        var lines = Files.readAllLines(rows);
        assertEquals(11, lines.size());
        assertEquals("seed,pick,arch,reported,objective,cost,explored", lines.get(0));
    }

    /** With NAS-Bench-Suite-Zero's six, RoBoT ends on cell 13714 in every seed (the highest 12-epoch accuracy). */
    @Test
    @RealData
    void robotWithSuiteZeroEndsOnTheBest12EpochCell() {
        assumeData(DataFile.NB201_SUITE_ZERO_CIFAR10);
        CliRun r = run("robot", "--seeds", "10..12");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*RoBoT +\\| +cifar10 +\\| +20 +\\| +3 +\\| +94\\.3733 +\\| +0\\.0000 .*"),
                r.out());
        assertEquals(3, r.out().split("\\|  13714  \\|", -1).length - 1, r.out());
    }

    /**
     * Hardware-aware: every pick meets the latency bound, because only feasible cells are searched. Each pick is read
     * back by its arch string from the written rows (their {@code pick} indexes the feasible subset) and looked up in
     * HW-NAS-Bench; without the bound RoBoT ends on 13714, whose 6.77 ms the bound excludes.
     */
    @Test
    @RealData
    void constrainedSearchStaysWithinTheBound() throws IOException {
        assumeData(DataFile.NB201_SUITE_ZERO_CIFAR10, DataFile.NB201_HW_CIFAR10);
        var nb201 = Nb201.load(DATA);
        assertEquals(6.77217960357666, nb201.query(13714, Dataset.CIFAR10, Metric.EDGEGPU_LATENCY), 1e-12);
        Path rows = dir.resolve("constrained.csv");
        CliRun r = run("robot", "--seeds", "10..11", "--constraint", "edgegpu_latency<=4", "--out", rows.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("searched the 3,519 cells meeting edgegpu_latency<=4"), r.out());
        assertEquals(3519, Arrays.stream(nb201.values(Dataset.CIFAR10, Metric.EDGEGPU_LATENCY))
                .filter(v -> v <= 4).count());
        var table = Table.read().csv(rows.toFile());
        assertEquals(2, table.rowCount());
        for (int i = 0; i < table.rowCount(); i++) {
            String arch = table.stringColumn("arch").get(i);
            int index = nb201.space().index(Nb201Arch.parse(arch));
            assertEquals(index, table.intColumn("pick").getInt(i), "pick is the NB201 index, not the subset's");
            double latency = nb201.query(index, Dataset.CIFAR10, Metric.EDGEGPU_LATENCY);
            assertTrue(latency <= 4, "seed " + table.column("seed").get(i) + " picked " + index + " " + arch + " at "
                    + latency + " ms");
            assertEquals(nb201.query(index, Dataset.CIFAR10, Metric.TEST_ACCURACY),
                    table.doubleColumn("reported").getDouble(i), 1e-9, arch);
        }
        CliRun fast = run("robot", "--method", "rs", "--seeds", "10", "--objective", "-edgegpu_latency");
        assertEquals(0, fast.code(), fast.err());
        assertTrue(fast.out().contains("objective -edgegpu_latency"), fast.out());
        CliRun rea = run("robot", "--method", "rea", "--constraint", "edgegpu_latency<=4");
        assertEquals(2, rea.code());
        assertTrue(rea.err().contains("--constraint works with --method robot or rs"), rea.err());
    }

    /** {@code --normalisation ranks} names its rows apart from the official RoBoT; refused where it means nothing. */
    @Test
    @RealData
    void rankNormalisationIsAnOption() {
        assumeData(DataFile.NB201_SUITE_ZERO_CIFAR10);
        CliRun r = run("robot", "--seeds", "10", "--normalisation", "ranks");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RoBoT ranks on NAS-Bench-201 cifar10"), r.out());
        CliRun q = run("robot", "--normalisation", "quantiles");
        assertEquals(2, q.code());
        assertTrue(q.err().contains("unknown normalisation quantiles; known: [min-max, ranks]"), q.err());
        CliRun rs = run("robot", "--method", "rs", "--normalisation", "ranks");
        assertEquals(2, rs.code());
        assertTrue(rs.err().contains("--normalisation is RoBoT's"), rs.err());
    }

    @Test
    @RealData
    void unknownMethodsAndSourcesAreNamed() {
        assumeData(DataFile.NB201_SUITE_ZERO_CIFAR10);
        CliRun m = run("robot", "--method", "bohb");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("unknown --method bohb; known: robot, rs, rea"), m.err());
        CliRun p = run("robot", "--proxies", "nowhere.csv");
        assertEquals(2, p.code());
        assertTrue(p.err().contains("--proxies nowhere.csv: no such file"), p.err());
        CliRun n = run("robot", "--metrics", "grad_norm,swap");
        assertEquals(2, n.code());
        assertTrue(n.err().contains("NAS-Bench-Suite-Zero publishes no swap"), n.err());
    }
}
