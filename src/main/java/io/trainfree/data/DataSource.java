package io.trainfree.data;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code trainfree data download} gets a {@link DataFile}: the published artefact's URL and its recorded
 * SHA-256 where the file is downloaded as published ({@link Kind#AS_PUBLISHED}) or unpacked from an archive
 * ({@link Kind#IN_ARCHIVE}); otherwise ({@link Kind#CONVERSION}) the published form differs from what trainfree reads
 * and the file has to be got by hand for now.
 *
 * <p>Recorded digests: the four RoBoT pickles' were computed from the copies under {@code ../shared/data}, which are
 * the files of hzf1174/RoBoT {@code data/} as published (the URLs pin the commit they were taken at). The CIFAR-10
 * tarball's and NAS-Bench-Macro's are not recorded (no copy of the published artefact was at hand): their downloads
 * say so.
 *
 * @param file          the data file
 * @param kind          how it is obtained
 * @param url           the artefact to fetch (absent for {@link Kind#CONVERSION})
 * @param sha256        the artefact's SHA-256, when recorded
 * @param archiveMember for {@link Kind#IN_ARCHIVE}, the file's entry name in the archive
 */
public record DataSource(DataFile file, Kind kind, Optional<URI> url, Optional<String> sha256, String archiveMember) {
    /** How a data file is obtained from its published artefact. */
    public enum Kind {
        /** The published file is what trainfree reads, byte for byte. */
        AS_PUBLISHED,
        /** The file is an entry of a published archive. */
        IN_ARCHIVE,
        /** The published form differs (a pickle exported to CSV, re-packed samples, ...): not automated yet. */
        CONVERSION
    }

    /** CIFAR-10's binary release. */
    public static final URI CIFAR10_TARBALL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    private static final String ROBOT = "https://raw.githubusercontent.com/hzf1174/RoBoT/"
            + "1202f032a841735a2a45d41942372f1e95aa0cf1/data/";

    private static final Map<DataFile, DataSource> SOURCES = new EnumMap<>(DataFile.class);

    static {
        robot(DataFile.NB201_HP12_INFO, "1217bae8967cc2539bb7a09a2ebe47b8ca19e1813d959bc0b2ad6472e6a67497");
        robot(DataFile.NB201_TEST_CIFAR10, "c3c3f4b9a091886cad445149dcf608e1025b82ffca30fcf405f144cd7da078f4");
        robot(DataFile.NB201_TEST_CIFAR100, "fd1db96cd490146a33455dc9e3b33cf4ed4c68e1dba552d7d6de0898616ac1b6");
        robot(DataFile.NB201_TEST_IMAGENET16, "312e7e45215d0f40ec0a35deae6f3d224dd39ab4ace539909d9f95c8e82ab09c");
        put(new DataSource(DataFile.NAS_BENCH_MACRO, Kind.AS_PUBLISHED, Optional.of(URI.create(
                "https://raw.githubusercontent.com/xiusu/NAS-Bench-Macro/master/data/nas-bench-macro_cifar10.json")),
                Optional.empty(), null));
        for (DataFile f : DataFile.values()) {
            if (f.path().startsWith("cifar-10-batches-bin/")) {
                put(new DataSource(f, Kind.IN_ARCHIVE, Optional.of(CIFAR10_TARBALL), Optional.empty(), f.path()));
            } else if (!SOURCES.containsKey(f)) {
                put(new DataSource(f, Kind.CONVERSION, Optional.empty(), Optional.empty(), null));
            }
        }
    }

    private static void robot(DataFile file, String sha256) {
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        put(new DataSource(file, Kind.AS_PUBLISHED, Optional.of(URI.create(ROBOT + name)), Optional.of(sha256), null));
    }

    private static void put(DataSource source) {
        SOURCES.put(source.file(), source);
    }

    /** The source of a data file. */
    public static DataSource of(DataFile file) {
        return SOURCES.get(file);
    }

    /** True when {@code trainfree data download} can fetch the file. */
    public boolean downloadable() {
        return kind != Kind.CONVERSION;
    }

    /** What to tell a user for a file that cannot be downloaded yet. */
    public String byHand() {
        return "conversion not yet implemented: get it from " + file.source() + " and place it at " + file.path();
    }
}
