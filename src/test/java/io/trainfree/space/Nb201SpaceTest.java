package io.trainfree.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Nb201SpaceTest {
    private static Nb201Space shuffled(long seed) {
        var archs = new ArrayList<>(Nb201Arch.all());
        Collections.shuffle(archs, new Random(seed));
        return Nb201Space.of(archs);
    }

    @Test
    void indexAndArchAreInverse() {
        Nb201Space space = shuffled(1);
        for (int i = 0; i < space.size(); i++) {
            assertEquals(i, space.index(space.arch(i)));
        }
        assertEquals(15_625, space.size());
    }

    @Test
    void lookupTakesAnIndexAnArchStringOrANaslibTuple() {
        Nb201Space space = shuffled(2);
        Nb201Arch a = space.arch(6111);
        assertEquals(6111, space.lookup("6111"));
        assertEquals(6111, space.lookup(" " + a.archString() + " "));
        assertEquals(6111, space.lookup(a.naslibString()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> space.lookup("15625")).getMessage()
                .contains("index 15625 is not in 0..15624"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> space.lookup("99999999999")).getMessage()
                .contains("is not in 0..15624"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> space.lookup("|none~0|")).getMessage()
                .contains("malformed NAS-Bench-201 arch string at position 8"));
    }

    @Test
    void neighbourIndicesPointAtNeighbours() {
        Nb201Space space = shuffled(3);
        int[] nbrs = space.neighbourIndices(100);
        assertEquals(24, nbrs.length);
        for (int n : nbrs) {
            assertTrue(space.arch(100).neighbours().contains(space.arch(n)));
        }
    }

    @Test
    void sampleIsSeededAndWithoutReplacement() {
        Nb201Space space = shuffled(4);
        int[] a = space.sample(1000, new SplittableRandom(5));
        assertArrayEquals(a, space.sample(1000, new SplittableRandom(5)));
        assertEquals(1000, Arrays.stream(a).distinct().count());
        assertEquals(15_625, Arrays.stream(space.sample(15_625, new SplittableRandom(6))).distinct().count());
    }

    @Test
    void badIndexOrdersAreRefusedWithTheOffendingIndices() {
        List<Nb201Arch> archs = new ArrayList<>(Nb201Arch.all());
        archs.set(10, archs.get(3));
        var e = assertThrows(IllegalArgumentException.class, () -> Nb201Space.of(archs));
        assertTrue(e.getMessage().contains("appears at index 3 and again at index 10"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Space.of(archs.subList(0, 100)))
                .getMessage().contains("lists 100"));
        List<String> strings = new ArrayList<>(Nb201Arch.all().stream().map(Nb201Arch::archString).toList());
        strings.set(42, "|none~0|+oops");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Nb201Space.ofStrings(strings)).getMessage()
                .startsWith("index 42: malformed"));
    }
}
