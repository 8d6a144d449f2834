package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.testing.RealData;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NAS-Bench-201 on the published files: the facts docs/proxies.md §1.1 and docs/robot.md §1 and §8 state, checked on
 * the data.
 */
@RealData
class Nb201Test {
    private static final DataResolver DATA = DataResolver.standard();
    private static Nb201 nb201;

    /** Per test, so that each one is reported skipped with the reason (a class-level abort shows as 0 tests). */
    @BeforeEach
    void load() {
        assumeTrue(DATA.has(nb201Files()),
                "needs the NAS-Bench-201 files under nb201/ from ../shared/data (or $TRAINFREE_DATA): "
                        + Arrays.toString(nb201Files()));
        if (nb201 == null) {
            nb201 = Nb201.load(DATA);
        }
    }

    private static DataFile[] nb201Files() {
        return Arrays.stream(DataFile.values()).filter(f -> f.path().startsWith("nb201/")).toArray(DataFile[]::new);
    }

    @Test
    void indexOrderIsTheBenchmarks() {
        assertEquals("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
                nb201.space().arch(0).archString());
        assertEquals("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
                nb201.space().arch(6111).archString());
        assertEquals(6111, nb201.space().lookup("(2, 2, 0, 2, 2, 3)"));
    }

    @Test
    void bestCifar10TestAccuracyIs94373At6111() {
        double[] acc = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        int best = IntStream.range(0, acc.length).reduce((a, b) -> acc[b] > acc[a] ? b : a).orElseThrow();
        assertEquals(6111, best);
        assertEquals(94.37333333333333, acc[6111], 0.0);
        assertEquals(94.373, Math.round(acc[6111] * 1000) / 1000.0, 0.0);
        var summary = nb201.summary(Metric.TEST_ACCURACY);
        assertEquals(List.of("cifar10", "cifar100", "ImageNet16-120"), summary.stringColumn("task").asList());
        assertEquals(List.of(6111, 9930, 857), summary.intColumn("best_index").asList());
        assertEquals(2, summary.intColumn("best_ties").get(0), "13714 ties with 6111 at 94.3733 on CIFAR-10");
        assertEquals(acc[6111], acc[13714], 0.0);
        assertEquals(73.51333326009114, summary.doubleColumn("max").get(1), 0.0);
        assertEquals(47.311111097547744, summary.doubleColumn("max").get(2), 0.0);
    }

    @Test
    void byTaskSetsTheDatasetsSideBySide() {
        var wide = nb201.byTask(Metric.TEST_ACCURACY);
        assertEquals(List.of("index", "arch", "cifar10", "cifar100", "ImageNet16-120"), wide.columnNames());
        assertEquals(Nb201.SIZE, wide.rowCount());
        assertEquals(nb201.query(857, Dataset.IMAGENET16_120, Metric.TEST_ACCURACY),
                wide.doubleColumn("ImageNet16-120").get(857), 0.0);
        assertEquals(nb201.space().arch(6111).archString(), wide.stringColumn("arch").get(6111));
        // train_cost_12 is published for CIFAR-10 only, so it gets one task column
        assertEquals(List.of("index", "arch", "cifar10"), nb201.byTask(Metric.TRAIN_COST_12).columnNames());
    }

    @Test
    void exactlyThe341DisconnectedCellsHaveTenPercent() {
        double[] acc = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        Set<Integer> disconnected = IntStream.range(0, Nb201.SIZE)
                .filter(i -> !nb201.space().arch(i).isConnected()).boxed().collect(Collectors.toSet());
        Set<Integer> atTen = IntStream.range(0, Nb201.SIZE).filter(i -> acc[i] == 10.0).boxed()
                .collect(Collectors.toSet());
        assertEquals(341, disconnected.size());
        assertEquals(disconnected, atTen);
        // NASLib's zen: the failure sentinel -1e8 on exactly these cells, kept as published
        for (Dataset d : Dataset.values()) {
            double[] zen = nb201.values(d, Metric.ZEN);
            assertEquals(disconnected, IntStream.range(0, Nb201.SIZE).filter(i -> zen[i] == -1e8).boxed()
                    .collect(Collectors.toSet()), d.id());
        }
    }

    @Test
    void robotValaccIsMiniNasbenchCifar10Val() {
        double[] valacc = nb201.values(Dataset.CIFAR10, Metric.VAL_ACCURACY_12);
        Csv mini = Csv.read(DATA.resolve(DataFile.NB201_HP12_ACCS));
        int col = mini.column("cifar10-val");
        assertEquals(Nb201.SIZE, mini.rowCount());
        for (int i = 0; i < Nb201.SIZE; i++) {
            assertEquals(valacc[i], mini.number(i, col), 0.0, "index " + i);
        }
        assertEquals(9.711999998626709, Arrays.stream(valacc).min().orElseThrow(), 0.0);
        assertEquals(84.89199999023438, Arrays.stream(valacc).max().orElseThrow(), 0.0);
        double[] cost = nb201.values(Dataset.CIFAR10, Metric.TRAIN_COST_12);
        assertEquals(109.7, Math.round(Arrays.stream(cost).average().orElseThrow() * 10) / 10.0, 0.0);
    }

    @Test
    void naslibCopyOfRobotTestAccuracyAgrees() {
        double[] acc = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        Csv zen = Csv.read(DATA.resolve(DataFile.NB201_ZEN_VALACC));
        int col = zen.column("robot_test_acc_cifar10");
        for (int i = 0; i < Nb201.SIZE; i++) {
            assertEquals(acc[i], zen.number(i, col), 0.0, "index " + i);
        }
    }

    /** No-dead-op cells: every non-none edge lies on a path from input to output. */
    private static boolean noDeadOp(Nb201Arch a) {
        boolean[] fromInput = new boolean[4];
        boolean[] toOutput = new boolean[4];
        fromInput[0] = true;
        toOutput[3] = true;
        for (int e = 0; e < 6; e++) {
            if (fromInput[Nb201Arch.from(e)] && a.op(e) != Nb201Op.NONE) {
                fromInput[Nb201Arch.to(e)] = true;
            }
        }
        for (int e = 5; e >= 0; e--) {
            if (toOutput[Nb201Arch.to(e)] && a.op(e) != Nb201Op.NONE) {
                toOutput[Nb201Arch.from(e)] = true;
            }
        }
        for (int e = 0; e < 6; e++) {
            if (a.op(e) != Nb201Op.NONE && !(fromInput[Nb201Arch.from(e)] && toOutput[Nb201Arch.to(e)])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void suiteZeroCoversTheCellsWithoutDeadOps() {
        Set<Integer> noDead = IntStream.range(0, Nb201.SIZE).filter(i -> noDeadOp(nb201.space().arch(i))).boxed()
                .collect(Collectors.toSet());
        assertEquals(9_445, noDead.size());
        for (Dataset d : List.of(Dataset.CIFAR10, Dataset.IMAGENET16_120)) {
            double[] synflow = nb201.values(d, Metric.SYNFLOW);
            Set<Integer> covered = IntStream.range(0, Nb201.SIZE).filter(i -> !Double.isNaN(synflow[i])).boxed()
                    .collect(Collectors.toSet());
            assertEquals(noDead, covered, d.id());
        }
        // all connected but one: the all-none cell, index 1651, which has no dead op because it has no op
        Set<Integer> disconnected = noDead.stream().filter(i -> !nb201.space().arch(i).isConnected())
                .collect(Collectors.toSet());
        assertEquals(Set.of(1651), disconnected);
        assertEquals(Nb201Arch.parseNaslib("(1, 1, 1, 1, 1, 1)"), nb201.space().arch(1651));
        assertEquals(-1e8, nb201.query(1651, Dataset.CIFAR10, Metric.NWOT), 0.0);
    }

    @Test
    void suiteZeroAgreesWithNaslibAndClosedForm() {
        for (Dataset d : List.of(Dataset.CIFAR10, Dataset.IMAGENET16_120)) {
            DataFile file = d == Dataset.CIFAR10 ? DataFile.NB201_SUITE_ZERO_CIFAR10
                    : DataFile.NB201_SUITE_ZERO_IMAGENET16;
            Csv csv = Csv.read(DATA.resolve(file));
            int net = csv.column("net");
            int zen = csv.column("zen");
            double[] naslibZen = nb201.values(d, Metric.ZEN);
            var seen = new HashSet<Integer>();
            for (int r = 0; r < csv.rowCount(); r++) {
                int i = nb201.space().index(Nb201Arch.parseNaslib(csv.text(r, net)));
                assertTrue(seen.add(i));
                assertEquals(naslibZen[i], csv.number(r, zen), 0.0, "zen at index " + i);
                assertEquals(nb201.query(i, d, Metric.PARAMS), nb201.query(i, d, Metric.ZC_PARAMS), 1e-12);
                assertTrue(nb201.query(i, d, Metric.ZC_FLOPS) > nb201.query(i, d, Metric.FLOPS),
                        "Suite-Zero's flops count more than the closed form at " + i);
            }
            assertEquals(9_445, seen.size());
        }
    }

    @Test
    void suiteZeroValidationAccuracyIsNaslibs() {
        for (Dataset d : List.of(Dataset.CIFAR10, Dataset.IMAGENET16_120)) {
            DataFile file = d == Dataset.CIFAR10 ? DataFile.NB201_SUITE_ZERO_VALID_NETS
                    : DataFile.NB201_SUITE_ZERO_VALID_NETS_IMAGENET16;
            Csv csv = Csv.read(DATA.resolve(file));
            double[] val = nb201.values(d, Metric.VAL_ACCURACY);
            for (int r = 0; r < csv.rowCount(); r++) {
                int i = nb201.space().index(Nb201Arch.parseNaslib(csv.text(r, csv.column("net"))));
                assertEquals(val[i], csv.number(r, csv.column("val_accs")), 0.0, "index " + i);
            }
        }
    }

    @Test
    void hardwareTablesAsPublished() {
        double[] tpu = nb201.values(Dataset.CIFAR10, Metric.EDGETPU_LATENCY);
        assertEquals(4_699, Arrays.stream(tpu).filter(v -> v == -1.0).count()); // HW-NAS-Bench's "not measured"
        assertTrue(Arrays.stream(tpu).allMatch(v -> v == -1.0 || v > 0));
        for (Metric m : Metric.ofKind(Metric.Kind.HARDWARE)) {
            if (m != Metric.EDGETPU_LATENCY) {
                for (Dataset d : Dataset.values()) {
                    assertTrue(Arrays.stream(nb201.values(d, m)).allMatch(v -> v > 0), m + " " + d);
                }
            }
        }
        assertEquals(5.807418537139893, nb201.query(0, Dataset.CIFAR10, Metric.EDGEGPU_LATENCY), 0.0);
    }

    @Test
    void metricsPerDatasetAndClearRefusals() {
        assertTrue(nb201.metrics(Dataset.CIFAR10).containsAll(List.of(Metric.values())));
        assertFalse(nb201.metrics(Dataset.CIFAR100).contains(Metric.SYNFLOW));
        assertFalse(nb201.metrics(Dataset.CIFAR100).contains(Metric.TRAIN_COST_12));
        assertTrue(nb201.metrics(Dataset.CIFAR100).contains(Metric.ZEN));
        assertFalse(nb201.metrics(Dataset.IMAGENET16_120).contains(Metric.TRAIN_COST_12));
        assertEquals(Metric.values().length - 1, nb201.metrics(Dataset.IMAGENET16_120).size());
        var e = assertThrows(IllegalArgumentException.class, () -> nb201.query(15_625, Dataset.CIFAR10,
                Metric.TEST_ACCURACY));
        assertEquals("NAS-Bench-201 index 15625 is not in 0..15624", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metric.of("synflw"));
        assertTrue(e.getMessage().startsWith("unknown metric 'synflw'; known: test_accuracy, val_accuracy"),
                e.getMessage());
    }

    @Test
    void tablesHoldEveryPublishedColumn() {
        var c10 = nb201.table(Dataset.CIFAR10);
        assertEquals(Nb201.SIZE, c10.rowCount());
        assertEquals(2 + Metric.values().length, c10.columnCount());
        assertEquals(List.of("index", "arch", "test_accuracy"), c10.columnNames().subList(0, 3));
        assertEquals(94.37333333333333, c10.doubleColumn("test_accuracy").get(6111), 0.0);
        assertEquals(nb201.space().arch(6111).archString(), c10.stringColumn("arch").get(6111));
        var c100 = nb201.table(Dataset.CIFAR100);
        assertEquals(2 + nb201.metrics(Dataset.CIFAR100).size(), c100.columnCount());
        assertFalse(c100.columnNames().contains("synflow"));
    }

    @Test
    void chargesRobotsCostOncePerDistinctArchitecture() {
        var queries = QueryCounter.of(nb201, Dataset.CIFAR10, Metric.VAL_ACCURACY_12, Metric.TRAIN_COST_12);
        Nb201Arch best = nb201.space().arch(6111);
        double v = queries.query(best);
        queries.query(best);
        queries.query(nb201.space().arch(0));
        assertEquals(nb201.query(6111, Dataset.CIFAR10, Metric.VAL_ACCURACY_12), v, 0.0);
        assertEquals(2, queries.count());
        assertEquals(3, queries.calls());
        assertEquals(nb201.query(6111, Dataset.CIFAR10, Metric.TRAIN_COST_12)
                + nb201.query(0, Dataset.CIFAR10, Metric.TRAIN_COST_12), queries.cost(), 0.0);
        assertEquals(List.of(best, nb201.space().arch(0)), queries.history());
        var e = assertThrows(IllegalArgumentException.class,
                () -> QueryCounter.of(nb201, Dataset.CIFAR100, Metric.VAL_ACCURACY_12, Metric.TRAIN_COST_12));
        assertTrue(e.getMessage().startsWith("NAS-Bench-201 has no train_cost_12 for cifar100"), e.getMessage());
    }
}
