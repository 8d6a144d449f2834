package io.trainfree.data;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code trainfree data download} gets a {@link DataFile}, and how: the published artefacts (URL and recorded
 * SHA-256 each) and what is done with them.
 * <ul>
 *   <li>{@link Kind#AS_PUBLISHED}: the one artefact is the file, byte for byte.</li>
 *   <li>{@link Kind#IN_ARCHIVE}: the file is an entry of the one artefact, a {@code .tar.gz}.</li>
 *   <li>{@link Kind#CONVERTED}: the artefacts are downloaded and a {@link Converter} writes the file.</li>
 *   <li>{@link Kind#IMPORTED}: the artefacts are on a host that needs a browser or a login; {@link #where()} says
 *       exactly where, and {@code trainfree data import} converts what the user downloaded.</li>
 * </ul>
 * {@link #sha256()} is the digest of the file as trainfree reads it (for a conversion: of its output), so that
 * {@code doctor} can check a file however it was obtained; {@link DataSources} holds the recorded sources.
 *
 * @param file          the data file
 * @param kind          how it is obtained
 * @param artefacts     the published files it comes from, in the order the converter takes them
 * @param requires      other data files the converter reads after the artefacts (fetched first when missing)
 * @param sha256        the SHA-256 of the file as trainfree reads it, when recorded
 * @param archiveMember for {@link Kind#IN_ARCHIVE}, the file's entry name in the archive; else null
 * @param converter     for {@link Kind#CONVERTED} and {@link Kind#IMPORTED}, what writes the file; else null
 * @param where         for {@link Kind#IMPORTED}, where a user gets the artefacts by hand; else null
 */
public record DataSource(DataFile file, Kind kind, List<Artefact> artefacts, List<DataFile> requires,
        Optional<String> sha256, String archiveMember, Converter converter, String where) {
    /** How a data file is obtained from its published artefacts. */
    public enum Kind {
        /** The published file is what trainfree reads, byte for byte. */
        AS_PUBLISHED,
        /** The file is an entry of a published archive. */
        IN_ARCHIVE,
        /** The published form differs (a pickle, a JSON, re-packed tensors): downloaded, then converted. */
        CONVERTED,
        /** Like {@link #CONVERTED}, but the artefacts must be downloaded by hand, then {@code data import}ed. */
        IMPORTED
    }

    /**
     * One published file.
     *
     * @param url    where it is published (pinned to a commit where the host allows it)
     * @param name   its file name, as a user who downloads it by hand gets it
     * @param sha256 its SHA-256, when recorded
     */
    public record Artefact(URI url, String name, Optional<String> sha256) {
        public Artefact {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }

        /** An artefact named by the last segment of its URL's path. */
        public static Artefact at(URI url, Optional<String> sha256) {
            String path = url.getPath();
            return new Artefact(url, path.substring(path.lastIndexOf('/') + 1), sha256);
        }
    }

    public DataSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        artefacts = List.copyOf(artefacts);
        requires = List.copyOf(requires);
        Objects.requireNonNull(sha256, "sha256");
        if (kind == Kind.AS_PUBLISHED || kind == Kind.IN_ARCHIVE) {
            if (artefacts.size() != 1) {
                throw new IllegalArgumentException(file + ": " + kind + " takes one artefact, not " + artefacts.size());
            }
            if (!requires.isEmpty()) {
                throw new IllegalArgumentException(file + ": " + kind + " requires no other file");
            }
        } else if (converter == null || artefacts.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + kind + " needs artefacts and a converter");
        }
        if ((kind == Kind.IN_ARCHIVE) != (archiveMember != null)) {
            throw new IllegalArgumentException(file + ": an archive member goes with IN_ARCHIVE only");
        }
        if ((kind == Kind.IMPORTED) != (where != null)) {
            throw new IllegalArgumentException(file + ": 'where' goes with IMPORTED only");
        }
    }

    /** A file published as trainfree reads it. */
    public static DataSource asPublished(DataFile file, URI url, String sha256) {
        return new DataSource(file, Kind.AS_PUBLISHED, List.of(Artefact.at(url, Optional.ofNullable(sha256))),
                List.of(), Optional.ofNullable(sha256), null, null, null);
    }

    /** A file unpacked from a {@code .tar.gz}; {@code sha256} is the archive's, the file's own is not recorded. */
    public static DataSource inArchive(DataFile file, URI archive, String sha256, String member) {
        return new DataSource(file, Kind.IN_ARCHIVE, List.of(Artefact.at(archive, Optional.ofNullable(sha256))),
                List.of(), Optional.empty(), member, null, null);
    }

    /** A file converted from downloaded artefacts; {@code sha256} is the converted file's. */
    public static DataSource converted(DataFile file, List<Artefact> artefacts, List<DataFile> requires,
            Converter converter, String sha256) {
        return new DataSource(file, Kind.CONVERTED, artefacts, requires, Optional.ofNullable(sha256), null, converter,
                null);
    }

    /** A file converted from artefacts a user downloads by hand from {@code where}. */
    public static DataSource imported(DataFile file, List<Artefact> artefacts, List<DataFile> requires,
            Converter converter, String sha256, String where) {
        return new DataSource(file, Kind.IMPORTED, artefacts, requires, Optional.ofNullable(sha256), null, converter,
                Objects.requireNonNull(where, "where"));
    }

    /** The source of a data file, as recorded ({@link DataSources#recorded()}). */
    public static DataSource of(DataFile file) {
        return DataSources.recorded().apply(file);
    }

    /** True when {@code trainfree data download} fetches the file without a user's hand. */
    public boolean downloadable() {
        return kind != Kind.IMPORTED;
    }

    /** The single artefact of an {@link Kind#AS_PUBLISHED} or {@link Kind#IN_ARCHIVE} source. */
    public Artefact artefact() {
        return artefacts.getFirst();
    }

    /** The same source with every artefact URL moved under a mirror ({@link DataSources#mirrored}). */
    public DataSource mirroredAt(URI base) {
        List<Artefact> moved = artefacts.stream()
                .map(a -> new Artefact(DataSources.mirrored(base, a.url()), a.name(), a.sha256())).toList();
        return new DataSource(file, kind, moved, requires, sha256, archiveMember, converter, where);
    }

    /** What to tell a user for a file that must be downloaded by hand. */
    public String byHand() {
        return "download by hand from " + where + ", then: ./trainfree data import "
                + String.join(" ", artefacts.stream().map(Artefact::name).distinct().toList());
    }
}
