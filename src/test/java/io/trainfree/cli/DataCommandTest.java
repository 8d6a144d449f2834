package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.trainfree.data.DataDownloader;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.Download;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reportsFoundAndMissingFilesWithTheirDownloads() throws IOException {
        for (DataFile f : DataFile.values()) {
            if (f != DataFile.NB201_HP12_INFO && !DataCommand.OPTIONAL.contains(f)) {
                Path p = tmp.resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.writeString(p, "x");
            }
        }
        var out = new StringWriter();
        int rc = DataCommand.check(DataResolver.of(tmp), new PrintWriter(out));
        String text = out.toString();
        assertEquals(1, rc, text);
        assertTrue(text.contains("MISSING  nb201/robot/nb2_cf10_hp12_info.p"), text);
        assertTrue(text.contains("optional cifar-10-batches-bin/data_batch_2.bin"), text);
        assertTrue(text.contains("1 required file(s) missing"), text);
        assertTrue(text.contains("nb201/robot/nb2_cf10_hp12_info.p: ./trainfree data download "
                + "nb201/robot/nb2_cf10_hp12_info.p  (https://github.com/hzf1174/RoBoT"), text);

        Files.createDirectories(tmp.resolve("nb201/robot"));
        Files.writeString(tmp.resolve(DataFile.NB201_HP12_INFO.path()), "x");
        out = new StringWriter();
        assertEquals(0, DataCommand.check(DataResolver.of(tmp), new PrintWriter(out)), out.toString());
    }

    @Test
    void importSaysWhatItCouldNotUseAndRefusesAConversionWithAnotherDigest() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("downloads"));
        Files.writeString(dir.resolve("main_proxynas_nb_wrapper.py"), "    all_archs = [1, 2, 3]\n");
        Files.writeString(dir.resolve("readme.txt"), "x");
        Path root = tmp.resolve("data");
        CliRun run = CliRun.of("data", "import", dir.toString(), "--to", root.toString());
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("FAILED   fear/archai_natsbench_1000_archs.txt"), run.out());
        assertTrue(run.out().contains("gave SHA-256 "), run.out());
        assertTrue(run.out().contains("unused   " + dir.resolve("readme.txt")), run.out());
        assertFalse(Files.exists(root.resolve(DataFile.FEAR_ARCHS.path())));
        assertEquals(2, CliRun.of("data", "import", tmp.resolve("absent").toString()).code());
    }

    @Test
    @io.trainfree.testing.RealData
    void importConvertsArchaisScriptIntoFearsList() throws IOException {
        var shared = DataResolver.standard().find(DataFile.FEAR_ARCHS);
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.isPresent(), "no " + DataFile.FEAR_ARCHS.path()
                + " under " + DataResolver.standard().roots());
        Path script = Files.writeString(tmp.resolve("main_proxynas_nb_wrapper.py"), "def main():\n    all_archs = ["
                + String.join(", ", Files.readAllLines(shared.get())) + "]\n");
        Path root = tmp.resolve("data");
        CliRun run = CliRun.of("data", "import", script.toString(), "--to", root.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("imported fear/archai_natsbench_1000_archs.txt"), run.out());
        assertEquals(Files.readString(shared.get()), Files.readString(root.resolve(DataFile.FEAR_ARCHS.path())));
    }

    @Test
    void downloadNeedsNamesOrAll() {
        assertEquals(2, CliRun.of("data", "download", "--to", tmp.toString()).code());
        CliRun run = CliRun.of("data", "download", "no/such/file.csv", "--to", tmp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("no data file 'no/such/file.csv'"), run.err());
    }

    @Test
    void downloadSaysWhereToGetAFileToImportByHand() {
        CliRun run = CliRun.of("data", "download", "transnas-bench-101/macro.csv", "--to", tmp.toString());
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("BY HAND  transnas-bench-101/macro.csv"), run.out());
        assertTrue(run.out().contains("download by hand from https://drive.google.com/file/d/"
                + "1teH8JcQsamZngUD_DMQyNkCoUYYSTM0M/view"), run.out());
        assertTrue(run.out().contains("then: ./trainfree data import zc_transbench101_macro.json"), run.out());
    }

    @Test
    void downloadRendersProgressAndSkipsWhatIsPresent() throws IOException {
        byte[] body = new byte[200_000];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/f.p", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (ex) {
                ex.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f.p");
            String sha = Download.sha256(Files.write(tmp.resolve("expected"), body));
            var downloader = new DataDownloader(Download.withTimeout(Duration.ofSeconds(10)),
                    f -> DataSource.asPublished(f, url, sha), DataResolver.of(tmp.resolve("none")));
            Path root = tmp.resolve("data");
            var out = new StringWriter();
            int rc = DataCommand.download(downloader, List.of(DataFile.NB201_HP12_INFO), root, new PrintWriter(out));
            String text = out.toString();
            assertEquals(0, rc, text);
            assertTrue(text.contains(url + "  195.3 kB of 195.3 kB  done"), text);
            assertTrue(text.contains("fetched  nb201/robot/nb2_cf10_hp12_info.p"), text);
            assertTrue(text.contains("SHA-256 ok"), text);

            out = new StringWriter();
            rc = DataCommand.download(downloader, List.of(DataFile.NB201_HP12_INFO), root, new PrintWriter(out));
            assertEquals(0, rc, out.toString());
            assertTrue(out.toString().contains("present  nb201/robot/nb2_cf10_hp12_info.p"), out.toString());
            assertTrue(out.toString().contains("present, checksum ok"), out.toString());
        } finally {
            server.stop(0);
        }
    }
    /** Without --to, a file some data root already has is reported where it is, and nothing is fetched. */
    @Test
    @RealData
    void aFileAnyRootHasIsNotFetchedAgain() {
        var found = DataResolver.standard().find(DataFile.NB201_TEST_CIFAR10);
        assumeTrue(found.isPresent(), "needs " + DataFile.NB201_TEST_CIFAR10.path() + " from ../shared/data");
        CliRun run = CliRun.of("data", "download", DataFile.NB201_TEST_CIFAR10.path());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("at " + found.get()), run.out());
        assertTrue(run.out().contains("every file asked for is in place"), run.out());
        assertTrue(!run.out().contains("downloading into"), run.out());
    }
}
