package io.trainfree.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Brings {@link DataFile}s into a data root from their {@link DataSource}s: files present with the recorded checksum
 * (or present with none recorded) are left alone, published files are downloaded, archives are downloaded once,
 * unpacked and deleted, and files that need a conversion are reported with where to get them.
 */
public final class DataDownloader {
    private final Download download;
    private final Function<DataFile, DataSource> sources;

    /** Over the recorded sources ({@link DataSource#of}). */
    public DataDownloader(Download download) {
        this(download, DataSource::of);
    }

    /** Over other sources (tests point them at a local server). */
    public DataDownloader(Download download, Function<DataFile, DataSource> sources) {
        this.download = Objects.requireNonNull(download, "download");
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /** What happened to one file. */
    public enum Status {
        /** Already there (with the recorded checksum, or none is recorded). */
        PRESENT,
        /** Fetched (or unpacked) now. */
        DOWNLOADED,
        /** Needs a conversion that is not automated: the message says where to get it. */
        BY_HAND,
        /** The download failed: the message says why. */
        FAILED
    }

    /**
     * The outcome for one file.
     *
     * @param file    the data file
     * @param status  what happened
     * @param message one line for the user
     */
    public record Outcome(DataFile file, Status status, String message) {
    }

    /** Brings the files into {@code root}, in order; one outcome per file. */
    public List<Outcome> fetch(List<DataFile> files, Path root, Download.Listener listener) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<URI, Unpacked> archives = new HashMap<>();
        for (DataFile file : files) {
            DataSource source = sources.apply(file);
            Path target = root.resolve(file.path());
            try {
                outcomes.add(fetchOne(file, source, root, target, listener, archives));
            } catch (IOException e) {
                outcomes.add(new Outcome(file, Status.FAILED, e.getMessage()));
            }
        }
        return outcomes;
    }

    private Outcome fetchOne(DataFile file, DataSource source, Path root, Path target, Download.Listener listener,
            Map<URI, Unpacked> archives) throws IOException {
        boolean present = Files.isRegularFile(target);
        if (!source.downloadable()) {
            return present ? new Outcome(file, Status.PRESENT, "present (no checksum recorded)")
                    : new Outcome(file, Status.BY_HAND, source.byHand());
        }
        if (present) {
            if (source.sha256().isEmpty() || source.kind() == DataSource.Kind.IN_ARCHIVE) {
                return new Outcome(file, Status.PRESENT, "present (no checksum recorded)");
            }
            if (source.sha256().get().equalsIgnoreCase(Download.sha256(target))) {
                return new Outcome(file, Status.PRESENT, "present, checksum ok");
            }
        }
        URI url = source.url().orElseThrow();
        if (source.kind() == DataSource.Kind.AS_PUBLISHED) {
            Download.Result r = download.fetch(url, target, source.sha256().orElse(null), listener);
            return new Outcome(file, Status.DOWNLOADED, (present ? "replaced a copy with another checksum; " : "")
                    + describe(url, r));
        }
        if (!archives.containsKey(url)) {
            archives.put(url, unpack(url, source, root, listener));
        }
        Unpacked unpacked = archives.get(url);
        if (unpacked.error() != null) {
            return new Outcome(file, Status.FAILED, unpacked.error());
        }
        return Files.isRegularFile(target) ? new Outcome(file, Status.DOWNLOADED, "unpacked; " + unpacked.note())
                : new Outcome(file, Status.FAILED, url + " has no entry " + source.archiveMember());
    }

    /** An archive unpacked (a note on its download) or not (the error). */
    private record Unpacked(String note, String error) {
    }

    /** Downloads an archive beside the data, unpacks its top folder and deletes it. */
    private Unpacked unpack(URI url, DataSource source, Path root, Download.Listener listener) {
        String path = url.getPath();
        Path archive = root.resolve(path.substring(path.lastIndexOf('/') + 1));
        String member = source.archiveMember();
        String folder = member.substring(0, member.indexOf('/') + 1);
        try {
            Download.Result r = download.fetch(url, archive, source.sha256().orElse(null), listener);
            TarGz.extract(archive, root, name -> name.startsWith(folder));
            Files.delete(archive);
            return new Unpacked(describe(url, r), null);
        } catch (IOException e) {
            return new Unpacked(null, e.getMessage());
        }
    }

    private static String describe(URI url, Download.Result r) {
        return (r.resumed() ? "resumed and downloaded " : "downloaded ") + r.bytes() + " bytes from " + url
                + (r.verified() ? ", SHA-256 ok" : "; no checksum recorded; verify by hand: SHA-256 " + r.sha256());
    }
}
