package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class CorrelationsTest {
    static Table scores() {
        return Table.create("scores",
                StringColumn.create("arch", "a", "b", "c", "d", "e"),
                DoubleColumn.create("acc", 1, 2, 3, 4, 5),
                DoubleColumn.create("same", 10, 20, Double.NaN, 40, 50),
                DoubleColumn.create("reversed", 5, 4, 3, 2, 1),
                IntColumn.create("perm", 3, 1, 2, 5, 4));
    }

    @Test
    void oneRowPerColumnWithNAndOmitted() {
        Table t = Correlations.of(scores(), "acc", "same", "perm");
        assertEquals(List.of("column", "spearman", "kendall", "n", "nan", "inf"), t.columnNames());
        assertEquals(List.of("same", "perm"), t.stringColumn("column").asList());
        assertEquals(1.0, t.doubleColumn("spearman").get(0), 1e-12);
        assertEquals(0.6, t.doubleColumn("spearman").get(1), 1e-12);
        assertEquals(0.4, t.doubleColumn("kendall").get(1), 1e-12);
        assertEquals(List.of(4, 5), t.intColumn("n").asList());
        assertEquals(List.of(1, 0), t.intColumn("nan").asList());
        assertEquals("rank correlation with acc", t.name());
    }

    @Test
    void withoutColumnsEveryOtherNumericColumn() {
        Table t = Correlations.of(scores(), "acc");
        assertEquals(List.of("same", "reversed", "perm"), t.stringColumn("column").asList());
        assertEquals(-1.0, t.doubleColumn("spearman").get(1), 1e-12);
        assertEquals("-1.0000", t.doubleColumn("spearman").getString(1), "four decimals shown");
    }

    /** An infinity is a rank (here the lowest, so the ranking stays perfect) and is counted, not left out. */
    @Test
    void infinitiesAreRankedAndCounted() {
        Table t = Table.create("t", tech.tablesaw.api.DoubleColumn.create("x", Double.NEGATIVE_INFINITY, 1, 2, 3),
                tech.tablesaw.api.DoubleColumn.create("acc", 1, 2, 3, 4));
        Table c = Correlations.of(t, "acc", "x");
        assertEquals(1.0, c.doubleColumn("spearman").get(0), 1e-12);
        assertEquals(4, c.intColumn("n").get(0));
        assertEquals(0, c.intColumn("nan").get(0));
        assertEquals(1, c.intColumn("inf").get(0));
    }
}
