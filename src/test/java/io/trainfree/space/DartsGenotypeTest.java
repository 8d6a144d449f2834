package io.trainfree.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DARTS genotypes: the printed form, validity, sampling, mutation and crossover, and the parser's messages. */
class DartsGenotypeTest {
    // the first of the SWAP paper's 1,000 cells
    static final String FIRST = "Genotype(normal=[('none', 0), ('dil_conv_5x5', 0), ('sep_conv_5x5', 0), "
            + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('sep_conv_5x5', 3), "
            + "('skip_connect', 4)], normal_concat=[2, 3, 4, 5], reduce=[('none', 0), ('dil_conv_5x5', 0), "
            + "('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), "
            + "('sep_conv_5x5', 3), ('skip_connect', 4)], reduce_concat=[2, 3, 4, 5])";

    @Test
    void parsesAndPrintsPythonsForm() {
        DartsGenotype g = DartsGenotype.parse(FIRST);
        assertEquals(FIRST, g.toString());
        assertEquals(new DartsCell.Edge(DartsOp.NONE, 0), g.normal().edges().get(0));
        assertEquals(new DartsCell.Edge(DartsOp.SKIP_CONNECT, 4), g.normal().edges().get(7));
        assertEquals(List.of(2, 3, 4, 5), g.reduce().concat());
        assertEquals(5, DartsCell.node(7));
    }

    @Test
    void malformedStringsNameThePositionAndTheExpectedToken() {
        var op = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST.replaceFirst(
                "dil_conv_5x5", "dil_conv_7x7")));
        assertTrue(op.getMessage().contains("position 32: expected an op (none, max_pool_3x3"), op.getMessage());
        var later = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST.replaceFirst(
                "\\('sep_conv_3x3', 1\\)", "('sep_conv_3x3', 3)")));
        assertTrue(later.getMessage().contains("expected an earlier node (0 to 2) as edge 3's input"),
                later.getMessage());
        int end = FIRST.indexOf("], normal_concat");
        var cut = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST.substring(0, end)));
        assertTrue(cut.getMessage().contains("position " + end + ": expected '], normal_concat=['")
                && cut.getMessage().contains("found end of string"), cut.getMessage());
        var half = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST.substring(0, 60)));
        assertTrue(half.getMessage().contains("expected an op"), half.getMessage());
        var tail = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST + " "));
        assertTrue(tail.getMessage().contains("end of string after the genotype"), tail.getMessage());
        var concat = assertThrows(IllegalArgumentException.class, () -> DartsGenotype.parse(FIRST.replaceFirst(
                "normal_concat=\\[2, 3, 4, 5\\]", "normal_concat=[2, 3, 1]")));
        assertTrue(concat.getMessage().contains("valid normal cell"), concat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DartsOp.of("conv_9x9"));
    }

    @Test
    void aCellReadsOnlyEarlierNodes() {
        var edges = new java.util.ArrayList<>(DartsGenotype.parse(FIRST).normal().edges());
        edges.set(0, new DartsCell.Edge(DartsOp.SKIP_CONNECT, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> new DartsCell(edges, DartsCell.DARTS_CONCAT));
        assertTrue(e.getMessage().contains("edge 0 of node 2 reads node 2"), e.getMessage());
    }

    @Test
    void samplingMutationAndCrossoverStayValidAndAreSeeded() {
        var rng = new SplittableRandom(7);
        DartsGenotype a = DartsGenotype.random(rng);
        assertEquals(a, DartsGenotype.random(new SplittableRandom(7)), "seeded");
        for (int i = 0; i < 2000; i++) {
            DartsGenotype m = a.mutate(rng);
            assertEquals(1, differences(a, m), "a mutation changes one op or one input:\n" + a + "\n" + m);
            assertEquals(m, DartsGenotype.parse(m.toString()));
            a = m;
        }
        DartsGenotype b = DartsGenotype.random(rng);
        for (int i = 0; i < 200; i++) {
            DartsGenotype child = a.crossover(b, rng);
            for (int n = 0; n < DartsCell.NODES; n++) {
                var pair = child.normal().edges().subList(2 * n, 2 * n + 2);
                assertTrue(pair.equals(a.normal().edges().subList(2 * n, 2 * n + 2))
                        || pair.equals(b.normal().edges().subList(2 * n, 2 * n + 2)), "node-wise from a parent");
            }
        }
        assertNotEquals(a, b);
    }

    @Test
    void everyOpAndEveryValidInputIsSampled() {
        var rng = new SplittableRandom(1);
        var ops = new java.util.HashSet<DartsOp>();
        var inputsOfNode5 = new java.util.HashSet<Integer>();
        for (int i = 0; i < 500; i++) {
            DartsCell c = DartsCell.random(rng);
            c.edges().forEach(e -> ops.add(e.op()));
            inputsOfNode5.add(c.edges().get(7).input());
        }
        assertEquals(8, ops.size());
        assertEquals(java.util.Set.of(0, 1, 2, 3, 4), inputsOfNode5);
    }

    private static int differences(DartsGenotype a, DartsGenotype b) {
        int d = 0;
        for (int k = 0; k < DartsCell.EDGES; k++) {
            d += diff(a.normal().edges().get(k), b.normal().edges().get(k));
            d += diff(a.reduce().edges().get(k), b.reduce().edges().get(k));
        }
        return d;
    }

    private static int diff(DartsCell.Edge x, DartsCell.Edge y) {
        return (x.op() != y.op() ? 1 : 0) + (x.input() != y.input() ? 1 : 0);
    }
}
