package io.trainfree.proxy;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.eval.Correlation;
import io.trainfree.space.Nb201Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Proxy values of NAS-Bench-201 architectures, one row per architecture in index order: what
 * {@link ProxyJob} writes and notebooks read. As CSV:
 * <pre>
 * index,arch,grad_norm,snip,...[,computed_from]
 * 6111,|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|,12.5,nan
 * </pre>
 * Values are written with {@link Double#toString(double)}, which reads back to the same double; NaN as {@code nan}
 * and infinities as {@code inf} / {@code -inf}, as numpy and pandas write and read them ({@code pd.read_csv(f)}
 * needs no options). Reading also accepts {@code NaN}, an empty field, {@code Infinity}. The optional
 * {@code computed_from} column is there when values were copied within isomorphism classes: the index whose
 * computation (and seed) the row's values come from, equal to {@code index} for a row computed for itself.
 *
 * {@snippet :
 * var t = ProxyTable.read(Path.of("data/proxies/nb201-cifar10.csv"));
 * t.spearman(Nb201.load(), Dataset.CIFAR10, Metric.TEST_ACCURACY);   // proxy | rho | kendall | n | omitted
 * }
 */
public final class ProxyTable {
    /** The first two columns and the optional provenance column. */
    public static final String INDEX = "index";
    public static final String ARCH = "arch";
    public static final String COMPUTED_FROM = "computed_from";

    /**
     * One architecture's values.
     *
     * @param index        benchmark index
     * @param arch         the cell at that index
     * @param values       one value per proxy, in the table's proxy order (NaN where undefined)
     * @param computedFrom the index whose computation the values come from ({@code index} unless copied)
     */
    public record Row(int index, Nb201Arch arch, double[] values, int computedFrom) {
        public Row {
            Objects.requireNonNull(arch, "arch");
            values = values.clone();
            checkIndex(index, "index");
            checkIndex(computedFrom, "computed_from");
        }

        /** A row computed for itself. */
        public Row(int index, Nb201Arch arch, double[] values) {
            this(index, arch, values, index);
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** Whether the values were copied from another architecture of the class. */
        public boolean copied() {
            return computedFrom != index;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && r.index == index && r.arch.equals(arch) && r.computedFrom == computedFrom
                    && Arrays.equals(r.values, values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(index, arch, computedFrom, Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return "Row[index=" + index + ", arch=" + arch + ", values=" + Arrays.toString(values)
                    + (copied() ? ", computed_from=" + computedFrom : "") + "]";
        }
    }

    private final List<String> proxies;
    private final List<Row> rows;
    private final boolean withComputedFrom;

    private ProxyTable(List<String> proxies, List<Row> rows, boolean withComputedFrom) {
        this.proxies = proxies;
        this.rows = rows;
        this.withComputedFrom = withComputedFrom;
    }

    /**
     * A table of these proxies over these rows, sorted by index.
     *
     * @param withComputedFrom whether the table has (and writes) the {@code computed_from} column; without it every
     *                         row must be computed for itself
     * @throws IllegalArgumentException for a proxy name twice or clashing with a fixed column, a row with another
     *         number of values, an index twice
     */
    public static ProxyTable of(List<String> proxies, Collection<Row> rows, boolean withComputedFrom) {
        List<String> names = List.copyOf(proxies);
        var seen = new HashSet<String>();
        for (String p : names) {
            if (p.isBlank() || p.contains(",") || p.contains("\n") || p.contains("\"")) {
                throw new IllegalArgumentException("proxy name '" + p + "' cannot be a CSV column name");
            }
            if (p.equals(INDEX) || p.equals(ARCH) || p.equals(COMPUTED_FROM)) {
                throw new IllegalArgumentException("proxy name '" + p + "' clashes with the fixed column " + p);
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("proxy " + p + " is listed twice");
            }
        }
        var sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(Row::index));
        for (int r = 0; r < sorted.size(); r++) {
            Row row = sorted.get(r);
            if (row.values.length != names.size()) {
                throw new IllegalArgumentException("row of index " + row.index() + " has " + row.values.length
                        + " values for " + names.size() + " proxies " + names);
            }
            if (r > 0 && sorted.get(r - 1).index() == row.index()) {
                throw new IllegalArgumentException("index " + row.index() + " appears twice");
            }
            if (!withComputedFrom && row.copied()) {
                throw new IllegalArgumentException("row of index " + row.index() + " was computed from index "
                        + row.computedFrom() + ", but the table has no " + COMPUTED_FROM + " column");
            }
        }
        return new ProxyTable(names, List.copyOf(sorted), withComputedFrom);
    }

    // ---- accessors --------------------------------------------------------------------------------------------------

    /** The proxy names, in column order. */
    public List<String> proxies() {
        return proxies;
    }

    /** The rows in index order. */
    public List<Row> rows() {
        return rows;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Whether the table has the {@code computed_from} column. */
    public boolean hasComputedFrom() {
        return withComputedFrom;
    }

    /**
     * The rows whose cell passes {@code test}, as a table of the same proxies: to correlate on a kind of cell, e.g.
     * {@code where(Nb201Arch::hasZeroFedConv)}.
     */
    public ProxyTable where(Predicate<Nb201Arch> test) {
        return new ProxyTable(proxies, rows.stream().filter(r -> test.test(r.arch())).toList(), withComputedFrom);
    }

    /** The indices of the rows, ascending. */
    public int[] indices() {
        return rows.stream().mapToInt(Row::index).toArray();
    }

    /** One proxy's values in row order. */
    public double[] column(String proxy) {
        int c = proxyColumn(proxy);
        return rows.stream().mapToDouble(r -> r.values[c]).toArray();
    }

    /**
     * One proxy's values over the whole space in benchmark index order ({@link Nb201#SIZE} values), NaN for the
     * architectures the table has no row for: lines up with {@link Nb201#values(Dataset, Metric)}.
     */
    public double[] values(String proxy) {
        int c = proxyColumn(proxy);
        double[] v = new double[Nb201.SIZE];
        Arrays.fill(v, Double.NaN);
        for (Row r : rows) {
            v[r.index()] = r.values[c];
        }
        return v;
    }

    /** Number of NaN values of a proxy. */
    public int nanCount(String proxy) {
        return (int) Arrays.stream(column(proxy)).filter(Double::isNaN).count();
    }

    private int proxyColumn(String proxy) {
        int c = proxies.indexOf(proxy);
        if (c < 0) {
            throw new IllegalArgumentException("Column " + proxy + " is not present in the proxy table; it has "
                    + String.join(", ", proxies));
        }
        return c;
    }

    // ---- as tables ----------------------------------------------------------------------------------------------

    /** {@code index | arch | <proxies> [| computed_from]} as a Tablesaw table. */
    public Table toTable() {
        var index = IntColumn.create(INDEX, indices());
        var arch = StringColumn.create(ARCH, rows.stream().map(r -> r.arch().archString()).toList());
        var table = Table.create("proxies", index, arch);
        for (String p : proxies) {
            table.addColumns(DoubleColumn.create(p, column(p)));
        }
        if (withComputedFrom) {
            table.addColumns(IntColumn.create(COMPUTED_FROM, rows.stream().mapToInt(Row::computedFrom).toArray()));
        }
        return table;
    }

    /**
     * {@link #toTable()} with benchmark columns added by index, named {@code <metric>} for one dataset or
     * {@code <metric>_<dataset>} for several (say the proxies beside each dataset's test accuracy, for a scatter).
     */
    public Table toTable(Nb201 nb201, Metric metric, Dataset... datasets) {
        checkArchs(nb201);
        Table t = toTable();
        for (Dataset d : datasets) {
            double[] all = nb201.values(d, metric);
            t.addColumns(DoubleColumn.create(datasets.length == 1 ? metric.id() : metric.id() + "_" + d.id(),
                    rows.stream().mapToDouble(r -> all[r.index()]).toArray()));
        }
        return t;
    }

    /**
     * Spearman's rho of each proxy with a benchmark metric on several datasets, side by side: {@code proxy} and one
     * column per dataset (the proxies as computed, whatever data they were computed on). NaN pairs are omitted.
     */
    public Table spearmanAcross(Nb201 nb201, Metric metric, Dataset... datasets) {
        checkArchs(nb201);
        Table t = Table.create("Spearman with " + metric.id(), StringColumn.create("proxy", proxies));
        for (Dataset d : datasets) {
            double[] all = nb201.values(d, metric);
            double[] y = rows.stream().mapToDouble(r -> all[r.index()]).toArray();
            t.addColumns(DoubleColumn.create(d.id(), proxies.stream()
                    .mapToDouble(p -> Correlation.spearman(column(p), y)).toArray()));
        }
        return t;
    }

    /**
     * Spearman's rho and Kendall's tau of each proxy with a benchmark metric over the table's rows, NaN pairs omitted:
     * {@code proxy | rho | kendall | n | omitted}. The table's arch strings are checked against the benchmark's index
     * order first.
     *
     * @throws IllegalArgumentException if a row's arch is not the benchmark's cell at its index
     */
    public Table spearman(Nb201 nb201, Dataset dataset, Metric metric) {
        checkArchs(nb201);
        double[] all = nb201.values(dataset, metric);
        double[] y = rows.stream().mapToDouble(r -> all[r.index()]).toArray();
        var table = correlationTable("Spearman with " + metric.id() + " on " + dataset.id());
        for (String p : proxies) {
            addCorrelation(table, p, Correlation.of(column(p), y));
        }
        return table;
    }

    /**
     * How our values agree with the ones NAS-Bench-Suite-Zero publishes for the same proxy, architecture by
     * architecture: {@code proxy | published | rho | kendall | n | omitted} over the rows where both exist, for each
     * proxy with a published counterpart for the dataset ({@link #publishedMetric(String)}) whose file is present.
     * NASLib's failure marker {@code -1e8} counts as missing.
     */
    public Table publishedAgreement(Nb201 nb201, Dataset dataset) {
        checkArchs(nb201);
        var table = correlationTable("agreement with NAS-Bench-Suite-Zero on " + dataset.id());
        var published = StringColumn.create("published");
        table.insertColumn(1, published);
        for (String p : proxies) {
            Optional<Metric> m = suiteZeroMetric(nb201, dataset, p);
            if (m.isPresent()) {
                published.append(m.get().id());
                addCorrelation(table, p, Correlation.of(column(p), suiteZeroValues(nb201, dataset, m.get())));
            }
        }
        return table;
    }

    /**
     * Ranking power of our values and of NAS-Bench-Suite-Zero's for the same proxy on the same cells: Spearman's rho
     * of each with a benchmark metric over the rows where ours, theirs and the metric all exist, {@code proxy |
     * published | ours | suite_zero | difference | n}, for each proxy Suite-Zero publishes for the dataset. Equal
     * columns mean that a gap to a paper's figure comes from the cells or the run it was measured on, not from how
     * the proxy is computed here.
     */
    public Table spearmanBesideSuiteZero(Nb201 nb201, Dataset dataset, Metric metric) {
        checkArchs(nb201);
        double[] all = nb201.values(dataset, metric);
        double[] y = rows.stream().mapToDouble(r -> all[r.index()]).toArray();
        Table t = Table.create("Spearman with " + metric.id() + " on " + dataset.id()
                + ", ours and NAS-Bench-Suite-Zero's on the same cells", StringColumn.create("proxy"),
                StringColumn.create("published"), DoubleColumn.create("ours"), DoubleColumn.create("suite_zero"),
                DoubleColumn.create("difference"), IntColumn.create("n"));
        for (String p : proxies) {
            Optional<Metric> m = suiteZeroMetric(nb201, dataset, p);
            if (m.isEmpty()) {
                continue;
            }
            double[] ours = column(p);
            double[] theirs = suiteZeroValues(nb201, dataset, m.get());
            int[] both = IntStream.range(0, rows.size())
                    .filter(i -> !Double.isNaN(ours[i]) && !Double.isNaN(theirs[i]) && !Double.isNaN(y[i])).toArray();
            double[] yBoth = Arrays.stream(both).mapToDouble(i -> y[i]).toArray();
            double rhoOurs = Correlation.spearman(Arrays.stream(both).mapToDouble(i -> ours[i]).toArray(), yBoth);
            double rhoTheirs = Correlation.spearman(Arrays.stream(both).mapToDouble(i -> theirs[i]).toArray(), yBoth);
            t.stringColumn("proxy").append(p);
            t.stringColumn("published").append(m.get().id());
            t.doubleColumn("ours").append(rhoOurs);
            t.doubleColumn("suite_zero").append(rhoTheirs);
            t.doubleColumn("difference").append(rhoOurs - rhoTheirs);
            t.intColumn("n").append(both.length);
        }
        return t;
    }

    private static Optional<Metric> suiteZeroMetric(Nb201 nb201, Dataset dataset, String proxy) {
        return publishedMetric(proxy).filter(x -> nb201.available(dataset).contains(x));
    }

    /** Suite-Zero's values for the table's rows, NASLib's failure marker {@code -1e8} as NaN. */
    private double[] suiteZeroValues(Nb201 nb201, Dataset dataset, Metric metric) {
        double[] all = nb201.values(dataset, metric);
        return rows.stream().mapToDouble(r -> all[r.index()]).map(v -> v == -1e8 ? Double.NaN : v).toArray();
    }

    /**
     * The NAS-Bench-Suite-Zero column holding the same proxy as ours, if it publishes one: our ids are the
     * zero-cost reference's, Suite-Zero renames two ({@code jacob_cov} is its {@code jacov}, {@code naswot} its
     * {@code nwot}) and its {@code params}/{@code flops} are {@link Metric#ZC_PARAMS}/{@link Metric#ZC_FLOPS}.
     */
    public static Optional<Metric> publishedMetric(String proxy) {
        return switch (proxy) {
            case "jacob_cov" -> Optional.of(Metric.JACOV);
            case "naswot" -> Optional.of(Metric.NWOT);
            case "params" -> Optional.of(Metric.ZC_PARAMS);
            case "flops" -> Optional.of(Metric.ZC_FLOPS);
            default -> Metric.ofKind(Metric.Kind.PROXY).stream().filter(m -> m.id().equals(proxy)).findFirst();
        };
    }

    private static Table correlationTable(String name) {
        return Table.create(name, StringColumn.create("proxy"), DoubleColumn.create("rho"),
                DoubleColumn.create("kendall"), IntColumn.create("n"), IntColumn.create("omitted"));
    }

    private static void addCorrelation(Table t, String proxy, Correlation c) {
        t.stringColumn("proxy").append(proxy);
        t.doubleColumn("rho").append(c.spearman());
        t.doubleColumn("kendall").append(c.kendall());
        t.intColumn("n").append(c.n());
        t.intColumn("omitted").append(c.omitted());
    }

    private void checkArchs(Nb201 nb201) {
        for (Row r : rows) {
            Nb201Arch there = nb201.space().arch(r.index());
            if (!there.equals(r.arch())) {
                throw new IllegalArgumentException("index " + r.index() + " is " + there + " in NAS-Bench-201, the "
                        + "proxy table has " + r.arch() + " (a table of another index order?)");
            }
        }
    }

    // ---- CSV ------------------------------------------------------------------------------------------------------

    /** The CSV header line (without a line break). */
    String header() {
        var cols = new ArrayList<String>();
        cols.add(INDEX);
        cols.add(ARCH);
        cols.addAll(proxies);
        if (withComputedFrom) {
            cols.add(COMPUTED_FROM);
        }
        return String.join(",", cols);
    }

    /** The whole table as CSV text, lines ending in {@code \n}. */
    public String toCsv() {
        var b = new StringBuilder(64 + rows.size() * (90 + 24 * proxies.size()));
        b.append(header()).append('\n');
        for (Row r : rows) {
            b.append(r.index()).append(',').append(r.arch().archString());
            for (double v : r.values) {
                b.append(',').append(format(v));
            }
            if (withComputedFrom) {
                b.append(',').append(r.computedFrom());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Writes the CSV atomically: to a temporary file in the same directory, synced, then moved over {@code file}; on
     * failure {@code file} is left as it was.
     *
     * @throws UncheckedIOException naming the file
     */
    public void write(Path file) {
        AtomicFiles.write(file, toCsv());
    }

    /**
     * Reads a table written by {@link #write(Path)} (or by pandas from one): columns {@code index} and {@code arch}
     * first, then the proxies, and {@code computed_from} if present.
     *
     * @throws ProxyFileException naming the file and the line of the first problem
     * @throws UncheckedIOException if the file cannot be read
     */
    public static ProxyTable read(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the proxy table " + file + ": " + AtomicFiles.describe(e), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new ProxyFileException(file, 1, "empty file; expected a header " + INDEX + "," + ARCH + ",<proxies>");
        }
        Layout layout = Layout.parse(file, 1, lines.get(0));
        var rows = new ArrayList<Row>(lines.size());
        var lineOf = new java.util.HashMap<Integer, Integer>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) {
                continue;
            }
            Row row = layout.row(file, i + 1, line);
            Integer before = lineOf.putIfAbsent(row.index(), i + 1);
            if (before != null) {
                throw new ProxyFileException(file, i + 1, "index " + row.index() + " appears again (first on line "
                        + before + ")");
            }
            rows.add(row);
        }
        return of(layout.proxies, rows, layout.computedFrom >= 0);
    }

    /**
     * The computed NAS-Bench-201 table of a dataset, {@code proxies/nb201-<dataset>.csv} under the data resolver's
     * roots (the committed ones are in the project's {@code data/proxies}), or the rows its unfinished run has so far
     * ({@link #load}).
     *
     * @throws ProxyFileException if there is neither, saying how to compute it
     */
    public static ProxyTable computed(Dataset dataset) {
        return computed("nb201-" + dataset.id().toLowerCase(Locale.ROOT));
    }

    /** A computed table by name ({@code nb201-cifar10-swap} for {@code proxies/nb201-cifar10-swap.csv}), as above. */
    public static ProxyTable computed(String table) {
        return load(computedPath(table));
    }

    /**
     * Where a computed table is, or would be written: {@code proxies/<table>.csv} under the first data root holding
     * it or its journal, else under the first root.
     */
    public static Path computedPath(String table) {
        String name = "proxies/" + table + ".csv";
        var resolver = DataResolver.standard();
        return resolver.find(name)
                .or(() -> resolver.find(name + ".partial").map(j -> j.resolveSibling(Path.of(name).getFileName())))
                .orElseGet(() -> resolver.roots().get(0).resolve(name));
    }

    /**
     * A computed table by its target file: the finished table if there is one, else the rows its job's journal
     * ({@code <target>.partial}) holds so far, so an unfinished run can be looked at while it computes or after an
     * interruption ({@link #rowCount()} says how far it got).
     *
     * @throws ProxyFileException if neither exists (saying how to compute it) or a line is bad
     */
    public static ProxyTable load(Path target) {
        Objects.requireNonNull(target, "target");
        if (Files.exists(target)) {
            return read(target);
        }
        Path journal = ProxyJob.journalOf(target);
        if (Files.exists(journal)) {
            return Journal.rowsSoFar(journal);
        }
        throw new ProxyFileException(target, 0, "no such proxy table, and no unfinished run's journal " + journal
                + "; compute it with: trainfree proxies compute --out " + target + " (see trainfree proxies compute "
                + "--help, and data/proxies/README.md for the committed tables' commands)");
    }

    /**
     * Where the columns are in a header line: {@code index}, {@code arch} and {@code computed_from} by name, every
     * other column a proxy, in order. Journals add columns the table ignores (named with a colon).
     */
    static final class Layout {
        final int columns;
        final int index;
        final int arch;
        final int computedFrom;
        final List<String> proxies;
        final int[] proxyColumns;

        private Layout(int columns, int index, int arch, int computedFrom, List<String> proxies, int[] proxyColumns) {
            this.columns = columns;
            this.index = index;
            this.arch = arch;
            this.computedFrom = computedFrom;
            this.proxies = proxies;
            this.proxyColumns = proxyColumns;
        }

        static Layout parse(Path file, int lineNumber, String line) {
            String[] names = stripCr(line).split(",", -1);
            int index = -1;
            int arch = -1;
            int computedFrom = -1;
            var proxies = new ArrayList<String>();
            var proxyColumns = new ArrayList<Integer>();
            var seen = new HashSet<String>();
            for (int c = 0; c < names.length; c++) {
                String n = names[c].strip();
                if (n.isEmpty()) {
                    throw new ProxyFileException(file, lineNumber, "column " + (c + 1) + " has no name (a pandas "
                            + "index column? write with index=False)");
                }
                if (!seen.add(n)) {
                    throw new ProxyFileException(file, lineNumber, "the column '" + n + "' appears twice");
                }
                switch (n) {
                    case INDEX -> index = c;
                    case ARCH -> arch = c;
                    case COMPUTED_FROM -> computedFrom = c;
                    default -> {
                        if (!n.contains(":")) {
                            proxies.add(n);
                            proxyColumns.add(c);
                        }
                    }
                }
            }
            if (index < 0 || arch < 0) {
                throw new ProxyFileException(file, lineNumber, "the header has no '" + (index < 0 ? INDEX : ARCH)
                        + "' column; expected " + INDEX + "," + ARCH + ",<proxies>, found: " + line);
            }
            return new Layout(names.length, index, arch, computedFrom, List.copyOf(proxies),
                    proxyColumns.stream().mapToInt(Integer::intValue).toArray());
        }

        String[] fields(Path file, int lineNumber, String line) {
            String[] f = stripCr(line).split(",", -1);
            if (f.length != columns) {
                throw new ProxyFileException(file, lineNumber, "expected " + columns + " fields as in the header, "
                        + "found " + f.length);
            }
            return f;
        }

        Row row(Path file, int lineNumber, String line) {
            return row(file, lineNumber, fields(file, lineNumber, line));
        }

        Row row(Path file, int lineNumber, String[] f) {
            int i = integer(file, lineNumber, f[index], INDEX);
            Nb201Arch a;
            try {
                a = Nb201Arch.parse(f[arch].strip());
            } catch (IllegalArgumentException e) {
                throw new ProxyFileException(file, lineNumber, "bad arch string: " + e.getMessage(), e);
            }
            double[] v = new double[proxies.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = number(file, lineNumber, f[proxyColumns[k]], proxies.get(k));
            }
            int from = computedFrom < 0 ? i : integer(file, lineNumber, f[computedFrom], COMPUTED_FROM);
            try {
                return new Row(i, a, v, from);
            } catch (IllegalArgumentException e) {
                throw new ProxyFileException(file, lineNumber, e.getMessage(), e);
            }
        }

        static int integer(Path file, int line, String s, String column) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new ProxyFileException(file, line, "'" + s + "' in column " + column + " is not an integer", e);
            }
        }

        static double number(Path file, int line, String s, String column) {
            try {
                return ProxyTable.parse(s);
            } catch (NumberFormatException e) {
                throw new ProxyFileException(file, line, "'" + s + "' in column " + column + " is not a number", e);
            }
        }

        private static String stripCr(String line) {
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }

    // ---- numbers --------------------------------------------------------------------------------------------------

    /**
     * A value as the CSV holds it: {@link Double#toString(double)} (which reads back to the same double), {@code nan},
     * {@code inf}, {@code -inf}.
     */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /**
     * Reads a value: a decimal number, or (any case) {@code nan} or an empty field for NaN, {@code inf},
     * {@code +inf}, {@code infinity}, {@code -inf}, {@code -infinity}.
     *
     * @throws NumberFormatException for anything else
     */
    public static double parse(String s) {
        String t = s.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "", "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                // Java also reads hexadecimal and "1d"/"1f"; Python would not, so neither do we
                if (!lower.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                    throw new NumberFormatException("not a number: " + s);
                }
                return Double.parseDouble(t);
            }
        }
    }

    private static void checkIndex(int index, String what) {
        if (index < 0 || index >= Nb201.SIZE) {
            throw new IllegalArgumentException(what + " " + index + " is not a NAS-Bench-201 index (0.."
                    + (Nb201.SIZE - 1) + ")");
        }
    }

    /** Rows, proxies and the first and last rows. */
    @Override
    public String toString() {
        return toTable().print();
    }
}
