package io.trainfree.eval;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** How the study tables print: a fixed number of decimals, so that a notebook's table reads at a glance. */
final class Printing {
    private Printing() {
    }

    /** Prints every double column of {@code table} with {@code digits} decimals (the values are unchanged). */
    static Table fixed(Table table, int digits) {
        for (var c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(digits));
            }
        }
        return table;
    }
}
