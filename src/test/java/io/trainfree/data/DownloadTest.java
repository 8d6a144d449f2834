package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trainfree.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Download}, {@link TarGz} and {@link DataDownloader} against a local JDK HTTP server, never the internet. */
class DownloadTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    /** The Range header of every request, null where there was none. */
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final byte[] body = bytes(300_000, 1);
    private final Download download = Download.withTimeout(Duration.ofSeconds(10));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/file", ex -> serve(ex, body, true, false));
        server.createContext("/norange", ex -> serve(ex, body, false, false));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Serves {@code data}, honouring a Range header if asked; {@code dropHalf}: writes half the body and closes. */
    private void serve(HttpExchange ex, byte[] data, boolean honourRange, boolean dropHalf) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range);
        int from = 0;
        if (honourRange && range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/"
                    + data.length);
            ex.sendResponseHeaders(206, data.length - from);
        } else {
            ex.sendResponseHeaders(200, data.length);
        }
        OutputStream out = ex.getResponseBody();
        if (dropHalf) {
            out.write(data, from, (data.length - from) / 2);
            out.flush();
            ex.close(); // fewer bytes than Content-Length: the server closes the connection
            return;
        }
        try (ex) {
            out.write(data, from, data.length - from);
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<Path> listed(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void goodDownloadIsVerifiedAndAtomic() throws Exception {
        Path target = tmp.resolve("sub/f.p");
        List<Download.Progress> seen = new ArrayList<>();
        Download.Result r = download.fetch(url("/file"), target, sha256(body), seen::add);
        assertArrayEquals(body, Files.readAllBytes(target));
        assertTrue(r.verified());
        assertFalse(r.resumed());
        assertEquals(sha256(body), r.sha256());
        assertEquals(List.of(target), listed(tmp), "no partial file left");
        Download.Progress last = seen.getLast();
        assertTrue(last.done());
        assertEquals(body.length, last.bytes());
        assertEquals(body.length, last.total());
        assertNull(ranges.getFirst());
    }

    @Test
    void checksumMismatchIsRefusedAndLeavesNothing() throws Exception {
        Path target = tmp.resolve("f.p");
        String wrong = "00".repeat(32);
        var e = assertThrows(Download.DownloadException.class,
                () -> download.fetch(url("/file"), target, wrong, Download.Listener.none()));
        assertTrue(e.getMessage().contains(url("/file").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(wrong), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(body)), e.getMessage());
        assertEquals(List.of(), listed(tmp), "nothing left behind");
    }

    @Test
    void droppedConnectionIsResumedWithRange() throws Exception {
        server.createContext("/drop", new com.sun.net.httpserver.HttpHandler() {
            private int calls;

            @Override
            public void handle(HttpExchange ex) throws IOException {
                serve(ex, body, true, calls++ == 0);
            }
        });
        Path target = tmp.resolve("f.p");
        var e = assertThrows(Download.DownloadException.class,
                () -> download.fetch(url("/drop"), target, sha256(body), Download.Listener.none()));
        assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
        assertFalse(Files.exists(target));
        long partial = Files.size(Download.partialOf(target));
        assertTrue(partial > 0 && partial < body.length, "partial file of " + partial + " bytes");

        Download.Result r = download.fetch(url("/drop"), target, sha256(body), Download.Listener.none());
        assertTrue(r.resumed());
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals("bytes=" + partial + "-", ranges.get(1), "the second request asks for the rest");
        assertEquals(List.of(target), listed(tmp));
    }

    @Test
    void notFoundNamesTheUrlAndStatus() {
        Path target = tmp.resolve("f.p");
        var e = assertThrows(Download.DownloadException.class,
                () -> download.fetch(url("/nothing-here"), target, null, Download.Listener.none()));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertTrue(e.getMessage().contains(url("/nothing-here").toString()), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws Exception {
        Path target = tmp.resolve("f.p");
        Files.write(Download.partialOf(target), bytes(1000, 99)); // a partial file of the wrong bytes
        Download.Result r = download.fetch(url("/norange"), target, sha256(body), Download.Listener.none());
        assertEquals("bytes=1000-", ranges.getFirst());
        assertFalse(r.resumed());
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(List.of(target), listed(tmp));
    }

    @Test
    void noRecordedChecksumStillDownloadsButSaysUnverified() throws Exception {
        Path target = tmp.resolve("f.p");
        Download.Result r = download.fetch(url("/file"), target, null, Download.Listener.none());
        assertFalse(r.verified());
        assertEquals(sha256(body), r.sha256());
    }

    /** A minimal ustar archive, gzipped: the entries in order. */
    static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        var raw = new ByteArrayOutputStream();
        for (var e : entries.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            raw.write(h);
            raw.write(e.getValue());
            raw.write(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        raw.write(new byte[1024]);
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(raw.toByteArray());
        }
        return gz.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    @Test
    void extractsTarGz() throws Exception {
        byte[] batch = bytes(3073 * 3, 5);
        var entries = new java.util.LinkedHashMap<String, byte[]>();
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(StandardCharsets.US_ASCII));
        entries.put("cifar-10-batches-bin/data_batch_1.bin", batch);
        entries.put("other/readme.txt", new byte[] {1, 2, 3});
        Path archive = tmp.resolve("a.tar.gz");
        Files.write(archive, tarGz(entries));
        Path out = tmp.resolve("data");
        List<Path> written = TarGz.extract(archive, out, n -> n.startsWith("cifar-10-batches-bin/"));
        assertEquals(List.of(out.resolve("cifar-10-batches-bin/batches.meta.txt").toAbsolutePath(),
                out.resolve("cifar-10-batches-bin/data_batch_1.bin").toAbsolutePath()), written);
        assertArrayEquals(batch, Files.readAllBytes(out.resolve("cifar-10-batches-bin/data_batch_1.bin")));
        assertFalse(Files.exists(out.resolve("other")));
    }

    @Test
    void tarEntryLeavingTheDestinationIsRefused() throws Exception {
        Path archive = tmp.resolve("evil.tar.gz");
        Files.write(archive, tarGz(Map.of("../escape.bin", new byte[] {1})));
        assertThrows(IOException.class, () -> TarGz.extract(archive, tmp.resolve("data"), n -> true));
        assertFalse(Files.exists(tmp.resolve("escape.bin")));
    }

    @Test
    void downloaderFetchesUnpacksSkipsAndReportsConversions() throws Exception {
        byte[] batch = bytes(3073 * 2, 7);
        byte[] tarball = tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", batch));
        server.createContext("/cifar-10-binary.tar.gz", ex -> serve(ex, tarball, true, false));
        DataDownloader downloader = new DataDownloader(download, f -> switch (f) {
            case NB201_HP12_INFO -> DataSource.asPublished(f, url("/file"), sha(body));
            case CIFAR10_TEST -> DataSource.inArchive(f, url("/cifar-10-binary.tar.gz"), null, f.path());
            default -> DataSource.of(f);
        }, DataResolver.of(tmp.resolve("elsewhere")));
        Path root = tmp.resolve("data");
        var files = List.of(DataFile.NB201_HP12_INFO, DataFile.CIFAR10_TEST, DataFile.TNB101_MICRO);
        var outcomes = downloader.fetch(files, root, Download.Listener.none());
        assertEquals(DataDownloader.Status.DOWNLOADED, outcomes.get(0).status(), outcomes.toString());
        assertEquals(DataDownloader.Status.DOWNLOADED, outcomes.get(1).status(), outcomes.toString());
        assertTrue(outcomes.get(1).message().contains("no checksum recorded; verify by hand"), outcomes.toString());
        assertEquals(DataDownloader.Status.BY_HAND, outcomes.get(2).status());
        assertEquals("download by hand from https://drive.google.com/file/d/1SBOVAyhLCBTAJiU_fo7hLRknNrGNqFk7/view "
                + "(zc_transbench101_micro.json, linked from NASLib's zerocost branch, "
                + "scripts/bash_scripts/download_nbs_zero.sh), then: ./trainfree data import "
                + "zc_transbench101_micro.json",
                outcomes.get(2).message());
        assertArrayEquals(body, Files.readAllBytes(root.resolve(DataFile.NB201_HP12_INFO.path())));
        assertArrayEquals(batch, Files.readAllBytes(root.resolve(DataFile.CIFAR10_TEST.path())));
        assertFalse(Files.exists(root.resolve("cifar-10-binary.tar.gz")), "the tarball is deleted once unpacked");

        int requests = ranges.size();
        outcomes = downloader.fetch(files.subList(0, 2), root, Download.Listener.none());
        assertEquals("present, checksum ok", outcomes.get(0).message());
        assertEquals(DataDownloader.Status.PRESENT, outcomes.get(1).status());
        assertEquals(requests, ranges.size(), "nothing fetched the second time");
    }

    private static String sha(byte[] b) {
        try {
            return sha256(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file recorded with a digest is, under ../shared/data (or the data roots), the file with that digest. */
    @Test
    @RealData
    void recordedDigestsMatchTheSharedCopies() throws IOException {
        DataResolver resolver = DataResolver.standard();
        int checked = 0;
        List<String> absent = new ArrayList<>();
        for (DataFile f : DataFile.values()) {
            DataSource s = DataSource.of(f);
            if (s.sha256().isEmpty()) {
                continue;
            }
            Optional<Path> at = resolver.find(f);
            if (at.isEmpty()) {
                absent.add(f.path());
                continue;
            }
            assertEquals(s.sha256().get(), Download.sha256(at.get()), f.path() + " at " + at.get());
            checked++;
        }
        assumeTrue(checked > 0, () -> "no file with a recorded digest found under " + resolver.roots()
                + " (absent: " + absent + "); set " + DataResolver.ENV + " to a data directory to run this test");
        long notInArchive = Arrays.stream(DataFile.values())
                .filter(f -> DataSource.of(f).kind() != DataSource.Kind.IN_ARCHIVE).count();
        assertEquals(notInArchive, checked + absent.size(), "every file not unpacked from an archive has a digest");
    }
}
