package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class QueryCounterTest {
    /** Four architectures "a".."d"; accuracy 1, 3, 3, 2; cost 10, 20, 30, 40; one task. */
    private static final class Toy implements Benchmark<String, String> {
        private final List<String> archs = List.of("a", "b", "c", "d");
        private final double[] acc = {1, 3, 3, 2};
        int lookups;

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public List<String> archs() {
            return archs;
        }

        @Override
        public List<String> tasks() {
            return List.of("t");
        }

        @Override
        public Set<Metric> metrics(String task) {
            return EnumSet.of(Metric.VAL_ACCURACY, Metric.TRAIN_COST_12);
        }

        @Override
        public double query(String arch, String task, Metric metric) {
            lookups++;
            int i = archs.indexOf(arch);
            return metric == Metric.VAL_ACCURACY ? acc[i] : 10.0 * (i + 1);
        }

        @Override
        public Table table(String task) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void chargesEachDistinctArchitectureOnce() {
        var toy = new Toy();
        var q = QueryCounter.of(toy, "t", Metric.VAL_ACCURACY, Metric.TRAIN_COST_12);
        assertEquals(Optional.empty(), q.best());
        assertEquals(1.0, q.query("a"), 0.0);
        assertEquals(3.0, q.query("c"), 0.0);
        assertEquals(1.0, q.query("a"), 0.0);
        assertEquals(3.0, q.query("b"), 0.0);
        assertEquals(3, q.count());
        assertEquals(4, q.calls());
        assertEquals(10 + 30 + 20, q.cost(), 0.0);
        assertEquals(List.of("a", "c", "b"), q.history());
        assertEquals(Optional.of("c"), q.best()); // c and b tie at 3: the earlier query wins
        assertTrue(q.queried("b"));
        assertFalse(q.queried("d"));
        assertEquals(6, toy.lookups); // repeats are answered from memory
    }

    @Test
    void freeQueriesCostNothingAndUnknownMetricsAreRefused() {
        var toy = new Toy();
        var q = QueryCounter.of(toy, "t", Metric.VAL_ACCURACY);
        q.query("d");
        assertEquals(0.0, q.cost(), 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> QueryCounter.of(toy, "t", Metric.SYNFLOW));
        assertEquals("toy has no synflow for t; it has: [val_accuracy, train_cost_12]", e.getMessage());
    }
}
