package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.trainfree.job.Journal;
import io.trainfree.job.Json;
import io.trainfree.job.KeyedJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The job files written before the job package existed still read: the committed sidecars under data/proxies (and
 * rewrite to the same bytes, so they do not churn), and a journal of an interrupted run of the old code.
 */
class JobFilesTest {
    private static final Path COMMITTED = Path.of("data", "proxies");

    @TempDir
    Path dir;

    @Test
    void committedSidecarsReadAsTypedRecordsAndRewriteToTheSameBytes() throws IOException {
        assumeTrue(Files.isDirectory(COMMITTED), "no " + COMMITTED.toAbsolutePath() + " (run from the project)");
        List<Path> sidecars;
        try (Stream<Path> files = Files.list(COMMITTED)) {
            // the NB201 proxy jobs' sidecars (the DARTS SWAP table is another job's, DartsSwapJob)
            sidecars = files.filter(f -> f.getFileName().toString().startsWith("nb201-"))
                    .filter(f -> f.toString().endsWith(".csv.json")).sorted().toList();
        }
        // the four written before the job package existed, and every one written since
        var names = sidecars.stream().map(f -> f.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("nb201-cifar10.csv.json", "nb201-cifar10-swap.csv.json",
                "nb201-cifar100-sample500.csv.json", "nb201-ImageNet16-120-sample500.csv.json")), names.toString());
        for (Path sidecar : sidecars) {
            Path csv = sidecar.resolveSibling(sidecar.getFileName().toString().replaceFirst("\\.json$", ""));
            ProxyJob.Settings settings = ProxyJob.readSettings(csv).orElseThrow();
            ProxyJob.Summary summary = ProxyJob.readSummary(csv).orElseThrow();
            String header = Files.readAllLines(csv).get(0);
            assertEquals("index,arch," + String.join(",", settings.proxies())
                    + (settings.iso() == ProxyJob.Iso.NONE ? "" : ",computed_from"), header, sidecar.toString());
            assertEquals(settings.proxies(), List.copyOf(summary.secondsMean().keySet()), sidecar.toString());
            assertEquals(summary.rows(), summary.computed() + summary.copied(), sidecar.toString());
            var file = new JsonObject();
            file.add("file", new JsonPrimitive(csv.getFileName().toString()));
            assertEquals(Files.readString(sidecar),
                    Json.write(Json.merged(file, Json.tree(settings), Json.tree(summary))), sidecar.toString());
        }
        ProxyJob.Settings c10 = ProxyJob.readSettings(COMMITTED.resolve("nb201-cifar10.csv")).orElseThrow();
        assertEquals(ProxyJob.Iso.GRADIENT_SAFE, c10.iso());
        assertEquals(64, c10.batchSize());
        assertEquals("96950d82b29e9856", c10.archsSha256());
    }

    /**
     * A journal that the code before the job package wrote, interrupted (Ctrl-C) after three of the seven cells of
     * {@code proxies compute --proxies params,flops,naswot,synflow --indices 0-3,51,1651,6111 --iso gradient-safe
     * --threads 1}: the table so far, the settings, the timings and the header read from it.
     */
    @Test
    void aJournalOfTheOldCodeReads() throws IOException {
        Path target = dir.resolve("t.csv");
        try (InputStream in = JobFilesTest.class.getResourceAsStream(
                "/io/trainfree/job/proxies-journal-1.csv.partial")) {
            Files.copy(in, KeyedJob.journalOf(target));
        }
        ProxyTable t = ComputedTables.load(target);
        assertEquals(List.of("params", "flops", "naswot", "synflow"), t.proxies());
        assertArrayEquals(new int[] {0, 1, 2}, t.indices());
        // the values of the finished run's CSV, bit for bit
        assertArrayEquals(new double[] {745.5794995496252, 782.065273731484, 739.2967388376073}, t.column("naswot"));
        assertArrayEquals(new double[] {1.7862533011989942E17, 1.0960161659744302E33, 6.9404262695755156E22},
                t.column("synflow"));
        assertEquals("gradient-safe", ProxyJob.recordedSettings(target).orElseThrow().get("iso"));
        assertEquals("edac8ed1426fb29e", ProxyJob.recordedSettings(target).orElseThrow().get("archs_sha256"));
        Journal.Header h = Journal.header(KeyedJob.journalOf(target), ProxyJob.JOURNAL_KIND);
        assertEquals(3, h.rows());
        assertEquals(1, h.sessions());
        Table seconds = ProxyJob.timings(target);
        assertEquals("seconds per computed cell, over 3 cells of t.csv", seconds.name());
        assertEquals((1.77754361 + 2.376652272 + 2.667125625) / 3, seconds.doubleColumn("mean_s").get(4), 1e-15);
        assertFalse(Files.exists(target));
    }
}
