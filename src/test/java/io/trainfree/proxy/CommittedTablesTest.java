package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.eval.Correlation;
import io.trainfree.eval.ProxyCorrelations;
import io.trainfree.eval.SwapRegSweep;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The committed NB201 tables under data/proxies, read through {@link ProxyTable} as notebook 02 and {@code trainfree
 * proxies correlate} read them, hold the numbers that data/proxies/README.md and notebook 02 state: rows, copies, NaN,
 * Spearman with accuracy, agreement with NAS-Bench-Suite-Zero. Each expected value is written as printed there and
 * checked to half a unit of its last digit. Needs the benchmark files, not the engine.
 */
@RealData
class CommittedTablesTest {
    private static final Path TABLES = Path.of("data", "proxies");
    private static final DataResolver DATA = DataResolver.standard();
    private static Nb201 nb201;

    @BeforeAll
    static void benchmark() {
        DataFile[] needed = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10, DataFile.NB201_TEST_CIFAR100,
            DataFile.NB201_TEST_IMAGENET16, DataFile.NB201_ZEN_VALACC, DataFile.NB201_SUITE_ZERO_CIFAR10,
            DataFile.NB201_SUITE_ZERO_IMAGENET16};
        assumeTrue(DATA.has(needed), "needs " + Arrays.toString(needed) + " from ../shared/data");
        nb201 = Nb201.load(DATA);
    }

    private static ProxyTable table(String name) {
        Path file = TABLES.resolve(name + ".csv");
        assumeTrue(Files.exists(file), "needs the committed table " + file);
        return ProxyTableCsv.read(file);
    }

    /** Asserts {@code actual} rounds to {@code printed}: within half a unit of its last digit. */
    static void assertPrinted(String printed, double actual, String what) {
        int decimals = printed.contains(".") ? printed.length() - printed.indexOf('.') - 1 : 0;
        assertEquals(Double.parseDouble(printed), actual, 0.5 * Math.pow(10, -decimals) + 1e-12,
                what + ": printed " + printed + ", the table gives " + actual);
    }

    /** A column of a correlation table by proxy. */
    private static double value(Table t, String column, String proxy) {
        int r = t.stringColumn("proxy").indexOf(proxy);
        assertTrue(r >= 0, proxy + " missing from " + t.name());
        return t.numberColumn(column).getDouble(r);
    }

    private static void assertColumn(Table t, String column, Map<String, String> printed) {
        printed.forEach((p, v) -> assertPrinted(v, value(t, column, p), t.name() + ", " + column + " of " + p));
    }

    // ---- nb201-cifar10 ---------------------------------------------------------------------------------------------

    /** README: 15,625 rows, 8,636 computations; jacob_cov and epe_nas NaN exactly on the 341 cut-off cells. */
    @Test
    void cifar10RowsCopiesAndNaN() {
        ProxyTable t = table("nb201-cifar10");
        assertEquals(15_625, t.rowCount());
        assertEquals(6_989, t.rows().stream().filter(ProxyTable.Row::copied).count());
        // cells with a convolution fed only zeros are computed on their own (gradient-safe)
        var zeroFed = t.rows().stream().filter(r -> r.arch().hasZeroFedConv()).toList();
        assertEquals(2_290, zeroFed.size());
        assertTrue(zeroFed.stream().noneMatch(ProxyTable.Row::copied));
        int[] cutOff = t.rows().stream().filter(r -> !r.arch().isConnected()).mapToInt(ProxyTable.Row::index)
                .toArray();
        assertEquals(341, cutOff.length);
        for (String p : t.proxies()) {
            double[] v = t.values(p);
            int[] nan = IntStream.range(0, v.length).filter(i -> Double.isNaN(v[i])).toArray();
            if (p.equals("jacob_cov") || p.equals("epe_nas")) {
                assertArrayEquals(cutOff, nan, p);
            } else {
                assertEquals(0, nan.length, p + " has NaN");
            }
        }
        // notebook 02's naswot scatter: "160 infinite not drawn" (ranked last by rho)
        assertEquals(160, Arrays.stream(t.column("naswot")).filter(Double::isInfinite).count());
    }

    /** data/proxies/README.md: against the cifar10-valid models' validation accuracy, and notebook 02's table. */
    @Test
    void cifar10SpearmanWithAccuracy() {
        ProxyTable t = table("nb201-cifar10");
        // spearmanAcross: Spearman alone (spearman() adds Kendall, O(n^2) over 15,625 cells)
        assertColumn(ProxyCorrelations.spearmanAcross(t, nb201, Metric.VAL_ACCURACY, Dataset.CIFAR10), "cifar10",
                Map.of("grad_norm", "0.588", "snip", "0.590", "grasp", "0.503", "fisher", "0.301", "synflow", "0.733",
                        "jacob_cov", "0.744"));
        Table test = ProxyCorrelations.spearman(t, nb201, Dataset.CIFAR10, Metric.TEST_ACCURACY);
        assertColumn(test, "rho", Map.ofEntries(Map.entry("grad_norm", "0.6338"), Map.entry("snip", "0.6356"),
                Map.entry("grasp", "0.5393"), Map.entry("fisher", "0.3244"), Map.entry("synflow", "0.7766"),
                Map.entry("jacob_cov", "0.7092"), Map.entry("naswot", "0.7984"), Map.entry("zen", "0.3961"),
                Map.entry("epe_nas", "0.6703"), Map.entry("plain", "-0.2081"), Map.entry("l2_norm", "0.6839"),
                Map.entry("params", "0.7513"), Map.entry("flops", "0.7513")));
        assertEquals(341, (int) value(test, "nan", "jacob_cov"));
        // the same CIFAR-10 proxies against the other datasets' test accuracy (notebook 02; README: "#params ...
        // 0.727 with the test accuracy over all cells", ".690 over all 15,625 cells")
        Table across = ProxyCorrelations.spearmanAcross(t, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10,
                Dataset.CIFAR100, Dataset.IMAGENET16_120);
        assertColumn(across, "cifar100", Map.of("synflow", "0.7628", "naswot", "0.8085", "params", "0.727"));
        assertColumn(across, "ImageNet16-120", Map.of("synflow", "0.7507", "naswot", "0.7844", "params", "0.690"));
        // notebook 02: fisher's gap is the cells with a convolution fed only zeros
        assertPrinted("-0.1472", value(ProxyCorrelations.spearmanAcross(t.where(Nb201Arch::hasZeroFedConv), nb201,
                Metric.VAL_ACCURACY, Dataset.CIFAR10), "cifar10", "fisher"), "fisher on zero-fed-conv cells");
        assertPrinted("0.4835", value(ProxyCorrelations.spearmanAcross(t.where(a -> !a.hasZeroFedConv()), nb201,
                Metric.VAL_ACCURACY, Dataset.CIFAR10), "cifar10", "fisher"), "fisher on the other cells");
    }

    /** README: grad_norm 0.985, snip 0.985, grasp 0.726, fisher 0.981, synflow 1.000, jacob_cov 0.946; notebook 02. */
    @Test
    void cifar10AgreementWithSuiteZero() {
        ProxyTable t = table("nb201-cifar10");
        Table a = ProxyCorrelations.publishedAgreement(t, nb201, Dataset.CIFAR10);
        assertColumn(a, "rho", Map.ofEntries(Map.entry("grad_norm", "0.985"), Map.entry("snip", "0.985"),
                Map.entry("grasp", "0.726"), Map.entry("fisher", "0.981"), Map.entry("synflow", "1.000"),
                Map.entry("jacob_cov", "0.946"), Map.entry("naswot", "0.9768"), Map.entry("zen", "0.9212"),
                Map.entry("epe_nas", "0.8668"), Map.entry("plain", "0.1759"), Map.entry("l2_norm", "0.9125"),
                Map.entry("params", "1.0000"), Map.entry("flops", "0.9960")));
        assertEquals(9_445, (int) value(a, "n", "grad_norm"));
        assertEquals(9_444, (int) value(a, "n", "jacob_cov"));
        assertEquals(15_284, (int) value(a, "n", "zen"));
        // same cells, same ranking power (notebook 02): ours minus Suite-Zero's rho with the test accuracy
        Table same = ProxyCorrelations.spearmanBesideSuiteZero(t, nb201, Dataset.CIFAR10, Metric.TEST_ACCURACY);
        assertColumn(same, "ours", Map.of("fisher", "0.5414", "synflow", "0.7746"));
        assertColumn(same, "suite_zero", Map.of("fisher", "0.5509", "synflow", "0.7749"));
    }

    // ---- nb201-cifar10-swap ----------------------------------------------------------------------------------------

    /**
     * README: one computation per functional class (4,930), no NaN, Spearman 0.812 / 0.817 / 0.764; regularised
     * SWAP's best grid point sigma 1e6 with mu 1,000 / 900 / 900 K reaching 0.884 / 0.874 / 0.818 (notebook 02's
     * grid).
     */
    @Test
    void swap() {
        ProxyTable t = table("nb201-cifar10-swap");
        assertEquals(15_625, t.rowCount());
        assertEquals(10_695, t.rows().stream().filter(ProxyTable.Row::copied).count());
        assertEquals(0, t.nanCount("swap"));
        Table rho = ProxyCorrelations.spearmanAcross(t, nb201, Metric.TEST_ACCURACY, Dataset.CIFAR10, Dataset.CIFAR100,
                Dataset.IMAGENET16_120);
        assertPrinted("0.812", value(rho, "cifar10", "swap"), "swap, CIFAR-10");
        assertPrinted("0.817", value(rho, "cifar100", "swap"), "swap, CIFAR-100");
        assertPrinted("0.764", value(rho, "ImageNet16-120", "swap"), "swap, ImageNet16-120");
        double[] mus = {0, 200, 400, 600, 700, 800, 900, 1000, 1100, 1200, 1400};
        double[] sigmas = {1e3, 1e4, 1e5, 3e5, 1e6, 3e6, 1e7};
        Map<Dataset, double[]> best = Map.of(Dataset.CIFAR10, new double[] {1000, 0.884},
                Dataset.CIFAR100, new double[] {900, 0.874}, Dataset.IMAGENET16_120, new double[] {900, 0.818});
        best.forEach((d, expected) -> {
            var point = SwapRegSweep.of(t, nb201, d, Metric.TEST_ACCURACY, mus, sigmas).best();
            assertEquals(expected[0], point.muK(), d.id());
            assertEquals(1e6, point.sigma(), d.id());
            assertPrinted(String.format("%.3f", expected[1]), point.rho(), "best swap_reg on " + d.id());
        });
    }

    // ---- the CIFAR-100 and ImageNet16-120 samples ------------------------------------------------------------------

    /** README: --sample 500 --sample-seed 0, each cell on its own; the 10 cut-off cells' jacob_cov NaN. */
    @Test
    void samplesAreTheSame500CellsComputedEachOnItsOwn() {
        int[] sample = ArchSelection.sample(500, 0, Nb201.SIZE);
        for (String name : new String[] {"nb201-cifar100-sample500", "nb201-ImageNet16-120-sample500"}) {
            ProxyTable t = table(name);
            assertArrayEquals(sample, t.indices(), name);
            assertTrue(t.rows().stream().noneMatch(ProxyTable.Row::copied), name);
            double[] jacob = t.column("jacob_cov");
            int[] nan = IntStream.range(0, jacob.length).filter(i -> Double.isNaN(jacob[i])).map(i -> sample[i])
                    .toArray();
            int[] cutOff = Arrays.stream(sample).filter(i -> !nb201.space().arch(i).isConnected()).toArray();
            assertEquals(10, cutOff.length);
            assertArrayEquals(cutOff, nan, name);
            for (String p : t.proxies()) {
                if (!p.equals("jacob_cov")) {
                    assertEquals(0, t.nanCount(p), name + " " + p);
                }
            }
        }
    }

    /** Notebook 02 and the README: the CIFAR-100 sample against the CIFAR-100 test accuracy. */
    @Test
    void cifar100Sample() {
        Table rho = ProxyCorrelations.spearman(table("nb201-cifar100-sample500"), nb201, Dataset.CIFAR100,
                Metric.TEST_ACCURACY);
        assertColumn(rho, "rho", Map.of("grad_norm", "0.5749", "snip", "0.5754", "grasp", "0.4843", "fisher",
                "0.2501", "synflow", "0.7441", "jacob_cov", "0.7445", "naswot", "0.7943", "params", "0.666"));
    }

    /** README and notebook 02: the ImageNet16-120 sample, its rho and its agreement with Suite-Zero on 298 cells. */
    @Test
    void imagenet16Sample() {
        ProxyTable t = table("nb201-ImageNet16-120-sample500");
        Table rho = ProxyCorrelations.spearman(t, nb201, Dataset.IMAGENET16_120, Metric.TEST_ACCURACY);
        assertColumn(rho, "rho", Map.of("grad_norm", ".499", "snip", ".498", "grasp", ".455", "fisher", ".171",
                "synflow", ".730", "jacob_cov", ".702", "params", ".629"));
        Table a = ProxyCorrelations.publishedAgreement(t, nb201, Dataset.IMAGENET16_120);
        assertColumn(a, "rho", Map.of("grad_norm", ".991", "snip", ".991", "grasp", ".799", "fisher", ".985",
                "synflow", "1.000", "jacob_cov", ".935", "naswot", ".994"));
        assertEquals(298, (int) value(a, "n", "grad_norm"));
        // Suite-Zero's own values on those 298 cells, and over all of its 9,445
        Table same = ProxyCorrelations.spearmanBesideSuiteZero(t, nb201, Dataset.IMAGENET16_120, Metric.TEST_ACCURACY);
        assertColumn(same, "suite_zero", Map.of("grad_norm", ".509", "grasp", ".476", "synflow", ".689"));
        double[] accuracy = nb201.values(Dataset.IMAGENET16_120, Metric.TEST_ACCURACY);
        Map.of(Metric.GRAD_NORM, ".543", Metric.GRASP, ".522", Metric.SYNFLOW, ".726").forEach((m, printed) -> {
            double[] theirs = Arrays.stream(nb201.values(Dataset.IMAGENET16_120, m))
                    .map(v -> v == -1e8 ? Double.NaN : v).toArray();
            Correlation c = Correlation.of(theirs, accuracy);
            assertEquals(9_445, c.n(), m.id());
            assertPrinted(printed, c.spearman(), "Suite-Zero's " + m.id() + " over its cells");
        });
    }
    // ---- the GradAlign study's tables ------------------------------------------------------------------------------

    /**
     * data/proxies/README.md: the three GradAlign tables hold the same 1,000 cells, each computed on its own; their
     * per-sample scores are NaN on the same 14 cells; ImageNet16-120's grad_norm and snip agree with
     * NAS-Bench-Suite-Zero's at .992 on 608 cells, and CIFAR-10's zen at .999 on 976.
     */
    @Test
    void gradAlignTablesAgreeWithSuiteZero() {
        int[] sample = ArchSelection.sample(1000, 0, Nb201.SIZE);
        java.util.List<int[]> nans = new java.util.ArrayList<>();
        for (String name : new String[] {"nb201-cifar10-gradalign", "nb201-cifar100-gradalign",
            "nb201-ImageNet16-120-gradalign"}) {
            ProxyTable t = table(name);
            assertArrayEquals(sample, t.indices(), name);
            assertTrue(t.rows().stream().noneMatch(ProxyTable.Row::copied), name);
            double[] g = t.column("gradalign_i");
            nans.add(IntStream.range(0, g.length).filter(i -> Double.isNaN(g[i])).toArray());
            assertEquals(0, t.nanCount("grad_conflict"), name);
        }
        assertEquals(14, nans.get(0).length);
        assertArrayEquals(nans.get(0), nans.get(1));
        assertArrayEquals(nans.get(0), nans.get(2));
        Table in16 = ProxyCorrelations.publishedAgreement(table("nb201-ImageNet16-120-gradalign"), nb201,
                Dataset.IMAGENET16_120);
        assertColumn(in16, "rho", Map.of("grad_norm", ".992", "snip", ".992"));
        assertEquals(608, (int) value(in16, "n", "grad_norm"));
        Table c10 = ProxyCorrelations.publishedAgreement(table("nb201-cifar10-gradalign"), nb201, Dataset.CIFAR10);
        assertColumn(c10, "rho", Map.of("zen", ".999"));
        assertEquals(976, (int) value(c10, "n", "zen"));
    }
}
