package io.trainfree.notebook;

import io.trainfree.eval.Correlation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Rank correlations of table columns with a target column, as a table: {@code column | spearman | kendall | n |
 * omitted}. Pairs with a NaN or missing value are omitted per column and counted (see {@link Correlation}).
 *
 * {@snippet :
 * Correlations.of(proxies, "test_accuracy", "synflow", "naswot").sortDescendingOn("spearman")
 * }
 */
public final class Correlations {
    private Correlations() {
    }

    /**
     * Spearman and Kendall of each of {@code columns} with {@code target}; with no columns given, of every other
     * numeric column.
     */
    public static Table of(Table table, String target, String... columns) {
        Objects.requireNonNull(columns, "columns");
        double[] y = Columns.numbers(table, target);
        List<String> names = new ArrayList<>(List.of(columns));
        if (names.isEmpty()) {
            for (var c : table.columns()) {
                if (c instanceof NumericColumn<?> && !c.name().equals(target)) {
                    names.add(c.name());
                }
            }
        }
        var column = StringColumn.create("column");
        var spearman = DoubleColumn.create("spearman");
        var kendall = DoubleColumn.create("kendall");
        var n = IntColumn.create("n");
        var omitted = IntColumn.create("omitted");
        for (String name : names) {
            Correlation c = Correlation.of(Columns.numbers(table, name), y);
            column.append(name);
            spearman.append(c.spearman());
            kendall.append(c.kendall());
            n.append(c.n());
            omitted.append(c.omitted());
        }
        spearman.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        kendall.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("rank correlation with " + target, column, spearman, kendall, n, omitted);
    }
}
