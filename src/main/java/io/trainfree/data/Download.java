package io.trainfree.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a URL into a file with the JDK's {@link HttpClient}. The bytes go to {@code <target>.download}; a partial
 * file left by an interrupted run is resumed with an HTTP {@code Range} request (a server that ignores it and answers
 * 200 is downloaded again from byte 0). When the SHA-256 is known it is checked before the file is moved atomically
 * into place; a mismatch deletes the partial file and fails. Progress goes to a {@link Listener}; nothing is printed.
 *
 * {@snippet :
 * Download.standard().fetch(URI.create("https://example.org/f.p"), Path.of("data/f.p"), "ab12...", p -> { });
 * }
 */
public final class Download {
    /** Suffix of the partial file beside the target. */
    public static final String PARTIAL_SUFFIX = ".download";

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 64 * 1024;
    private static final long REPORT_EVERY_NANOS = 200_000_000L;

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param client  the HTTP client (it should follow redirects)
     * @param timeout bound on connecting, on waiting for the response headers, and on any stall while reading the
     *                body
     */
    public Download(HttpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A client that follows redirects, with a 30-second bound on connecting and on stalls. */
    public static Download standard() {
        return withTimeout(Duration.ofSeconds(30));
    }

    /** A client that follows redirects, with the given bound on connecting and on stalls. */
    public static Download withTimeout(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout).build();
        return new Download(client, timeout);
    }

    /**
     * Progress of one download.
     *
     * @param url          what is fetched
     * @param bytes        bytes in the partial file so far (including resumed ones)
     * @param total        expected size, or -1 when the server did not say
     * @param resumedFrom  the byte the transfer resumed at (0 for a fresh download)
     * @param etaSeconds   estimated seconds left, or -1 when unknown
     * @param done         true on the last report, once every byte is in
     */
    public record Progress(URI url, long bytes, long total, long resumedFrom, long etaSeconds, boolean done) {
    }

    /** Receives progress reports, a few per second at most, and one with {@code done} at the end. */
    @FunctionalInterface
    public interface Listener {
        void progress(Progress progress);

        /** A listener that ignores everything. */
        static Listener none() {
            return p -> { };
        }
    }

    /**
     * What a finished download produced.
     *
     * @param target   the file now in place
     * @param bytes    its size
     * @param sha256   its SHA-256 (lower-case hex)
     * @param verified true when it matched a recorded digest; false when none was recorded (verify it by hand)
     * @param resumed  true when a partial file was resumed with a Range request
     */
    public record Result(Path target, long bytes, String sha256, boolean verified, boolean resumed) {
    }

    /** A download that failed: an HTTP error, a checksum mismatch, a dropped connection or a stall. */
    public static final class DownloadException extends IOException {
        private static final long serialVersionUID = 1L;

        public DownloadException(String message) {
            super(message);
        }

        public DownloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The partial file that a download of {@code target} writes to. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    }

    /**
     * Fetches {@code url} into {@code target}, resuming a partial file if there is one.
     *
     * @param sha256 the expected SHA-256 in hex, or null when none is recorded (then the result is not verified)
     * @throws DownloadException on an HTTP error (naming the URL and status), a checksum mismatch (the partial file
     *                           is deleted), or a transfer cut short (the partial file is kept for the next run)
     */
    public Result fetch(URI url, Path target, String sha256, Listener listener) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(listener, "listener");
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = partialOf(target);
        long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        HttpResponse<InputStream> response = send(url, have);
        int status = response.statusCode();
        if (status == 416 && have > 0) {
            // the partial file is as long as the resource or longer: start again
            response.body().close();
            Files.delete(partial);
            have = 0;
            response = send(url, 0);
            status = response.statusCode();
        }
        if (status >= 400 || (status != 200 && status != 206)) {
            response.body().close();
            throw new DownloadException("download failed: HTTP " + status + " for " + url);
        }
        long start = 0;
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (status == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                response.body().close();
                Files.deleteIfExists(partial);
                throw new DownloadException("download of " + url + ": the server answered a request for bytes from "
                        + have + " with Content-Range '" + range + "'; the partial file was deleted, run again");
            }
            start = have;
            total = m.group(3).equals("*") ? (total < 0 ? -1 : have + total) : Long.parseLong(m.group(3));
        }
        long written = copy(url, response.body(), partial, start, total, listener);
        if (total >= 0 && written != total) {
            throw new DownloadException("download of " + url + " ended at " + written + " of " + total
                    + " bytes; run again to resume");
        }
        String actual = sha256(partial);
        if (sha256 != null && !sha256.equalsIgnoreCase(actual)) {
            Files.deleteIfExists(partial);
            throw new DownloadException("checksum mismatch for " + url + ": expected SHA-256 "
                    + sha256.toLowerCase(Locale.ROOT) + ", got " + actual + "; nothing was kept");
        }
        move(partial, target);
        return new Result(target, written, actual, sha256 != null, start > 0);
    }

    private HttpResponse<InputStream> send(URI url, long from) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new DownloadException("download of " + url + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (java.net.ConnectException e) {
            throw new DownloadException("download of " + url + " failed: could not connect (network or proxy?)", e);
        } catch (IOException e) {
            throw new DownloadException("download of " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("download of " + url + " interrupted", e);
        }
    }

    /** Copies the body into the partial file (appending from {@code start}, else from 0); returns its final size. */
    private long copy(URI url, InputStream body, Path partial, long start, long total, Listener listener)
            throws IOException {
        var options = start > 0
                ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                : new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE};
        long began = System.nanoTime();
        AtomicLong lastRead = new AtomicLong(began);
        long bytes = start;
        Thread watchdog = Thread.ofVirtual().unstarted(() -> watch(body, lastRead));
        try (body; OutputStream out = Files.newOutputStream(partial, options)) {
            watchdog.start();
            byte[] buffer = new byte[BUFFER];
            long lastReport = 0;
            listener.progress(new Progress(url, bytes, total, start, -1, false));
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                bytes += n;
                long now = System.nanoTime();
                lastRead.set(now);
                if (now - lastReport >= REPORT_EVERY_NANOS) {
                    lastReport = now;
                    listener.progress(new Progress(url, bytes, total, start, eta(bytes - start, total - bytes,
                            now - began), false));
                }
            }
        } catch (IOException e) {
            boolean stalled = lastRead.get() < 0;
            throw new DownloadException("download of " + url + " broke off after " + Files.size(partial) + " of "
                    + (total < 0 ? "?" : Long.toString(total)) + " bytes (" + (stalled ? "no data for "
                    + timeout.toSeconds() + " s" : e.getMessage()) + "); run again to resume", e);
        } finally {
            watchdog.interrupt();
        }
        listener.progress(new Progress(url, bytes, total, start, 0, true));
        return bytes;
    }

    /** Closes the body when no byte has arrived for the timeout; marks that by setting lastRead negative. */
    private void watch(InputStream body, AtomicLong lastRead) {
        long limit = timeout.toNanos();
        try {
            while (true) {
                long idle = System.nanoTime() - lastRead.get();
                if (idle >= limit) {
                    lastRead.set(-1);
                    body.close();
                    return;
                }
                Thread.sleep(Math.max(1, (limit - idle) / 1_000_000));
            }
        } catch (InterruptedException | IOException e) {
            // the download ended
        }
    }

    private static long eta(long done, long left, long elapsedNanos) {
        if (done <= 0 || left < 0 || elapsedNanos <= 0) {
            return -1;
        }
        return Math.round(left * (elapsedNanos / 1e9) / done);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
