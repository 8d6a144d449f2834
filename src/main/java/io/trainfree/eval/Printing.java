package io.trainfree.eval;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * How the study tables print: a fixed number of decimals, so that a notebook's table reads at a glance (a std of
 * 1.4e-14 prints as 0.00). Notebooks use it on tables that other packages build, such as RoBoT's Table 2.
 */
public final class Printing {
    private Printing() {
    }

    /** Prints every double column of {@code table} with {@code digits} decimals (the values are unchanged). */
    public static Table fixed(Table table, int digits) {
        for (var c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(digits));
            }
        }
        return table;
    }
}
