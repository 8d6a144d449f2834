package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.job.FileFormatException;
import io.trainfree.space.Nb201Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The linear-region analysis: counting on small made-up images, the summary on hand-checked counts, the table. */
class LinearRegionStudyTest {
    private static final Nb201Arch CONV = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    private static ImageSet noise(int count, long seed) {
        var random = new SplittableRandom(seed);
        byte[] p = new byte[count * 3 * 16 * 16];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) random.nextInt(256);
        }
        return ImageSet.of(Dataset.IMAGENET16_120, 16, IntStream.range(0, count).map(i -> i % 120).toArray(), p);
    }

    @Test
    void aWideNetworkGivesEveryDistinctPatchItsOwnRegionAndAThinOneCannot() {
        var images = noise(40, 1);
        // NB201's own width: tens of thousands of units for 32 noise patches, each lands in a region of its own
        var wide = new LinearRegionStudy.Setting(Dataset.IMAGENET16_120, 4, 32, 16, 5, 0);
        assertEquals(32, LinearRegionStudy.count(CONV, 7, wide, images));
        // C = 1, N = 1: a few hundred units cut the 48-dimensional patch space into fewer regions than 600 patches
        var thin = new LinearRegionStudy.Setting(Dataset.IMAGENET16_120, 4, 600, 1, 1, 0);
        int regions = LinearRegionStudy.count(CONV, 7, thin, images);
        assertTrue(regions >= 1 && regions < 600, "thin network: " + regions + " regions");
        assertEquals(regions, LinearRegionStudy.count(CONV, 7, thin, images), "seeded: the same count again");
    }

    @Test
    void settingsRefuseSidesTheNetworkCannotTake() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LinearRegionStudy.Setting(Dataset.CIFAR10, 3, 256, 1, 1, 0));
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinearRegionStudy.Setting(Dataset.CIFAR10, 4, 1, 1, 1,
                0), "one sample: batch norm has nothing to normalise over");
        assertThrows(IllegalArgumentException.class, () -> LinearRegionStudy.Settings.standard(1001));
        var grid = LinearRegionStudy.standardGrid();
        assertEquals(grid.size(), grid.stream().map(LinearRegionStudy.Setting::label).distinct().count());
        assertEquals(grid.size(), grid.stream().map(LinearRegionStudy.Setting::shortLabel).distinct().count());
        assertEquals("NB201 32px S64", new LinearRegionStudy.Setting(Dataset.CIFAR10, 32, 64, 16, 5, 0).shortLabel());
        assertEquals("C1 N5 4px S1000 IN16 seed2", new LinearRegionStudy.Setting(Dataset.IMAGENET16_120, 4, 1000, 1,
                5, 2).shortLabel());
    }

    @Test
    void summaryCountsSaturationAndRanksAgainstReferencesAndSeedZero() {
        var s0 = new LinearRegionStudy.Setting(Dataset.CIFAR10, 4, 4, 1, 1, 0);
        var s1 = s0.withSeed(1);
        List<LinearRegionStudy.Run> runs = new ArrayList<>();
        int[] cells = {5, 2, 9};
        int[] counts0 = {4, 3, 1};
        int[] counts1 = {2, 3, 4};
        for (int i = 0; i < 3; i++) {
            runs.add(new LinearRegionStudy.Run(s0, cells[i], counts0[i], 0.1));
        }
        for (int i = 0; i < 3; i++) {
            runs.add(new LinearRegionStudy.Run(s1, cells[i], counts1[i], 0.1));
        }
        double[] accuracy = new double[10];
        accuracy[5] = 90;
        accuracy[2] = 80;
        accuracy[9] = 70;
        Table t = LinearRegionStudy.summary(runs, Map.of("test_cifar10", accuracy), s -> s.samples());
        assertEquals(2, t.rowCount());
        assertEquals(8 / 3.0, t.doubleColumn("mean_regions").getDouble(0), 1e-3);
        assertEquals(4, t.intColumn("max_regions").get(0));
        assertEquals(1 / 3.0, t.doubleColumn("saturated_share").getDouble(0), 1e-3, "one count of 4 reaches S = 4");
        assertEquals(3, t.intColumn("distinct_counts").get(0));
        assertEquals(1, t.doubleColumn("tau_test_cifar10").getDouble(0), 1e-12, "seed 0 orders as the accuracy");
        assertEquals(-1, t.doubleColumn("tau_test_cifar10").getDouble(1), 1e-12);
        assertTrue(Double.isNaN(t.doubleColumn("tau_seed0").getDouble(0)));
        assertEquals(-1, t.doubleColumn("tau_seed0").getDouble(1), 1e-12, "seed 1 reverses seed 0");
        Table capped = LinearRegionStudy.summary(runs, Map.of(), setting -> 3);
        assertEquals(3, capped.intColumn("inputs").get(0));
        assertEquals(2 / 3.0, capped.doubleColumn("saturated_share").getDouble(0), 1e-12,
                "with 3 distinct inputs, counts 4 and 3 are at the ceiling");
        Table cellsOfSeed1 = LinearRegionStudy.cellTable(runs, s1, Map.of("test_cifar10", accuracy));
        assertEquals(List.of(2.0, 3.0, 4.0), cellsOfSeed1.doubleColumn("regions").asList());
        assertEquals(List.of(90.0, 80.0, 70.0), cellsOfSeed1.doubleColumn("test_cifar10").asList());
        assertThrows(IllegalArgumentException.class, () -> LinearRegionStudy.cellTable(runs, s0.withSeed(9),
                Map.of()));
    }

    @Test
    void tableRoundTripsAndABadLineIsNamed(@TempDir Path dir) throws Exception {
        var s = new LinearRegionStudy.Setting(Dataset.IMAGENET16_120, 8, 1000, 2, 1, 3);
        var run = new LinearRegionStudy.Run(s, 123, 456, 0.25);
        Path file = dir.resolve("regions.csv");
        Files.writeString(file, LinearRegionStudy.HEADER + "\n" + LinearRegionStudy.line(run) + "\n");
        assertEquals(List.of(run), LinearRegionStudy.read(file));
        Files.writeString(file, LinearRegionStudy.HEADER + "\n" + LinearRegionStudy.line(run) + "\ncifar10,4,x\n");
        var e = assertThrows(FileFormatException.class, () -> LinearRegionStudy.read(file));
        assertTrue(e.getMessage().contains("regions.csv") && e.getMessage().contains("3"), e.getMessage());
        Files.writeString(file, LinearRegionStudy.HEADER + "\nmnist,4,64,1,1,0,1,2,0.1\n");
        e = assertThrows(FileFormatException.class, () -> LinearRegionStudy.read(file));
        assertTrue(e.getMessage().contains("mnist"), e.getMessage());
    }
    @Test
    void distinctInputsCountsEqualPatchesOnce() {
        var setting = new LinearRegionStudy.Setting(Dataset.IMAGENET16_120, 4, 30, 1, 1, 0);
        assertEquals(30, LinearRegionStudy.distinctInputs(setting, noise(40, 2)), "noise patches all differ");
        byte[] flat = new byte[40 * 3 * 16 * 16];
        java.util.Arrays.fill(flat, (byte) 77);
        var grey = ImageSet.of(Dataset.IMAGENET16_120, 16, new int[40], flat);
        assertEquals(1, LinearRegionStudy.distinctInputs(setting, grey), "every patch of a flat image is the same");
    }
}
