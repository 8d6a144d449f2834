package io.trainfree.space;

import static io.trainfree.space.Nb201Op.AVG_POOL_3X3;
import static io.trainfree.space.Nb201Op.NONE;
import static io.trainfree.space.Nb201Op.NOR_CONV_1X1;
import static io.trainfree.space.Nb201Op.NOR_CONV_3X3;
import static io.trainfree.space.Nb201Op.SKIP_CONNECT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Nb201ArchTest {
    static final String INDEX_0 =
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    static final String INDEX_6111 =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

    @Test
    void parsesTheBenchmarksFirstCellEdgeByEdge() {
        Nb201Arch a = Nb201Arch.parse(INDEX_0);
        assertEquals(List.of(AVG_POOL_3X3, NOR_CONV_1X1, SKIP_CONNECT, NOR_CONV_1X1, SKIP_CONNECT, SKIP_CONNECT),
                a.ops());
        assertEquals(AVG_POOL_3X3, a.op(0, 1));
        assertEquals(SKIP_CONNECT, a.op(1, 2));
        assertEquals(NOR_CONV_1X1, a.op(0, 3));
        assertEquals(INDEX_0, a.toString());
    }

    @Test
    void naslibTuplesMatchThePublishedFiles() {
        // zen_valacc.csv: index 0 -> (4, 3, 3, 0, 0, 0), index 1 -> (2, 2, 0, 4, 2, 0)
        assertEquals("(4, 3, 3, 0, 0, 0)", Nb201Arch.parse(INDEX_0).naslibString());
        Nb201Arch index1 = Nb201Arch.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertArrayEquals(new int[] {2, 2, 0, 4, 2, 0}, index1.naslibTuple());
        assertEquals(index1, Nb201Arch.parseNaslib("(2, 2, 0, 4, 2, 0)"));
        assertEquals("(2, 2, 0, 2, 2, 3)", Nb201Arch.parse(INDEX_6111).naslibString());
    }

    @Test
    void everyCellRoundTripsThroughStringTupleAndCode() {
        var strings = new HashSet<String>();
        var tuples = new HashSet<String>();
        for (int code = 0; code < Nb201Arch.SPACE_SIZE; code++) {
            Nb201Arch a = Nb201Arch.fromCode(code);
            assertEquals(code, a.code());
            assertEquals(a, Nb201Arch.parse(a.archString()));
            assertEquals(a, Nb201Arch.fromNaslib(a.naslibTuple()));
            assertEquals(a, Nb201Arch.parseNaslib(a.naslibString()));
            strings.add(a.archString());
            tuples.add(a.naslibString());
        }
        assertEquals(Nb201Arch.SPACE_SIZE, strings.size());
        assertEquals(Nb201Arch.SPACE_SIZE, tuples.size());
        assertEquals(Nb201Arch.SPACE_SIZE, new HashSet<>(Nb201Arch.all()).size());
    }

    @Test
    void exactly341CellsAreDisconnected() {
        long disconnected = Nb201Arch.all().stream().filter(a -> !a.isConnected()).count();
        assertEquals(341, disconnected);
        // by hand: the output is cut off when all three edges into node 3 are dead
        assertFalse(Nb201Arch.of(SKIP_CONNECT, SKIP_CONNECT, SKIP_CONNECT, NONE, NONE, NONE).isConnected());
        // ...or when the only live edge into node 3 starts at a node the input cannot reach
        assertFalse(Nb201Arch.of(NONE, NONE, NOR_CONV_3X3, NONE, NONE, NOR_CONV_3X3).isConnected());
        assertTrue(Nb201Arch.of(NOR_CONV_3X3, NONE, SKIP_CONNECT, NONE, NONE, AVG_POOL_3X3).isConnected());
    }

    /** Against a direct reading of the definition: a conv whose source node gets only none edges or zero nodes. */
    @Test
    void zeroFedConvolutions() {
        // NAS-Bench-201 cell 51: node 1 is zero (none from the input) and feeds a 3x3 conv into node 3
        assertTrue(Nb201Arch.parse("|none~0|+|avg_pool_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|"
                + "nor_conv_1x1~2|").hasZeroFedConv());
        // cell 408, functionally the same: every conv sees data
        assertFalse(Nb201Arch.parse("|skip_connect~0|+|none~0|avg_pool_3x3~1|+|none~0|skip_connect~1|"
                + "nor_conv_1x1~2|").hasZeroFedConv());
        // zero propagates: node 2 gets only a pool of the zero node 1, and feeds a conv
        assertTrue(Nb201Arch.of(NONE, NONE, AVG_POOL_3X3, SKIP_CONNECT, NONE, NOR_CONV_1X1).hasZeroFedConv());
        long slow = Nb201Arch.all().stream().filter(a -> {
            boolean[] zero = new boolean[4];
            for (int j = 1; j < 4; j++) {
                zero[j] = true;
                for (int i = 0; i < j; i++) {
                    zero[j] &= a.op(i, j) == NONE || zero[i];
                }
            }
            for (int j = 1; j < 4; j++) {
                for (int i = 0; i < j; i++) {
                    if (zero[i] && (a.op(i, j) == NOR_CONV_1X1 || a.op(i, j) == NOR_CONV_3X3)) {
                        return true;
                    }
                }
            }
            return false;
        }).count();
        assertEquals(slow, Nb201Arch.all().stream().filter(Nb201Arch::hasZeroFedConv).count());
        assertEquals(2290, slow);
    }

    @Test
    void countsOpsOnEveryEdge() {
        Nb201Arch best = Nb201Arch.parse(INDEX_6111);
        assertEquals(4, best.count(NOR_CONV_3X3));
        assertEquals(1, best.count(NOR_CONV_1X1));
        assertEquals(1, best.count(SKIP_CONNECT));
        assertEquals(0, best.count(NONE));
    }

    @Test
    void neighboursDifferInExactlyOneEdge() {
        Nb201Arch a = Nb201Arch.parse(INDEX_6111);
        List<Nb201Arch> nbrs = a.neighbours();
        assertEquals(24, nbrs.size());
        assertEquals(24, new HashSet<>(nbrs).size());
        for (Nb201Arch n : nbrs) {
            int differing = 0;
            for (int e = 0; e < Nb201Arch.EDGES; e++) {
                differing += n.op(e) == a.op(e) ? 0 : 1;
            }
            assertEquals(1, differing);
            assertTrue(n.neighbours().contains(a), "neighbourhood is symmetric");
        }
    }

    @Test
    void mutationDrawsEveryNeighbourAndNothingElse() {
        Nb201Arch a = Nb201Arch.parse(INDEX_0);
        var seen = new HashSet<Nb201Arch>();
        var rng = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            Nb201Arch m = a.mutate(rng);
            assertTrue(a.neighbours().contains(m), m::toString);
            seen.add(m);
        }
        assertEquals(24, seen.size());
    }

    @Test
    void randomSamplingIsSeeded() {
        var x = new SplittableRandom(42);
        var y = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(Nb201Arch.random(x), Nb201Arch.random(y));
        }
        // uniform over the space: 100,000 draws leave about 15625 * exp(-6.4) = 26 cells unseen
        var seen = new HashSet<Nb201Arch>();
        var rng = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            seen.add(Nb201Arch.random(rng));
        }
        assertTrue(seen.size() > 15_550 && seen.size() < 15_625, "distinct cells: " + seen.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // string; position; expected token
        "|nor_conv_3x3~0|+|foo~0|skip_connect~1|+|none~0|none~1|none~2|; 18; expected an op (none, skip_connect",
        "|none~0||none~0|none~1|+|none~0|none~1|none~2|; 8; expected '+' between node groups",
        "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|; 6; expected input node 0 of node 1",
        "none~0|+|none~0|none~1|+|none~0|none~1|none~2|; 0; expected '|' opening node 1's group",
        "|none~0|+|none~0|none~1|+|none~0|none~1|none~2; 46; expected '|' after input 2, found end of string",
        "|none~0|+|none~0|none~1|+|none~0|none~1|none~2||; 47; expected end of string after node 3's group",
        "|none0|+|none~0|none~1|+|none~0|none~1|none~2|; 1; expected an op (none",
        "|none~0~1|+|none~0|none~1|+|none~0|none~1|none~2|; 7; expected '|' after input 0",
        "'' ; 0; expected '|' opening node 1's group, found end of string",
    })
    void malformedStringsNameThePositionAndTheExpectedToken(String text, int position, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> Nb201Arch.parse(text));
        assertTrue(e.getMessage().contains("at position " + position + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void malformedTuplesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Arch.parseNaslib("(1, 2, 3)"))
                .getMessage().contains("has 3 entries, expected 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Arch.parseNaslib("(1, 2, x, 0, 0, 0)"))
                .getMessage().contains("entry 2 'x' is not an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Arch.parseNaslib("(1, 2, 7, 0, 0, 0)"))
                .getMessage().contains("NASLib op code 7 is not in 0..4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Arch.parseNaslib("1, 2, 3, 0, 0, 0"))
                .getMessage().contains("is not of the form"));
        assertThrows(IllegalArgumentException.class, () -> Nb201Arch.fromCode(15_625));
        assertThrows(IllegalArgumentException.class, () -> Nb201Arch.of(NONE, NONE));
    }

    @Test
    void opCodesMatchBothReferenceConventions() {
        // NASLib: 0 skip, 1 none, 2 conv3x3, 3 conv1x1, 4 pool; RoBoT: 0 none, 1 skip, 2 conv1x1, 3 conv3x3, 4 pool
        assertEquals(List.of(SKIP_CONNECT, NONE, NOR_CONV_3X3, NOR_CONV_1X1, AVG_POOL_3X3),
                List.of(Nb201Op.fromNaslib(0), Nb201Op.fromNaslib(1), Nb201Op.fromNaslib(2), Nb201Op.fromNaslib(3),
                        Nb201Op.fromNaslib(4)));
        assertEquals(List.of(NONE, SKIP_CONNECT, NOR_CONV_1X1, NOR_CONV_3X3, AVG_POOL_3X3),
                List.of(Nb201Op.fromRobot(0), Nb201Op.fromRobot(1), Nb201Op.fromRobot(2), Nb201Op.fromRobot(3),
                        Nb201Op.fromRobot(4)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Op.of("conv3x3")).getMessage()
                .contains("known: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3"));
    }
}
