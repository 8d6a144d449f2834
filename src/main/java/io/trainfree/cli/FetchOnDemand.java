package io.trainfree.cli;

import io.trainfree.data.DataDownloader;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.DataSources;
import io.trainfree.data.Download;
import io.trainfree.data.MissingDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the CLI needs to fetch a missing data file on demand: where sources are looked up, where files go, how they
 * are downloaded and sized, and the console to ask on (null when not interactive). Tests inject their own.
 *
 * @param sources  a data file's source
 * @param resolver where a conversion finds the other data files it reads
 * @param root     the data directory fetched files go to
 * @param download the downloader
 * @param sizeOf   an artefact's size in bytes, if a quick HEAD request tells it
 * @param console  where the answer to "fetch it?" is read, or null when stdin is not a console
 */
record FetchOnDemand(Function<DataFile, DataSource> sources, DataResolver resolver, Supplier<Path> root,
        Download download,
        Function<URI, OptionalLong> sizeOf, BufferedReader console) {

    /**
     * The recorded sources (under {@code $TRAINFREE_DATA_MIRROR} if set), {@code $TRAINFREE_DATA} (else
     * {@code data/}), and the console if there is one.
     */
    static FetchOnDemand standard() {
        var console = System.console();
        DataResolver resolver = DataResolver.standard();
        return new FetchOnDemand(DataSources.standard(), resolver, () -> resolver.roots().getFirst(),
                Download.standard(), FetchOnDemand::headSize,
                console == null ? null : new BufferedReader(console.reader()));
    }

    /** How a missing downloadable file is handled. */
    enum Mode {
        /** Fetch without asking ({@code --yes}). */
        YES,
        /** Never fetch ({@code --offline}). */
        OFFLINE,
        /** Ask on the console; without one, refuse and say that {@code --yes} fetches it. */
        ASK
    }

    /**
     * Decides about one missing file and fetches it if allowed; true when it is now in place (rerun the command).
     * Every message goes to {@code err}; progress goes to {@code err} too, so the command's output stays clean.
     */
    boolean offer(MissingDataException missing, Mode mode, PrintWriter err) {
        DataFile file = missing.file();
        DataSource source = sources.apply(file);
        if (source == null || !source.downloadable()) {
            err.println("trainfree: " + missing.getMessage());
            if (source != null) {
                err.println(source.byHand());
            }
            return false;
        }
        URI url = source.artefacts().getFirst().url();
        String what = source.artefacts().size() == 1 ? url.toString()
                : source.artefacts().size() + " files from " + url.resolve(".");
        if (mode == Mode.OFFLINE) {
            err.println("trainfree: " + missing.getMessage());
            return false;
        }
        if (mode == Mode.ASK) {
            if (console == null) {
                err.println("trainfree: " + missing.getMessage());
                err.println("run again with --yes to fetch it from " + what);
                return false;
            }
            OptionalLong size = OptionalLong.of(0);
            for (DataSource.Artefact a : source.artefacts()) {
                OptionalLong one = sizeOf.apply(a.url());
                size = size.isPresent() && one.isPresent() ? OptionalLong.of(size.getAsLong() + one.getAsLong())
                        : OptionalLong.empty();
            }
            err.println("trainfree: missing data file " + file.path() + " (" + file.description() + ")");
            err.println("  fetch " + what);
            err.println("  " + (size.isPresent() ? DataCommand.ProgressLine.size(size.getAsLong()) : "size unknown")
                    + switch (source.kind()) {
                        case IN_ARCHIVE -> " (an archive; its folder is unpacked)";
                        case CONVERTED -> " (then converted to the form trainfree reads)";
                        default -> "";
                    } + ", into " + root.get().toAbsolutePath().normalize());
            err.print("fetch it now? [y/N] ");
            err.flush();
            String answer;
            try {
                answer = console.readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                err.println("not fetched; --yes fetches it without asking, --offline never asks");
                return false;
            }
        }
        int rc = DataCommand.download(new DataDownloader(download, sources, resolver), List.of(file), root.get(), err);
        return rc == 0;
    }

    /** The Content-Length a HEAD request reports within a few seconds, if any. */
    static OptionalLong headSize(URI url) {
        try {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? r.headers().firstValueAsLong("Content-Length") : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
