package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.testing.RealData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code trainfree bench ...} through {@link Main#run}, on the published files (skipped when absent). */
class BenchCommandTest {
    private static final DataResolver DATA = DataResolver.standard();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assumeNb201() {
        DataFile[] core = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10, DataFile.NB201_TEST_CIFAR100,
            DataFile.NB201_TEST_IMAGENET16};
        assumeTrue(DATA.has(core), "needs the RoBoT pickles " + Arrays.toString(core) + " from ../shared/data");
    }

    @Test
    void benchAloneShowsUsage() {
        CliRun r = run("bench");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("nb201") && r.out().contains("tnb101"), r.out());
    }

    @Test
    @RealData
    void nb201Info() {
        assumeNb201();
        CliRun r = run("bench", "nb201", "info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("NAS-Bench-201: 15625 architectures, 341 disconnected"), r.out());
        assertTrue(r.out().contains("test accuracy of all of them 10%"), r.out());
        assertTrue(r.out().matches("(?s).*cifar10 +\\| +15625 +\\| +0 +\\| +10\\.000 +\\| +94\\.373 .*6111.*"),
                r.out());
        assertTrue(r.out().contains(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"));
        assertTrue(r.out().contains("max 84.892 (index 13714)"), r.out());
    }

    @Test
    @RealData
    void nb201ShowByIndexArchAndTuple() {
        assumeNb201();
        DataFile[] all = Arrays.stream(DataFile.values()).filter(f -> f.path().startsWith("nb201/"))
                .toArray(DataFile[]::new);
        assumeTrue(DATA.has(all), "needs every nb201/ file from ../shared/data: " + Arrays.toString(all));
        CliRun r = run("bench", "nb201", "show", "6111");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("NAS-Bench-201 index 6111: |nor_conv_3x3~0|"), r.out());
        assertTrue(r.out().matches("(?s).*test_accuracy +\\| +94\\.37333 +\\| +73\\.22 +\\| +46\\.71111 .*"), r.out());
        assertTrue(r.out().matches("(?s).*train_cost_12 +\\| +172\\.785 +\\| +- +\\| +- .*"), r.out());
        assertTrue(r.out().matches("(?s).*synflow +\\| +101\\.3888 +\\| +- +\\| +100\\.9565 .*"), r.out());
        CliRun same = run("bench", "nb201", "show",
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        assertEquals(r.out(), same.out());
        CliRun one = run("bench", "nb201", "show", "(2, 2, 0, 2, 2, 3)", "--dataset", "c100");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("cifar100") && !one.out().contains("ImageNet16-120"), one.out());
    }

    @Test
    @RealData
    void nb201ShowErrorsAreOneLine() {
        assumeNb201();
        CliRun r = run("bench", "nb201", "show", "15625");
        assertEquals(1, r.code());
        assertEquals("trainfree: NAS-Bench-201 index 15625 is not in 0..15624", r.err().strip());
        r = run("bench", "nb201", "show", "|nor_conv_3x3~0|");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("trainfree: malformed NAS-Bench-201 arch string"), r.err());
        r = run("bench", "nb201", "show", "1", "--dataset", "mnist");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown dataset 'mnist'; known: cifar10, cifar100, ImageNet16-120"), r.err());
    }

    @Test
    @RealData
    void tnb101InfoAndShow() {
        assumeTrue(DATA.has(DataFile.TNB101_MICRO, DataFile.TNB101_MACRO),
                "needs transnas-bench-101/{micro,macro}.csv from ../shared/data");
        CliRun info = run("bench", "tnb101", "info", "--space", "micro");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("TransNAS-Bench-101 micro: 4096 architectures, 7 tasks, 169 disconnected"),
                info.out());
        assertTrue(info.out().matches("(?s).*segmentsemantic +\\|.*\\| +zen +\\|.*"), info.out());
        assertTrue(!info.out().contains("macro"), info.out());

        CliRun show = run("bench", "tnb101", "show", "64-2243-basic");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("TransNAS-Bench-101 macro idx 1400: 64-2243-basic"), show.out());
        assertTrue(show.out().matches("(?s).*jigsaw +\\| +97\\.01931 .*"), show.out());

        CliRun byIdx = run("bench", "tnb101", "show", "2609");
        assertTrue(byIdx.out().contains("TransNAS-Bench-101 micro idx 2609: 64-41414-3_33_333"), byIdx.out());

        CliRun bad = run("bench", "tnb101", "show", "(1, 2, 3, 4)");
        assertEquals(1, bad.code());
        assertEquals("trainfree: TransNAS-Bench-101 micro codes [1, 2, 3, 4] are not 6 op codes in 0..3 (for the "
                + "macro space add --space macro)", bad.err().strip());
    }
}
