package io.trainfree.proxy;

import io.trainfree.bench.Nb201;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Proxy values of NAS-Bench-201 architectures, one row per architecture in index order: a value. {@link ProxyJob}
 * computes it, {@link ProxyTableCsv} reads and writes it as CSV, {@link ComputedTables} finds the computed ones, and
 * {@code io.trainfree.eval.ProxyCorrelations} joins it with the benchmark. The optional {@code computed_from} column
 * is there when values were copied within isomorphism classes: the index whose computation (and seed) the row's
 * values come from, equal to {@code index} for a row computed for itself.
 *
 * {@snippet :
 * ProxyTable t = ComputedTables.of(Dataset.CIFAR10);
 * double[] synflow = t.values("synflow");                 // over the whole space, NaN where the table has no row
 * ProxyTable zeroFed = t.where(Nb201Arch::hasZeroFedConv);
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
     * architectures the table has no row for: lines up with {@code Nb201.values(dataset, metric)}.
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
