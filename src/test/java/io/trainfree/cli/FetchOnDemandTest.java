package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.DataSources;
import io.trainfree.data.Download;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class FetchOnDemandTest {
    private static final byte[] BODY = "stand-in for the hp12 table\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hp12.p", ex -> {
            requests.incrementAndGet();
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (head) {
                ex.getResponseHeaders().set("Content-Length", Integer.toString(BODY.length));
            }
            ex.sendResponseHeaders(200, head ? -1 : BODY.length);
            try (ex) {
                if (!head) {
                    ex.getResponseBody().write(BODY);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A command that needs one data file and prints it, reading from the test's data root only. */
    @Command(name = "needs")
    static final class Needs implements Runnable {
        private final Path root;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--header", description = "a line printed before the file is read")
        String header;

        @Option(names = "--file")
        DataFile file = DataFile.NB201_HP12_INFO;

        Needs(Path root) {
            this.root = root;
        }

        @Override
        public void run() {
            if (header != null) {
                spec.commandLine().getOut().println(header);
            }
            try {
                System.out.print("read: " + Files.readString(DataResolver.of(root).resolve(file)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private DataSource source(DataFile f) {
        if (f == DataFile.NB201_HP12_INFO) {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hp12.p");
            return DataSource.asPublished(f, url, null);
        }
        return DataSources.recorded().apply(f);
    }

    private CliRun run(String console, String... args) {
        var fetch = new FetchOnDemand(this::source, DataResolver.of(root), () -> root,
                Download.withTimeout(Duration.ofSeconds(5)),
                FetchOnDemand::headSize, console == null ? null : new BufferedReader(new StringReader(console)));
        return CliRun.capture(() -> Main.run(fetch, new Needs(root), args));
    }

    private Path hp12() {
        return root.resolve(DataFile.NB201_HP12_INFO.path());
    }

    @Test
    void yesFetchesTheMissingFileAndAnswers() throws IOException {
        CliRun r = run(null, "needs", "--yes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("read: stand-in for the hp12 table"), r.out());
        assertTrue(r.err().contains("fetched"), r.err());
        assertEquals("stand-in for the hp12 table\n", Files.readString(hp12()));
        assertEquals(1, requests.get());

        CliRun again = run(null, "--yes", "needs"); // present now: nothing fetched
        assertEquals(0, again.code(), again.err());
        assertEquals(1, requests.get());
        assertEquals("", again.err());
    }

    @Test
    void theRerunDoesNotRepeatWhatTheFailedRunPrinted() {
        CliRun r = run(null, "needs", "--yes", "--header", "a header line");
        assertEquals(0, r.code(), r.err());
        assertEquals("a header line\nread: stand-in for the hp12 table\n", r.out());
    }

    @Test
    void offlineFailsWithTheMissingFileMessageAndFetchesNothing() {
        CliRun r = run("y\n", "needs", "--offline");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("trainfree: missing data file nb201/robot/nb2_cf10_hp12_info.p"), r.err());
        assertFalse(r.err().contains("--yes"), r.err());
        assertFalse(Files.exists(hp12()));
        assertEquals(0, requests.get());
    }

    @Test
    void notInteractiveWithoutFlagsRefusesAndNamesYes() {
        CliRun r = run(null, "needs");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("trainfree: missing data file nb201/robot/nb2_cf10_hp12_info.p"), r.err());
        assertTrue(r.err().contains("run again with --yes to fetch it from http://127.0.0.1:"), r.err());
        assertFalse(Files.exists(hp12()));
        assertEquals(0, requests.get());
    }

    @Test
    void interactiveAsksOnceWithUrlAndSize() throws IOException {
        CliRun no = run("n\n", "needs");
        assertEquals(1, no.code());
        assertTrue(no.err().contains("fetch it now? [y/N]"), no.err());
        assertTrue(no.err().contains("/hp12.p"), no.err());
        assertTrue(no.err().contains(DataCommand.ProgressLine.size(BODY.length)), no.err());
        assertFalse(Files.exists(hp12()));
        assertEquals(1, requests.get()); // the HEAD request only

        CliRun yes = run("y\n", "needs");
        assertEquals(0, yes.code(), yes.err());
        assertTrue(yes.out().contains("read: stand-in"), yes.out());
        assertEquals(3, requests.get()); // HEAD and GET
        assertTrue(Files.exists(hp12()));
    }

    @Test
    void aFileToImportByHandSaysWhereAndHowAndFetchesNothing() {
        CliRun r = run("y\n", "needs", "--yes", "--file", DataFile.NB201_ZEN_VALACC.name());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing data file " + DataFile.NB201_ZEN_VALACC.path()), r.err());
        assertTrue(r.err().contains("download by hand from https://drive.google.com/file/d/"
                + "1R7n7GpFHAjUZpPISzbhxH0QjubnvZM5H/view (zc_nasbench201.json"), r.err());
        assertTrue(r.err().contains("then: ./trainfree data import zc_nasbench201.json"), r.err());
        assertEquals(0, requests.get());
    }

    @Test
    void presentFilesAreNotFetched() throws IOException {
        Files.createDirectories(hp12().getParent());
        Files.writeString(hp12(), "already here\n");
        CliRun r = run("y\n", "needs");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("read: already here"), r.out());
        assertEquals(0, requests.get());
    }

    @Test
    void theRealSourcesNeedNoConsoleToParseTheFlags() {
        assertEquals(0, CliRun.of("--offline", "--help").code());
        assertTrue(CliRun.of("--help").out().contains("--yes"));
    }
}
