package io.trainfree.notebook;

import java.util.Objects;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Column lookups with errors that name the table, the column and the columns there are. */
final class Columns {
    private Columns() {
    }

    static Column<?> column(Table table, String name) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "column name");
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("column '" + name + "' is not in table '" + table.name()
                    + "'; its columns: " + String.join(", ", table.columnNames()));
        }
        return table.column(name);
    }

    /** A numeric column's values as doubles, missing values as NaN. */
    static double[] numbers(Table table, String name) {
        Column<?> c = column(table, name);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' of table '" + table.name() + "' is "
                    + c.type().name() + ", not numeric");
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.isMissing(i) ? Double.NaN : n.getDouble(i);
        }
        return v;
    }
}
