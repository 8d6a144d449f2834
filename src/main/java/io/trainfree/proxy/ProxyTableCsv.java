package io.trainfree.proxy;

import static io.trainfree.proxy.ProxyTable.ARCH;
import static io.trainfree.proxy.ProxyTable.COMPUTED_FROM;
import static io.trainfree.proxy.ProxyTable.INDEX;

import io.trainfree.job.AtomicFiles;
import io.trainfree.job.FileFormatException;
import io.trainfree.proxy.ProxyTable.Row;
import io.trainfree.space.Nb201Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link ProxyTable} as CSV, what {@link ProxyJob} writes and notebooks read:
 * <pre>
 * index,arch,grad_norm,snip,...[,computed_from]
 * 6111,|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|,12.5,nan
 * </pre>
 * Values are written with {@link Double#toString(double)}, which reads back to the same double; NaN as {@code nan}
 * and infinities as {@code inf} / {@code -inf}, as numpy and pandas write and read them ({@code pd.read_csv(f)}
 * needs no options). Reading also accepts {@code NaN}, an empty field, {@code Infinity}. The optional
 * {@code computed_from} column is there when values were copied within isomorphism classes.
 *
 * {@snippet :
 * ProxyTable t = ProxyTableCsv.read(Path.of("data/proxies/nb201-cifar10.csv"));
 * ProxyTableCsv.write(t.where(Nb201Arch::hasZeroFedConv), Path.of("zero-fed.csv"));
 * }
 */
public final class ProxyTableCsv {
    private ProxyTableCsv() {
    }

    /** The CSV header line of a table (without a line break). */
    static String header(ProxyTable table) {
        List<String> proxies = table.proxies();
        boolean withComputedFrom = table.hasComputedFrom();
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
    public static String toCsv(ProxyTable table) {
        List<String> proxies = table.proxies();
        List<Row> rows = table.rows();
        var b = new StringBuilder(64 + rows.size() * (90 + 24 * proxies.size()));
        b.append(header(table)).append('\n');
        for (Row r : rows) {
            b.append(r.index()).append(',').append(r.arch().archString());
            for (double v : r.values()) {
                b.append(',').append(format(v));
            }
            if (table.hasComputedFrom()) {
                b.append(',').append(r.computedFrom());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Writes a table's CSV atomically: to a temporary file in the same directory, synced, then moved over
     * {@code file}; on failure {@code file} is left as it was.
     *
     * @throws UncheckedIOException naming the file
     */
    public static void write(ProxyTable table, Path file) {
        AtomicFiles.write(file, toCsv(table));
    }

    /**
     * Reads a table written by {@link #write(ProxyTable, Path)} (or by pandas from one): columns {@code index} and
     * {@code arch} first, then the proxies, and {@code computed_from} if present.
     *
     * @throws FileFormatException naming the file and the line of the first problem
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
            throw new FileFormatException(file, 1, "empty file; expected a header " + INDEX + "," + ARCH
                    + ",<proxies>");
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
                throw new FileFormatException(file, i + 1, "index " + row.index() + " appears again (first on line "
                        + before + ")");
            }
            rows.add(row);
        }
        return ProxyTable.of(layout.proxies, rows, layout.computedFrom >= 0);
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
                    throw new FileFormatException(file, lineNumber, "column " + (c + 1) + " has no name (a pandas "
                            + "index column? write with index=False)");
                }
                if (!seen.add(n)) {
                    throw new FileFormatException(file, lineNumber, "the column '" + n + "' appears twice");
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
                throw new FileFormatException(file, lineNumber, "the header has no '" + (index < 0 ? INDEX : ARCH)
                        + "' column; expected " + INDEX + "," + ARCH + ",<proxies>, found: " + line);
            }
            return new Layout(names.length, index, arch, computedFrom, List.copyOf(proxies),
                    proxyColumns.stream().mapToInt(Integer::intValue).toArray());
        }

        String[] fields(Path file, int lineNumber, String line) {
            String[] f = stripCr(line).split(",", -1);
            if (f.length != columns) {
                throw new FileFormatException(file, lineNumber, "expected " + columns + " fields as in the header, "
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
                throw new FileFormatException(file, lineNumber, "bad arch string: " + e.getMessage(), e);
            }
            double[] v = new double[proxies.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = number(file, lineNumber, f[proxyColumns[k]], proxies.get(k));
            }
            int from = computedFrom < 0 ? i : integer(file, lineNumber, f[computedFrom], COMPUTED_FROM);
            try {
                return new Row(i, a, v, from);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, lineNumber, e.getMessage(), e);
            }
        }

        static int integer(Path file, int line, String s, String column) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, line, "'" + s + "' in column " + column + " is not an integer", e);
            }
        }

        static double number(Path file, int line, String s, String column) {
            try {
                return ProxyTableCsv.parse(s);
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, line, "'" + s + "' in column " + column + " is not a number", e);
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
}
