package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.model.Devices;
import io.trainfree.proxy.ProxyJob;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.proxy.ProxyTableCsv;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainfree proxies ...} and {@code trainfree bench proxies} through {@link Main#run}. Runs that compute use
 * the closed-form proxies (params, flops), so they cost a batch per architecture; they need the benchmark's index
 * order and CIFAR-10 (skipped when absent).
 */
class ProxiesCommandTest {
    private static final DataResolver DATA = DataResolver.standard();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assumeData() {
        DataFile[] needed = {DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10, DataFile.CIFAR10_TRAIN_1};
        assumeTrue(DATA.has(needed), "needs " + Arrays.toString(needed) + " from ../shared/data");
    }

    @Test
    void usageAndList() {
        CliRun r = run("proxies");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("compute") && r.out().contains("correlate") && r.out().contains("show"), r.out());
        CliRun list = run("proxies", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().matches("(?s).*jacob_cov +\\| +jacov +\\|.*"), list.out());
        assertTrue(list.out().matches("(?s).*synflow_bn +\\| +- +\\|.*"), list.out());
    }

    @Test
    void badArgumentsAreNamedBeforeAnythingIsComputed() {
        CliRun space = run("proxies", "compute", "--space", "nb101", "--proxies", "params");
        assertEquals(2, space.code());
        assertTrue(space.err().contains("unknown or unsupported space 'nb101'; supported: nb201"), space.err());
        CliRun proxy = run("proxies", "compute", "--proxies", "params,synflw", "--out",
                dir.resolve("x.csv").toString());
        assertEquals(1, proxy.code());
        assertTrue(proxy.err().contains("unknown proxy 'synflw'; known: grad_norm, snip"), proxy.err());
        CliRun both = run("proxies", "compute", "--proxies", "params", "--sample", "3", "--indices", "1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--sample and --indices exclude each other"), both.err());
        CliRun range = run("proxies", "compute", "--proxies", "params", "--indices", "0-15625");
        assertEquals(1, range.code());
        assertTrue(range.err().contains("'0-15625' in '0-15625' is outside the space's indices 0..15624"),
                range.err());
        CliRun iso = run("proxies", "compute", "--proxies", "params", "--iso", "graph");
        assertEquals(1, iso.code());
        assertTrue(iso.err().contains("unknown isomorphism mode 'graph'; known: none, nb201, functional"), iso.err());
        CliRun missing = run("proxies", "show", dir.resolve("nothing.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nothing.csv does not exist"), missing.err());
    }

    @Test
    @RealData
    void computeShowCorrelate() throws IOException {
        assumeData();
        Path out = dir.resolve("p.csv");
        CliRun r = run("proxies", "compute", "--proxies", "params,flops", "--indices", "0-2,6111", "--batch-size", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 rows: 0 resumed, 4 computed, 0 copied"), r.out());
        ProxyTable t = ProxyTableCsv.read(out);
        assertEquals(4, t.rowCount());
        assertEquals(1.073466, t.values("params")[6111], 1e-12);
        assertFalse(Files.exists(ProxyJob.journalOf(out)));
        assertTrue(Files.readString(ProxyJob.sidecarOf(out)).contains("\"command\": \"trainfree proxies compute "
                + "--proxies params,flops --indices 0-2,6111 --batch-size 2 --out " + out + "\""));

        CliRun again = run("proxies", "compute", "--proxies", "params,flops", "--indices", "0-2,6111", "--batch-size",
                "2", "--out", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("exists already") && again.err().contains("--restart"), again.err());

        CliRun show = run("proxies", "show", out.toString());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("4 rows (indices 0..6111), 2 proxies"), show.out());
        assertTrue(show.out().contains("batch_size: 2"), show.out());
        assertTrue(show.out().matches("(?s).*params +\\| +0 +\\| +0 +\\| .*"), show.out());

        CliRun c = run("proxies", "correlate", out.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("Spearman with test_accuracy on cifar10"), c.out());
        assertTrue(c.out().contains("agreement with NAS-Bench-Suite-Zero on cifar10"), c.out());
        assertTrue(c.out().matches("(?s).*params +\\| +zc_params +\\| +1\\.0000 .*"), c.out());
        // params ranks cells as Suite-Zero's count does, so both have the same rho with the accuracy
        assertTrue(c.out().matches("(?s).*on the same cells.*params +\\| +zc_params +\\| +(\\S+) +\\| +\\1 +\\| "
                + "+0\\.0000 .*"), c.out());
    }

    /**
     * The flags reach the recorded settings: a run whose sidecar could not be written leaves its journal; rerun with
     * another --batch-size, --threads or --indices, it is refused naming the setting and both values, the journal
     * untouched; with the same flags it resumes every row and computes none.
     */
    @Test
    @RealData
    void aResumeThroughTheCommandLineChecksEveryFlag() throws IOException {
        assumeData();
        Path out = dir.resolve("r.csv");
        Path sidecar = ProxyJob.sidecarOf(out);
        Files.createDirectories(sidecar.resolve("in-the-way")); // the sidecar's write fails, the journal stays
        String[] base = {"proxies", "compute", "--proxies", "params,flops", "--indices", "0-2", "--batch-size", "2",
            "--threads", Integer.toString(Devices.threads()), "--out", out.toString()};
        CliRun first = run(base);
        assertEquals(1, first.code(), first.out());
        assertTrue(first.err().contains("cannot write " + sidecar), first.err());
        Path journal = ProxyJob.journalOf(out);
        byte[] before = Files.readAllBytes(journal);
        int threads = Devices.threads();
        String[][] changed = {
            {"--batch-size", "3", "batch_size was 2, now 3 (--batch-size)"},
            {"--threads", Integer.toString(threads == 1 ? 2 : 1),
                "threads was " + threads + ", now " + (threads == 1 ? 2 : 1) + " (--threads)"},
            {"--indices", "1-3", "archs_sha256 was "},
            {"--indices", "1-3", "(the requested architectures differ: same --sample/--sample-seed or --indices as "
                + "before)"}};
        for (String[] c : changed) {
            String[] args = base.clone();
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals(c[0])) {
                    args[i + 1] = c[1];
                }
            }
            CliRun r;
            try {
                r = run(args);
            } finally {
                Devices.setThreads(threads); // the engine's setting is per process: later tests keep theirs
            }
            assertEquals(1, r.code(), c[0] + ": " + r.out());
            assertTrue(r.err().contains(c[2]) && r.err().contains("--restart"), c[0] + ": " + r.err());
            assertArrayEquals(before, Files.readAllBytes(journal), c[0] + " left the journal as it was");
        }
        Files.delete(sidecar.resolve("in-the-way"));
        Files.delete(sidecar);
        CliRun same = run(base);
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("3 rows: 3 resumed, 0 computed, 0 copied"), same.out());
    }

    /** The library names the missing table and its journal; the command line adds how to compute it. */
    @Test
    void correlateAMissingTableSaysHowToComputeIt() {
        Path out = dir.resolve("missing.csv");
        CliRun r = run("proxies", "correlate", out.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(out + ": no such proxy table, and no unfinished run's journal "
                + ProxyJob.journalOf(out)), r.err());
        assertTrue(r.err().contains("compute it with: trainfree proxies compute --out " + out), r.err());
    }

    @Test
    void showAnUnfinishedRun() throws IOException {
        Path out = dir.resolve("u.csv");
        Files.writeString(ProxyJob.journalOf(out), "# trainfree proxies journal 1\n# archs: 10\n"
                + "# command: trainfree proxies compute --proxies params\nindex,arch,params\n"
                + "0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,0.07\n1,|none~0|+|no");
        CliRun show = run("proxies", "show", out.toString());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("has 1 of 10 rows done; to resume, run again: trainfree proxies compute "
                + "--proxies params"), show.out());
    }

    @Test
    @RealData
    void benchProxies() {
        assumeData();
        int threads = Devices.threads();
        int other = threads == 1 ? 2 : 1;
        CliRun r;
        try {
            r = run("bench", "proxies", "--proxies", "params,flops", "--archs", "2", "--warmup", "1",
                    "--batch-size", "2", "--threads", Integer.toString(other));
        } finally {
            Devices.setThreads(threads); // the engine's setting is per process: later tests keep theirs
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 architectures (6111,"), r.out());
        assertTrue(r.out().contains(", " + other + " engine thread" + (other == 1 ? ";" : "s;")), r.out());
        assertTrue(r.out().matches("(?s).*params +\\| +2 +\\|.*\\(together\\) +\\| +2 +\\|.*"), r.out());
        assertTrue(r.out().contains("memory: RSS"), r.out());
        assertEquals(6111, BenchProxiesCommand.sample(10, 0, 15_625)[0]);
        assertEquals(10, Arrays.stream(BenchProxiesCommand.sample(10, 0, 15_625)).distinct().count());
    }
}
