package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.eval.ProxyCorrelations;
import io.trainfree.job.FileFormatException;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.PickleBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The proxy table's CSV: exact round trips, pandas-friendly tokens, errors naming file and line. */
class ProxyTableTest {
    @TempDir
    Path dir;

    private static final String HEADER = "index,arch,a,b";

    private static String arch(int code) {
        return Nb201Arch.fromCode(code).archString();
    }

    /** Every double reads back bit for bit: the awkward ones and a thousand random bit patterns. */
    @Test
    void roundTripIsExact() {
        var special = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 0.1 + 0.2, 1e-300, 123456789.123456789, 1.0 / 3};
        var rng = new SplittableRandom(7);
        var rows = new ArrayList<ProxyTable.Row>();
        for (int i = 0; i < 1000; i++) {
            double a = i < special.length ? special[i] : Double.longBitsToDouble(rng.nextLong());
            double b = rng.nextDouble(-1e6, 1e6);
            rows.add(new ProxyTable.Row(i * 15, Nb201Arch.fromCode(i * 15), new double[] {a, b}));
        }
        var t = ProxyTable.of(List.of("a", "b"), rows, false);
        Path f = dir.resolve("t.csv");
        ProxyTableCsv.write(t, f);
        var back = ProxyTableCsv.read(f);
        assertEquals(t.proxies(), back.proxies());
        assertEquals(t.rowCount(), back.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            var x = t.rows().get(r);
            var y = back.rows().get(r);
            assertEquals(x.index(), y.index());
            assertEquals(x.arch(), y.arch());
            for (int k = 0; k < 2; k++) {
                assertEquals(Double.doubleToLongBits(x.values()[k]), Double.doubleToLongBits(y.values()[k]),
                        () -> "row " + x.index() + ": " + x.values()[0]);
            }
        }
        assertFalse(back.hasComputedFrom());
    }

    @Test
    void writesPandasTokensAndSortsByIndex() throws IOException {
        var t = ProxyTable.of(List.of("a", "b"), List.of(
                new ProxyTable.Row(9, Nb201Arch.fromCode(9), new double[] {Double.NaN, Double.NEGATIVE_INFINITY}),
                new ProxyTable.Row(2, Nb201Arch.fromCode(2), new double[] {1.5, Double.POSITIVE_INFINITY})), false);
        Path f = dir.resolve("x.csv");
        ProxyTableCsv.write(t, f);
        assertEquals(List.of(HEADER, "2," + arch(2) + ",1.5,inf", "9," + arch(9) + ",nan,-inf"),
                Files.readAllLines(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file left beside the table");
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f),
                "the table has a new file's usual permissions, not a temporary file's owner-only ones");
    }

    @Test
    void readsNanSpellingsEmptyFieldsAndCrLf() throws IOException {
        Path f = Files.writeString(dir.resolve("p.csv"), HEADER + "\r\n"
                + "0," + arch(0) + ",NaN,\r\n"
                + "1," + arch(1) + ",Infinity,-Infinity\r\n"
                + "2," + arch(2) + ",1e-3,-2.5E+2\r\n");
        var t = ProxyTableCsv.read(f);
        assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e-3}, t.column("a"));
        assertArrayEquals(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -250}, t.column("b"));
        assertEquals(1, t.nanCount("b"));
    }

    @Test
    void valuesSpanTheSpaceWithNanForMissingRows() {
        var t = ProxyTable.of(List.of("a"), List.of(new ProxyTable.Row(6111, Nb201Arch.fromCode(3),
                new double[] {4}), new ProxyTable.Row(0, Nb201Arch.fromCode(0), new double[] {5})), false);
        double[] v = t.values("a");
        assertEquals(15_625, v.length);
        assertEquals(4, v[6111]);
        assertEquals(5, v[0]);
        assertTrue(Double.isNaN(v[1]));
        var e = assertThrows(IllegalArgumentException.class, () -> t.values("snip"));
        assertTrue(e.getMessage().contains("snip") && e.getMessage().contains("a"), e.getMessage());
    }

    @Test
    void toTableHasIndexArchProxiesAndComputedFrom() {
        var t = ProxyTable.of(List.of("a"), List.of(new ProxyTable.Row(1, Nb201Arch.fromCode(1), new double[] {2}, 0),
                new ProxyTable.Row(0, Nb201Arch.fromCode(0), new double[] {2})), true);
        Table table = t.toTable();
        assertEquals(List.of("index", "arch", "a", "computed_from"), table.columnNames());
        assertEquals(0, table.intColumn("computed_from").get(1));
        Path f = dir.resolve("c.csv");
        ProxyTableCsv.write(t, f);
        var back = ProxyTableCsv.read(f);
        assertTrue(back.hasComputedFrom());
        assertEquals(t.rows(), back.rows());
        assertTrue(back.rows().get(1).copied());
    }

    @Test
    void copiedRowsNeedTheComputedFromColumn() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProxyTable.of(List.of("a"),
                List.of(new ProxyTable.Row(1, Nb201Arch.fromCode(1), new double[] {2}, 0)), false));
        assertTrue(e.getMessage().contains("computed_from"), e.getMessage());
    }

    /** Each bad file fails with the file and the line of the problem. */
    @Test
    void readErrorsNameFileAndLine() throws IOException {
        String ok = "0," + arch(0) + ",1,2\n";
        assertReadError(HEADER + "\n" + ok + "1," + arch(1) + ",1\n", 3, "expected 4 fields");
        assertReadError(HEADER + "\n" + ok + "1," + arch(1) + ",1,abc\n", 3, "'abc' in column b is not a number");
        assertReadError(HEADER + "\n" + ok + "1," + arch(1) + ",1,0x1p3\n", 3, "is not a number");
        assertReadError(HEADER + "\n" + ok + "x," + arch(1) + ",1,2\n", 3, "'x' in column index is not an integer");
        assertReadError(HEADER + "\n" + ok + "1,|bad~0|,1,2\n", 3, "bad arch string");
        assertReadError(HEADER + "\n" + ok + "15625," + arch(1) + ",1,2\n", 3, "15625 is not a NAS-Bench-201 index");
        assertReadError(HEADER + "\n" + ok + ok, 3, "index 0 appears again (first on line 2)");
        assertReadError("idx,arch,a\n", 1, "no 'index' column");
        assertReadError(",index,arch,a\n", 1, "column 1 has no name");
        assertReadError("index,arch,a,a\n", 1, "'a' appears twice");
        assertReadError("", 1, "empty file");
    }

    private void assertReadError(String text, int line, String problem) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), text);
        var e = assertThrows(FileFormatException.class, () -> ProxyTableCsv.read(f));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void parseAcceptsPythonSpellingsOnly() {
        assertEquals(Double.POSITIVE_INFINITY, ProxyTableCsv.parse("+inf"));
        assertEquals(Double.NEGATIVE_INFINITY, ProxyTableCsv.parse("-Infinity"));
        assertTrue(Double.isNaN(ProxyTableCsv.parse(" nan ")));
        assertEquals(0.5, ProxyTableCsv.parse(".5"));
        assertEquals(5.0, ProxyTableCsv.parse("5."));
        assertThrows(NumberFormatException.class, () -> ProxyTableCsv.parse("1d"));
        assertThrows(NumberFormatException.class, () -> ProxyTableCsv.parse("1,5"));
    }

    @Test
    void publishedCounterparts() {
        assertEquals(Optional.of(Metric.JACOV), ProxyCorrelations.publishedMetric("jacob_cov"));
        assertEquals(Optional.of(Metric.NWOT), ProxyCorrelations.publishedMetric("naswot"));
        assertEquals(Optional.of(Metric.SYNFLOW), ProxyCorrelations.publishedMetric("synflow"));
        assertEquals(Optional.of(Metric.ZC_PARAMS), ProxyCorrelations.publishedMetric("params"));
        assertEquals(Optional.empty(), ProxyCorrelations.publishedMetric("synflow_bn"));
        assertEquals(Optional.empty(), ProxyCorrelations.publishedMetric("test_accuracy"));
    }

    /** Benchmark columns and correlations by index, on a benchmark made here whose index i is cell code i. */
    @Test
    void benchmarkColumnsAndSpearmanAcrossDatasets() throws IOException {
        Nb201 nb201 = Nb201.load(DataResolver.of(benchmarkRoot()));
        // rows 3, 5, 9: C10 accuracies 53, 55, 52; C100 -3, -5, -9; proxy x = 1, 2, 3
        var rows = List.of(new ProxyTable.Row(3, Nb201Arch.fromCode(3), new double[] {1}),
                new ProxyTable.Row(5, Nb201Arch.fromCode(5), new double[] {2}),
                new ProxyTable.Row(9, Nb201Arch.fromCode(9), new double[] {3}));
        ProxyTable t = ProxyTable.of(List.of("x"), rows, false);
        Table both = ProxyCorrelations.withBenchmark(t, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10, Dataset.CIFAR100);
        assertArrayEquals(new double[] {53, 55, 52}, both.doubleColumn("test_accuracy_cifar10").asDoubleArray());
        assertArrayEquals(new double[] {-3, -5, -9}, both.doubleColumn("test_accuracy_cifar100").asDoubleArray());
        assertEquals(List.of("index", "arch", "x", "test_accuracy"),
                ProxyCorrelations.withBenchmark(t, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10).columnNames());
        Table rho = ProxyCorrelations.spearmanAcross(t, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10, Dataset.CIFAR100);
        assertEquals(-0.5, rho.doubleColumn("cifar10").get(0), 1e-12); // ranks (1,2,3) vs (2,3,1)
        assertEquals(-1.0, rho.doubleColumn("cifar100").get(0), 1e-12);
        var wrong = ProxyTable.of(List.of("x"), List.of(new ProxyTable.Row(4, Nb201Arch.fromCode(3),
                new double[] {1})), false);
        var e = assertThrows(IllegalArgumentException.class,
                () -> ProxyCorrelations.spearmanAcross(wrong, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10));
        assertTrue(e.getMessage().contains("index 4"), e.getMessage());
    }

    /**
     * The reproduction table against the published |rho|: on CIFAR-100 (test accuracy -i at index i) synflow = i ranks
     * exactly inversely (|rho| 1), snip = -i with a NaN left out, grasp = -i with +inf at index 0 (the best cell):
     * ranked at the top, so still exactly 1; naswot has no published figure and no row.
     */
    @Test
    void reproductionBesideThePublishedFigures() throws IOException {
        Nb201 nb201 = Nb201.load(DataResolver.of(benchmarkRoot()));
        var rows = new ArrayList<ProxyTable.Row>();
        for (int i = 0; i < 10; i++) {
            rows.add(new ProxyTable.Row(i, Nb201Arch.fromCode(i), new double[] {i, i == 9 ? Double.NaN : -i,
                i == 0 ? Double.POSITIVE_INFINITY : -i, 1.0 / (i + 1)}));
        }
        ProxyTable t = ProxyTable.of(List.of("synflow", "snip", "grasp", "naswot"), rows, false);
        Table r = io.trainfree.eval.Published.reproduction(t, nb201, Dataset.CIFAR100, Metric.TEST_ACCURACY,
                "10 cells", 0.03);
        assertEquals(List.of("synflow", "snip", "grasp"), r.stringColumn("proxy").asList());
        assertEquals(List.of("proxy", "paper", "paper_accuracy", "ours", "ours_accuracy", "ci_low", "ci_high",
                "difference", "n", "nan", "inf", "verdict"), r.columnNames());
        assertEquals(0.763, r.doubleColumn("paper").get(0), 0.0);
        assertEquals(1.0, r.doubleColumn("ours").get(0), 1e-12);
        assertEquals(1.0 - 0.763, r.doubleColumn("difference").get(0), 1e-12);
        assertEquals("differs", r.stringColumn("verdict").get(0));
        assertEquals(List.of(10, 9, 10), r.intColumn("n").asList());
        assertEquals(List.of(0, 1, 0), r.intColumn("nan").asList());
        assertEquals(List.of(0, 0, 1), r.intColumn("inf").asList());
        assertEquals(1.0, r.doubleColumn("ours").get(2), 1e-12, "+inf on the best cell ranks it first");
        assertEquals("test_accuracy", r.stringColumn("ours_accuracy").get(0));
        assertTrue(r.name().contains("cifar100") && r.name().endsWith("10 cells"), r.name());
        Table rho = ProxyCorrelations.spearman(t, nb201, Dataset.CIFAR100, Metric.TEST_ACCURACY);
        assertEquals(List.of("proxy", "rho", "ci_low", "ci_high", "kendall", "n", "nan", "inf"), rho.columnNames());
        // naswot = 1 / (i + 1) falls as the accuracy -i does: rho +1; its interval is degenerate
        assertEquals(1.0, rho.doubleColumn("rho").get(3), 1e-12);
        assertEquals(-1.0, rho.doubleColumn("ci_high").get(0), 1e-12);
    }

    /**
     * A benchmark whose index i is cell code i, with test accuracies 50 + i % 7 on CIFAR-10 and -i on CIFAR-100;
     * no Suite-Zero file.
     */
    private Path benchmarkRoot() throws IOException {
        Path root = dir.resolve("data");
        Files.createDirectories(root.resolve(DataFile.NB201_HP12_INFO.path()).getParent());
        Files.write(root.resolve(DataFile.NB201_HP12_INFO.path()), PickleBytes.hp12Info(
                Nb201Arch.all().stream().map(Nb201Arch::archString).toList(), -1));
        double[] c10 = new double[Nb201.SIZE];
        double[] c100 = new double[Nb201.SIZE];
        for (int i = 0; i < Nb201.SIZE; i++) {
            c10[i] = 50 + i % 7;
            c100[i] = -i;
        }
        Files.write(root.resolve(DataFile.NB201_TEST_CIFAR10.path()), PickleBytes.floatList(4, c10).bytes());
        Files.write(root.resolve(DataFile.NB201_TEST_CIFAR100.path()), PickleBytes.floatList(4, c100).bytes());
        return root;
    }

    /**
     * Ours and Suite-Zero's ranking power over the same cells: a cell either lacks (Suite-Zero's -1e8 marker, our
     * NaN, a cell Suite-Zero does not list) is left out of both.
     */
    @Test
    void spearmanBesideSuiteZeroComparesOnTheSameCells() throws IOException {
        Path root = benchmarkRoot();
        Path suiteZero = root.resolve(DataFile.NB201_SUITE_ZERO_CIFAR10.path());
        Files.createDirectories(suiteZero.getParent());
        // test accuracy 50 + i % 7: cells 3, 5, 9 have 53, 55, 52; 11 has 54, 12 has 55
        Files.writeString(suiteZero, String.join("\n", "net,grad_norm,jacov",
                "\"" + Nb201Arch.fromCode(3).naslibString() + "\",10,1",
                "\"" + Nb201Arch.fromCode(5).naslibString() + "\",30,2",
                "\"" + Nb201Arch.fromCode(9).naslibString() + "\",20,3",
                "\"" + Nb201Arch.fromCode(11).naslibString() + "\",-100000000,4", ""));
        Nb201 nb201 = Nb201.load(DataResolver.of(root));
        var rows = List.of(new ProxyTable.Row(3, Nb201Arch.fromCode(3), new double[] {1, 5, 0}),
                new ProxyTable.Row(5, Nb201Arch.fromCode(5), new double[] {2, 6, 0}),
                new ProxyTable.Row(9, Nb201Arch.fromCode(9), new double[] {3, 7, 0}),
                new ProxyTable.Row(11, Nb201Arch.fromCode(11), new double[] {4, Double.NaN, 0}),
                new ProxyTable.Row(12, Nb201Arch.fromCode(12), new double[] {5, 8, 0}));
        ProxyTable t = ProxyTable.of(List.of("grad_norm", "jacob_cov", "x"), rows, false);
        Table both = ProxyCorrelations.spearmanBesideSuiteZero(t, nb201, Dataset.CIFAR10, Metric.TEST_ACCURACY);
        assertEquals(List.of("grad_norm", "jacob_cov"), both.stringColumn("proxy").asList(), "x is not published");
        assertEquals(List.of("grad_norm", "jacov"), both.stringColumn("published").asList());
        // grad_norm on 3, 5, 9 (11 is marked failed, 12 not listed): ours (1,2,3), theirs (10,30,20), accuracy
        // (53,55,52) ranked (2,3,1): rho -0.5 and 0.5
        assertEquals(-0.5, both.doubleColumn("ours").getDouble(0), 1e-12);
        assertEquals(0.5, both.doubleColumn("suite_zero").getDouble(0), 1e-12);
        assertEquals(-1.0, both.doubleColumn("difference").getDouble(0), 1e-12);
        assertEquals(3, both.intColumn("n").getInt(0));
        // jacob_cov on 3, 5, 9 again (our NaN on 11): ours (5,6,7) and theirs (1,2,3) rank alike
        assertEquals(-0.5, both.doubleColumn("ours").getDouble(1), 1e-12);
        assertEquals(-0.5, both.doubleColumn("suite_zero").getDouble(1), 1e-12);
        assertEquals(0.0, both.doubleColumn("difference").getDouble(1), 1e-12);
        assertEquals(3, both.intColumn("n").getInt(1));
    }

    @Test
    void whereKeepsTheRowsOfTheCellsThatPass() {
        var rows = List.of(new ProxyTable.Row(3, Nb201Arch.fromCode(3), new double[] {1}),
                new ProxyTable.Row(5, Nb201Arch.fromCode(5), new double[] {2}, 3),
                new ProxyTable.Row(9, Nb201Arch.fromCode(9), new double[] {3}));
        ProxyTable t = ProxyTable.of(List.of("x"), rows, true);
        ProxyTable odd = t.where(a -> a.code() % 3 != 0);
        assertArrayEquals(new int[] {5}, odd.indices());
        assertEquals(3, odd.rows().get(0).computedFrom());
        assertTrue(odd.hasComputedFrom());
        assertEquals(List.of("x"), odd.proxies());
        assertEquals(0, t.where(a -> false).rowCount());
        assertEquals(rows, t.where(a -> true).rows());
    }

    @Test
    void scoresAsATableKeepScoringOrder() {
        var values = new java.util.LinkedHashMap<String, Double>();
        values.put("snip", 2.5);
        values.put("grad_norm", -1.0);
        Table t = new ProxyScores(Nb201Arch.fromCode(7), 7, values, Map.of("snip", 0.25)).toTable();
        assertEquals(List.of("snip", "grad_norm"), t.stringColumn("proxy").asList());
        assertArrayEquals(new double[] {2.5, -1.0}, t.doubleColumn("value").asDoubleArray());
        assertEquals(0.25, t.doubleColumn("seconds").getDouble(0));
        assertTrue(Double.isNaN(t.doubleColumn("seconds").getDouble(1)));
        assertTrue(t.name().startsWith("proxies of cell 7, |"), t.name());
    }
}
