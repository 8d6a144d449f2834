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
 * Rank correlations of table columns with a target column, as a table: {@code column | spearman | kendall | n | nan |
 * inf}. {@link Correlation}'s policy: pairs with a NaN or missing value are left out per column and counted in
 * {@code nan}; pairs with an infinity are ranked at the ends and counted in {@code inf}.
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
        var nan = IntColumn.create("nan");
        var inf = IntColumn.create("inf");
        for (String name : names) {
            double[] x = Columns.numbers(table, name);
            Correlation c = Correlation.of(x, y);
            column.append(name);
            spearman.append(c.spearman());
            kendall.append(c.kendall());
            n.append(c.n());
            nan.append(c.omitted());
            inf.append(Correlation.infinite(x, y));
        }
        spearman.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        kendall.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("rank correlation with " + target, column, spearman, kendall, n, nan, inf);
    }
}
