package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.FakeNb201;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * {@link LowFidelityTable} on a benchmark and a proxy table made here: index i is
 * {@code Nb201Arch.fromCode(i)}, latency
 * {@code 0.5 + i}, and the table's columns {@code a = i}, {@code b = -i} with NaN, +inf and -inf planted, and an
 * all-NaN column. The committed tables are in {@link LowFidelityRealDataTest}.
 */
class LowFidelityTableTest {
    private static final int SIZE = Nb201.SIZE;
    private static Nb201 nb201;
    private static ProxyTable table;

    @BeforeAll
    static void benchmarkAndTable(@TempDir Path root) {
        nb201 = FakeNb201.write(root, i -> 0.5 + i);
        var rows = new ArrayList<ProxyTable.Row>();
        for (int i = 0; i < SIZE; i++) {
            double b = switch (i) {
                case 3 -> Double.NaN;
                case 4 -> Double.POSITIVE_INFINITY;
                case 5 -> Double.NEGATIVE_INFINITY;
                default -> -i;
            };
            if (i != 7) { // no row for index 7: NaN there too
                rows.add(new ProxyTable.Row(i, Nb201Arch.fromCode(i), new double[] {i, b, Double.NaN}));
            }
        }
        table = ProxyTable.of(List.of("a", "b", "empty"), rows, false);
    }

    private static LowFidelityTable of(String... names) {
        return LowFidelityTable.of(nb201, Dataset.CIFAR10, List.of(names), List.of(table));
    }

    @Test
    void columnsByNameInTheOrderGiven() {
        LowFidelityTable lf = of("b", LowFidelityTable.LATENCY, "a", "edgegpu_energy");
        assertEquals(List.of("b", "latency", "a", "edgegpu_energy"), lf.names());
        assertEquals(4, lf.size());
        assertEquals(1, lf.position("latency"));
        assertEquals(100.5, lf.column("latency")[100]);
        assertEquals(200.0, lf.column("edgegpu_energy")[100]);
        assertEquals(-100.0, lf.column("b")[100]);
        double[][] rows = lf.rows(new int[] {100, 3, 7});
        assertArrayEquals(new double[] {-100, 100.5, 100, 200}, rows[0]);
        assertTrue(Double.isNaN(rows[1][0]) && rows[1][2] == 3, "NaN stays NaN");
        assertTrue(Double.isNaN(rows[2][0]) && Double.isNaN(rows[2][2]), "no table row: NaN");
        assertArrayEquals(rows[0], lf.rows(List.of(Nb201Arch.fromCode(100)))[0]);
        assertEquals(List.of("a", "b"), lf.select(List.of("a", "b")).names());
        assertTrue(lf.columns().get(1).source().contains("HW-NAS-Bench edgegpu_latency (cifar10)"));
        assertEquals("proxy table 1 of 1", lf.columns().get(0).source());
    }

    @Test
    void missingValuesAreCountedAndInfinitiesBecomeNaN() {
        LowFidelityTable lf = of("a", "b");
        assertEquals(1, lf.missing("a")); // index 7 has no row
        assertEquals(4, lf.missing("b")); // NaN at 3, +inf at 4, -inf at 5, no row at 7
        assertEquals(2, lf.columns().get(1).infinite());
        double[] b = lf.column("b");
        assertTrue(Double.isNaN(b[4]) && Double.isNaN(b[5]));
        assertEquals(2, lf.missing("b", new int[] {4, 7, 8, 9}));
        Table summary = lf.summary();
        assertEquals(List.of("name", "source", "missing", "infinite", "min", "max"), summary.columnNames());
        assertEquals(4, summary.intColumn("missing").get(1));
        assertEquals(2, summary.intColumn("infinite").get(1));
        assertEquals(-(SIZE - 1.0), summary.doubleColumn("min").get(1));
        assertEquals(0.0, summary.doubleColumn("max").get(1));
        assertTrue(lf.toString().contains("b (4 missing)"), lf.toString());
    }

    @Test
    void badNamesAndEmptyColumnsAreRefusedByName() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> of("a", "synflw"));
        assertTrue(unknown.getMessage().startsWith("unknown low-fidelity type 'synflw'; known: latency, a, b, empty"),
                unknown.getMessage());
        assertTrue(unknown.getMessage().contains("val_accuracy_12"), unknown.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> of("a", "empty"));
        assertTrue(empty.getMessage().startsWith("low-fidelity column empty (proxy table 1 of 1) has no finite value"),
                empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> of("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> of());
        var absent = assertThrows(IllegalArgumentException.class, () -> of("a").column("b"));
        assertEquals("Column b is not present in the low-fidelity table; it has a", absent.getMessage());
    }

    @Test
    void aTableOfAnotherIndexOrderIsRefused() {
        var rows = new ArrayList<ProxyTable.Row>();
        rows.add(new ProxyTable.Row(0, Nb201Arch.fromCode(1), new double[] {1}));
        ProxyTable shuffled = ProxyTable.of(List.of("c"), rows, false);
        var e = assertThrows(IllegalArgumentException.class,
                () -> LowFidelityTable.of(nb201, Dataset.CIFAR10, List.of("c"), List.of(shuffled)));
        assertTrue(e.getMessage().startsWith("index 0 is "), e.getMessage());
    }

    @Test
    void benchmarkMetricsByIdAndTheirFailureMarkers() {
        // params is not in the table: the closed form, no file needed
        LowFidelityTable lf = of("params", "val_accuracy_12");
        assertEquals(Nb201.params(Nb201Arch.fromCode(42), Dataset.CIFAR10), lf.column("params")[42]);
        assertEquals(50.042, lf.column("val_accuracy_12")[42], 1e-12);
        assertEquals(0, lf.missing("params"));
    }

    @Test
    void theDefaultSetsAreWhatTheJavadocSays() {
        assertEquals(11, LowFidelityTable.DEFAULT.size());
        assertEquals(10, LowFidelityTable.PAPER.size());
        assertTrue(!LowFidelityTable.PAPER.contains("params") && LowFidelityTable.DEFAULT.contains("params"));
        assertEquals(LowFidelityTable.DEFAULT.stream().filter(n -> !n.equals("params")).sorted().toList(),
                LowFidelityTable.PAPER.stream().sorted().toList());
    }
}
