package io.trainfree.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tables and charts as {@link MimeBundle}s: what the kernel shows for a {@link Table} or a chart, and what a cell can
 * ask for explicitly ({@code Show.table(t, 100)} for more rows, {@code Show.svg(chart)} for a vector chart).
 */
public final class Show {
    /** Rows a table shows unless asked for more. */
    public static final int ROWS = 20;

    private Show() {
    }

    /**
     * The first {@value #ROWS} rows of {@code table} as HTML and text, with a line saying how many rows are left out.
     */
    public static MimeBundle table(Table table) {
        return table(table, ROWS);
    }

    /** The first {@code rows} rows of {@code table} as HTML and text, with a line saying how many are left out. */
    public static MimeBundle table(Table table, int rows) {
        Objects.requireNonNull(table, "table");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        return MimeBundle.of(text(table, rows), MimeBundle.HTML, html(table, rows));
    }

    /** The whole table, however long. */
    public static MimeBundle all(Table table) {
        return table(table, table.rowCount());
    }

    /** A chart as a PNG image (base64, the form Jupyter wants). */
    public static MimeBundle chart(Chart<?, ?> chart) {
        return MimeBundle.of(describe(chart), MimeBundle.PNG, png(chart));
    }

    /** A chart as an SVG image. */
    public static MimeBundle svg(Chart<?, ?> chart) {
        return MimeBundle.of(describe(chart), MimeBundle.SVG, svgText(chart));
    }

    /** PNG bytes of a chart, base64-encoded. */
    public static String png(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "chart");
        try {
            return Base64.getEncoder()
                    .encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /** SVG text of a chart. */
    public static String svgText(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "chart");
        var out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One line naming a chart, its kind and size: its text/plain form. */
    public static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
    }

    /** The "… n more rows" line, or an empty string when every row is shown. */
    static String moreRows(Table table, int rows) {
        int more = table.rowCount() - rows;
        return more <= 0 ? "" : String.format("… %,d more row%s (%,d in all)", more, more == 1 ? "" : "s",
                table.rowCount());
    }

    static String text(Table table, int rows) {
        int shown = Math.min(rows, table.rowCount());
        String body = table.first(shown).printAll();
        String more = moreRows(table, rows);
        return more.isEmpty() ? body : body + System.lineSeparator() + more;
    }

    static String html(Table table, int rows) {
        int shown = Math.min(rows, table.rowCount());
        var h = new StringBuilder(256 + 64 * shown * Math.max(1, table.columnCount()));
        h.append("<table class=\"trainfree-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            h.append("<caption style=\"text-align:left\">").append(escape(table.name())).append("</caption>");
        }
        h.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            h.append("<th>").append(escape(c.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            h.append("<tr>");
            for (Column<?> c : table.columns()) {
                h.append("<td>").append(escape(cell(c, r))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        String more = moreRows(table, rows);
        if (!more.isEmpty()) {
            h.append("<p class=\"trainfree-more-rows\">").append(escape(more)).append("</p>");
        }
        return h.toString();
    }

    /** A cell as text; doubles to 7 significant digits (whole numbers in full), so wide tables stay readable. */
    static String cell(Column<?> column, int row) {
        if (column instanceof DoubleColumn d && !d.isMissing(row)) {
            return number(d.getDouble(row));
        }
        return column.getString(row);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e15) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(7)).stripTrailingZeros().toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.6e", v);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        var b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
