package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings {@link DataFile}s into a data root from their {@link DataSource}s: files present with the recorded checksum
 * (or present with none recorded) are left alone, published files are downloaded, archives are downloaded once,
 * unpacked and deleted, artefacts that need a conversion are downloaded into {@value #STAGING} under the root,
 * converted, checked against the recorded digest of the result and deleted; files whose artefacts need a browser are
 * reported with where to get them, and {@link #importFiles} converts those once a user has them.
 */
public final class DataDownloader {
    /** The folder under a data root where artefacts wait for their conversion (kept after a failure, to resume). */
    public static final String STAGING = ".artefacts";

    private final Download download;
    private final Function<DataFile, DataSource> sources;
    private final DataResolver resolver;

    /** Over the recorded sources ({@link DataSources#standard()}: mirror honoured) and the standard data roots. */
    public DataDownloader(Download download) {
        this(download, DataSources.standard(), DataResolver.standard());
    }

    /**
     * Over other sources (tests point them at a local server).
     *
     * @param resolver where a conversion looks for the other data files it {@linkplain DataSource#requires requires}
     *                 before fetching them into the root
     */
    public DataDownloader(Download download, Function<DataFile, DataSource> sources, DataResolver resolver) {
        this.download = Objects.requireNonNull(download, "download");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** What happened to one file. */
    public enum Status {
        /** Already there (with the recorded checksum, or none is recorded). */
        PRESENT,
        /** Fetched (unpacked, converted or imported) now. */
        DOWNLOADED,
        /** Its artefacts must be downloaded by hand: the message says where, and how to import them. */
        BY_HAND,
        /** The download or conversion failed: the message says why. */
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
        Set<Path> staged = new HashSet<>();
        boolean allConverted = true;
        for (DataFile file : files) {
            DataSource source = sources.apply(file);
            Path target = root.resolve(file.path());
            Outcome outcome;
            try {
                outcome = fetchOne(source, root, target, listener, archives, staged);
            } catch (IOException e) {
                outcome = new Outcome(file, Status.FAILED, e.getMessage());
            }
            outcomes.add(outcome);
            boolean converts = source.kind() == DataSource.Kind.CONVERTED;
            allConverted &= !converts || outcome.status() != Status.FAILED;
        }
        if (allConverted) { // artefacts are kept after a failure, so that the next run resumes them
            deleteStaged(staged, root);
        }
        return outcomes;
    }

    private Outcome fetchOne(DataSource source, Path root, Path target, Download.Listener listener,
            Map<URI, Unpacked> archives, Set<Path> staged) throws IOException {
        DataFile file = source.file();
        boolean present = Files.isRegularFile(target);
        if (present) {
            if (source.sha256().isEmpty()) {
                return new Outcome(file, Status.PRESENT, "present (no checksum recorded)");
            }
            if (source.sha256().get().equalsIgnoreCase(Download.sha256(target))) {
                return new Outcome(file, Status.PRESENT, "present, checksum ok");
            }
        }
        String replaced = present ? "replaced a copy with another checksum; " : "";
        return switch (source.kind()) {
            case AS_PUBLISHED -> {
                URI url = source.artefact().url();
                Download.Result r = download.fetch(url, target, source.artefact().sha256().orElse(null), listener);
                yield new Outcome(file, Status.DOWNLOADED, replaced + describe(url, r));
            }
            case IN_ARCHIVE -> {
                URI url = source.artefact().url();
                Unpacked unpacked = archives.computeIfAbsent(url, u -> unpack(source, root, listener));
                if (unpacked.error() != null) {
                    yield new Outcome(file, Status.FAILED, unpacked.error());
                }
                yield Files.isRegularFile(target) ? new Outcome(file, Status.DOWNLOADED, "unpacked; " + unpacked.note())
                        : new Outcome(file, Status.FAILED, url + " has no entry " + source.archiveMember());
            }
            case CONVERTED -> {
                List<Path> inputs = new ArrayList<>();
                long bytes = 0;
                for (DataSource.Artefact a : source.artefacts()) {
                    Path at = stagingPath(root, a);
                    if (!Files.isRegularFile(at)) { // Download moves only whole, verified files into place
                        bytes += download.fetch(a.url(), at, a.sha256().orElse(null), listener).bytes();
                    }
                    staged.add(at);
                    inputs.add(at);
                }
                inputs.addAll(required(source, root, listener, archives, staged));
                convert(source, inputs, target);
                yield new Outcome(file, Status.DOWNLOADED, replaced + "converted from " + describeArtefacts(source)
                        + (bytes > 0 ? " (" + bytes + " bytes downloaded)" : "") + verifiedNote(source));
            }
            case IMPORTED -> new Outcome(file, Status.BY_HAND, source.byHand());
        };
    }

    /** The files a conversion requires, found in the root or the resolver's roots, else fetched into the root. */
    private List<Path> required(DataSource source, Path root, Download.Listener listener,
            Map<URI, Unpacked> archives, Set<Path> staged) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (DataFile f : source.requires()) {
            Path inRoot = root.resolve(f.path());
            Optional<Path> found = Files.isRegularFile(inRoot) ? Optional.of(inRoot) : resolver.find(f);
            if (found.isEmpty()) {
                Outcome o = fetchOne(sources.apply(f), root, inRoot, listener, archives, staged);
                if (o.status() != Status.DOWNLOADED && o.status() != Status.PRESENT) {
                    throw new IOException(source.file().path() + " is converted with " + f.path() + ", which is "
                            + "missing: " + o.message());
                }
                found = Optional.of(inRoot);
            }
            paths.add(found.get());
        }
        return paths;
    }

    /**
     * Converts artefacts a user downloaded by hand: every {@link DataSource.Kind#CONVERTED} or
     * {@link DataSource.Kind#IMPORTED} source among {@code files} whose artefacts are all among {@code given} (by file
     * name) is converted into {@code root}. Artefacts with a recorded digest are checked first.
     *
     * @return one outcome per converted (or failed) file; given files that no source takes are named in
     *         {@link ImportResult#unused()}
     */
    public ImportResult importFiles(List<Path> given, List<DataFile> files, Path root) {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path p : given) {
            byName.put(p.getFileName().toString(), p);
        }
        Set<String> used = new HashSet<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (DataFile file : files) {
            DataSource source = sources.apply(file);
            if (source.kind() != DataSource.Kind.CONVERTED && source.kind() != DataSource.Kind.IMPORTED) {
                continue;
            }
            List<String> names = source.artefacts().stream().map(DataSource.Artefact::name).toList();
            if (!names.stream().allMatch(byName::containsKey)) {
                continue;
            }
            used.addAll(names);
            try {
                List<Path> inputs = new ArrayList<>();
                for (DataSource.Artefact a : source.artefacts()) {
                    Path p = byName.get(a.name());
                    if (a.sha256().isPresent() && !a.sha256().get().equalsIgnoreCase(Download.sha256(p))) {
                        throw new IOException(p + " is not the published " + a.name() + ": SHA-256 "
                                + Download.sha256(p) + ", published " + a.sha256().get() + " (" + a.url() + ")");
                    }
                    inputs.add(p);
                }
                inputs.addAll(required(source, root, Download.Listener.none(), new HashMap<>(), new HashSet<>()));
                convert(source, inputs, root.resolve(file.path()));
                outcomes.add(new Outcome(file, Status.DOWNLOADED, "imported from " + String.join(", ", names)
                        + verifiedNote(source)));
            } catch (IOException e) {
                outcomes.add(new Outcome(file, Status.FAILED, e.getMessage()));
            }
        }
        List<Path> unused = byName.entrySet().stream().filter(e -> !used.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new ImportResult(outcomes, unused);
    }

    /**
     * What {@link #importFiles} did.
     *
     * @param outcomes one per file it wrote or failed to write
     * @param unused   given files that no data file is converted from
     */
    public record ImportResult(List<Outcome> outcomes, List<Path> unused) {
    }

    /**
     * Runs the converter into a file beside the target, checks the recorded digest and moves it into place; on any
     * failure the target is left as it was and the partial output is deleted.
     */
    private static void convert(DataSource source, List<Path> inputs, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".converting");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(partial))) {
                source.converter().convert(inputs, out);
            }
            if (source.sha256().isPresent()) {
                String actual = Download.sha256(partial);
                if (!actual.equalsIgnoreCase(source.sha256().get())) {
                    throw new IOException("converting " + describeArtefacts(source) + " into " + source.file().path()
                            + " gave SHA-256 " + actual + ", recorded " + source.sha256().get()
                            + "; nothing was written (a changed upstream file? please report it)");
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static Path stagingPath(Path root, DataSource.Artefact a) {
        return root.resolve(STAGING).resolve(a.url().getHost()).resolve(a.url().getPath().substring(1));
    }

    private static void deleteStaged(Set<Path> staged, Path root) {
        for (Path p : staged) {
            try {
                Files.deleteIfExists(p);
                for (Path dir = p.getParent(); dir != null && dir.startsWith(root.resolve(STAGING)); dir =
                        dir.getParent()) {
                    try (var entries = Files.list(dir)) {
                        if (entries.findAny().isPresent()) {
                            break;
                        }
                    }
                    Files.delete(dir);
                }
            } catch (IOException e) {
                // a staged artefact left behind costs disk space, nothing else
            }
        }
    }

    private static String describeArtefacts(DataSource source) {
        List<DataSource.Artefact> a = source.artefacts();
        return a.size() == 1 ? a.getFirst().url().toString()
                : a.size() + " files " + a.getFirst().name() + " .. " + a.getLast().name() + " at "
                        + a.getFirst().url().resolve(".");
    }

    private static String verifiedNote(DataSource source) {
        return source.sha256().isPresent() ? ", SHA-256 of the result ok" : "; no checksum of the result recorded";
    }

    /** An archive unpacked (a note on its download) or not (the error). */
    private record Unpacked(String note, String error) {
    }

    /** Downloads an archive beside the data, unpacks its top folder and deletes it. */
    private Unpacked unpack(DataSource source, Path root, Download.Listener listener) {
        DataSource.Artefact archiveArtefact = source.artefact();
        Path archive = root.resolve(archiveArtefact.name());
        String member = source.archiveMember();
        String folder = member.substring(0, member.indexOf('/') + 1);
        try {
            Download.Result r = download.fetch(archiveArtefact.url(), archive, archiveArtefact.sha256().orElse(null),
                    listener);
            TarGz.extract(archive, root, name -> name.startsWith(folder));
            Files.delete(archive);
            return new Unpacked(describe(archiveArtefact.url(), r), null);
        } catch (IOException e) {
            return new Unpacked(null, e.getMessage());
        }
    }

    private static String describe(URI url, Download.Result r) {
        return (r.resumed() ? "resumed and downloaded " : "downloaded ") + r.bytes() + " bytes from " + url
                + (r.verified() ? ", SHA-256 ok" : "; no checksum recorded; verify by hand: SHA-256 " + r.sha256());
    }
}
