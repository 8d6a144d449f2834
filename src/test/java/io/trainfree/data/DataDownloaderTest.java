package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DataDownloader}'s conversions and imports against a local JDK HTTP server: artefacts staged, converted,
 * checked against the recorded digest of the result and cleaned up; a wrong result or a failed download leaves the
 * target as it was and keeps the staged artefacts for the next run; required files fetched first; by-hand artefacts
 * imported with their digests checked; a mirror moves every URL.
 */
class DataDownloaderTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final Download download = Download.withTimeout(Duration.ofSeconds(10));

    /** Joins its inputs with "+" between them: a converter whose output says what it was given. */
    private static final Converter JOIN = (inputs, out) -> {
        StringBuilder s = new StringBuilder();
        for (Path p : inputs) {
            s.append(s.isEmpty() ? "" : "+").append(Files.readString(p));
        }
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    };

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String name : List.of("a", "b", "req")) {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            server.createContext("/" + name, ex -> {
                gets.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                ex.sendResponseHeaders(200, body.length);
                try (ex) {
                    ex.getResponseBody().write(body);
                }
            });
        }
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private DataSource.Artefact artefact(String name, String sha256) {
        return DataSource.Artefact.at(url("/" + name), Optional.ofNullable(sha256));
    }

    @Test
    void aConversionIsStagedConvertedVerifiedAndCleanedUp() throws IOException {
        DataSource source = DataSource.converted(DataFile.NB201_HP12_ACCS,
                List.of(artefact("a", sha("a")), artefact("b", null)), List.of(), JOIN, sha("a+b"));
        Path root = tmp.resolve("data");
        var outcome = new DataDownloader(download, f -> source, DataResolver.of()).fetch(
                List.of(DataFile.NB201_HP12_ACCS), root, Download.Listener.none()).getFirst();
        assertEquals(DataDownloader.Status.DOWNLOADED, outcome.status(), outcome.message());
        assertEquals("converted from 2 files a .. b at " + url("/") + " (2 bytes downloaded), SHA-256 of the result ok",
                outcome.message());
        assertEquals("a+b", Files.readString(root.resolve(DataFile.NB201_HP12_ACCS.path())));
        assertFalse(Files.exists(root.resolve(DataDownloader.STAGING)), "staged artefacts are deleted");
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "nothing but the file is left");
        }
    }

    @Test
    void aWrongResultIsRefusedTheTargetKeptAndTheArtefactsReusedNextTime() throws IOException {
        Path root = tmp.resolve("data");
        Path target = root.resolve(DataFile.NB201_HP12_ACCS.path());
        Files.createDirectories(target.getParent());
        Files.writeString(target, "an older copy");
        DataSource wrong = DataSource.converted(DataFile.NB201_HP12_ACCS, List.of(artefact("a", null),
                artefact("b", null)), List.of(), JOIN, sha("something else"));
        var outcome = new DataDownloader(download, f -> wrong, DataResolver.of()).fetch(
                List.of(DataFile.NB201_HP12_ACCS), root, Download.Listener.none()).getFirst();
        assertEquals(DataDownloader.Status.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("converting 2 files a .. b at " + url("/") + " into "
                + DataFile.NB201_HP12_ACCS.path() + " gave SHA-256 " + sha("a+b") + ", recorded "
                + sha("something else") + "; nothing was written"), outcome.message());
        assertEquals("an older copy", Files.readString(target));
        assertFalse(Files.exists(target.resolveSibling(target.getFileName() + ".converting")));
        assertTrue(Files.exists(root.resolve(DataDownloader.STAGING)), "artefacts kept after a failure");

        DataSource right = DataSource.converted(DataFile.NB201_HP12_ACCS, wrong.artefacts(), List.of(), JOIN,
                sha("a+b"));
        outcome = new DataDownloader(download, f -> right, DataResolver.of()).fetch(
                List.of(DataFile.NB201_HP12_ACCS), root, Download.Listener.none()).getFirst();
        assertEquals(DataDownloader.Status.DOWNLOADED, outcome.status(), outcome.message());
        assertTrue(outcome.message().startsWith("replaced a copy with another checksum; converted from"),
                outcome.message());
        assertEquals("a+b", Files.readString(target));
        assertEquals(1, gets.get("a").get(), "the staged artefact was reused, not fetched again");
        assertFalse(Files.exists(root.resolve(DataDownloader.STAGING)));
    }

    @Test
    void filesAConversionRequiresAreTakenFromAnyRootOrFetchedFirst() throws IOException {
        Path elsewhere = tmp.resolve("elsewhere");
        Path root = tmp.resolve("data");
        DataSource conv = DataSource.converted(DataFile.NB201_ZEN_VALACC, List.of(artefact("a", null)),
                List.of(DataFile.NB201_HP12_INFO), JOIN, null);
        DataSource req = DataSource.asPublished(DataFile.NB201_HP12_INFO, url("/req"), sha("req"));
        var downloader = new DataDownloader(download, f -> f == DataFile.NB201_HP12_INFO ? req : conv,
                DataResolver.of(elsewhere));
        var outcome = downloader.fetch(List.of(DataFile.NB201_ZEN_VALACC), root, Download.Listener.none()).getFirst();
        assertEquals(DataDownloader.Status.DOWNLOADED, outcome.status(), outcome.message());
        assertTrue(outcome.message().endsWith("; no checksum of the result recorded"), outcome.message());
        assertEquals("a+req", Files.readString(root.resolve(DataFile.NB201_ZEN_VALACC.path())));
        assertEquals("req", Files.readString(root.resolve(DataFile.NB201_HP12_INFO.path())), "fetched into the root");

        Path other = elsewhere.resolve(DataFile.NB201_HP12_INFO.path());
        Files.createDirectories(other.getParent());
        Files.writeString(other, "found elsewhere");
        Files.delete(root.resolve(DataFile.NB201_HP12_INFO.path()));
        Files.delete(root.resolve(DataFile.NB201_ZEN_VALACC.path()));
        downloader.fetch(List.of(DataFile.NB201_ZEN_VALACC), root, Download.Listener.none());
        assertEquals("a+found elsewhere", Files.readString(root.resolve(DataFile.NB201_ZEN_VALACC.path())));
        assertEquals(1, gets.get("req").get(), "a file another root has is not fetched");
    }

    @Test
    void importConvertsWhatAUserDownloadedAndChecksEveryRecordedDigest() throws IOException {
        DataSource byHand = DataSource.imported(DataFile.TNB101_MICRO, List.of(new DataSource.Artefact(
                URI.create("https://example.org/uc?id=1"), "micro.json", Optional.of(sha("good")))), List.of(), JOIN,
                sha("good"), "https://example.org/view/1");
        var downloader = new DataDownloader(download, f -> f == DataFile.TNB101_MICRO ? byHand
                : DataSources.recorded().apply(f), DataResolver.of());
        Path dir = Files.createDirectories(tmp.resolve("downloads"));
        Path root = tmp.resolve("data");

        var fetched = downloader.fetch(List.of(DataFile.TNB101_MICRO), root, Download.Listener.none()).getFirst();
        assertEquals(DataDownloader.Status.BY_HAND, fetched.status());
        assertEquals("download by hand from https://example.org/view/1, then: ./trainfree data import micro.json",
                fetched.message());

        Path bad = Files.writeString(dir.resolve("micro.json"), "tampered");
        Path stray = Files.writeString(dir.resolve("notes.txt"), "x");
        var result = downloader.importFiles(List.of(bad, stray), List.of(DataFile.values()), root);
        assertEquals(List.of(stray), result.unused());
        assertEquals(DataDownloader.Status.FAILED, result.outcomes().getFirst().status());
        assertTrue(result.outcomes().getFirst().message().startsWith(bad + " is not the published micro.json: SHA-256 "
                + sha("tampered") + ", published " + sha("good")), result.outcomes().getFirst().message());
        assertFalse(Files.exists(root.resolve(DataFile.TNB101_MICRO.path())));

        Path good = Files.writeString(dir.resolve("micro.json"), "good");
        result = downloader.importFiles(List.of(good), List.of(DataFile.values()), root);
        assertEquals(List.of(), result.unused());
        assertEquals(DataDownloader.Status.DOWNLOADED, result.outcomes().getFirst().status());
        assertEquals("imported from micro.json, SHA-256 of the result ok", result.outcomes().getFirst().message());
        assertEquals("good", Files.readString(root.resolve(DataFile.TNB101_MICRO.path())));
    }

    @Test
    void aMirrorMovesEveryArtefactUrlUnderItsBase() {
        var mirrored = DataSources.withMirror(Optional.of(URI.create("http://127.0.0.1:8000/mirror")));
        DataSource s = mirrored.apply(DataFile.NB201_HP12_INFO);
        assertEquals("http://127.0.0.1:8000/mirror/raw.githubusercontent.com/hzf1174/RoBoT/"
                + "1202f032a841735a2a45d41942372f1e95aa0cf1/data/nb2_cf10_hp12_info.p", s.artefact().url().toString());
        assertEquals(DataSource.of(DataFile.NB201_HP12_INFO).sha256(), s.sha256());
        assertEquals("http://m/www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", DataSources.withMirror(
                Optional.of(URI.create("http://m/"))).apply(DataFile.CIFAR10_TEST).artefact().url().toString());
        assertEquals(DataSource.of(DataFile.CIFAR100_SAMPLE).artefacts().size(),
                mirrored.apply(DataFile.CIFAR100_SAMPLE).artefacts().size());
    }

    @Test
    void everyRecordedSourceIsComplete() {
        for (DataFile f : DataFile.values()) {
            DataSource s = DataSource.of(f);
            assertEquals(f, s.file());
            for (DataSource.Artefact a : s.artefacts()) {
                assertTrue(a.url().getScheme().equals("https"), f + ": " + a.url());
                assertFalse(a.name().isBlank(), f.toString());
            }
            if (s.kind() == DataSource.Kind.AS_PUBLISHED || s.kind() == DataSource.Kind.CONVERTED) {
                assertTrue(s.artefacts().stream().allMatch(a -> a.url().getPath().contains("/" + commitOf(a)
                        + "/")), f + " is pinned to a commit: " + s.artefacts());
            }
        }
    }

    /** The 40-hex commit in a raw.githubusercontent.com URL (owner/repo/commit/path). */
    private static String commitOf(DataSource.Artefact a) {
        String[] parts = a.url().getPath().split("/");
        String commit = parts.length > 3 ? parts[3] : "";
        assertTrue(commit.matches("[0-9a-f]{40}"), a.url() + " names no commit");
        return commit;
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
