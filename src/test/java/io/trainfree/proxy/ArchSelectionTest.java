package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArchSelectionTest {
    @Test
    void parsesIndicesAndRangesSortedAndMerged() {
        int[] s = ArchSelection.parse("6111, 0-99,50-52,3", 15_625);
        assertEquals(101, s.length);
        assertEquals(0, s[0]);
        assertEquals(99, s[99]);
        assertEquals(6111, s[100]);
        assertArrayEquals(new int[] {15_624}, ArchSelection.parse("15624", 15_625));
        assertEquals("0-99,6111", ArchSelection.format(s));
        assertArrayEquals(s, ArchSelection.parse(ArchSelection.format(s), 15_625));
    }

    @Test
    void badItemsAreNamed() {
        assertMessage("12a", "'12a' in '0,12a' is neither an index nor a range", "0,12a");
        assertMessage("backwards", "range '9-3' in '9-3' runs backwards", "9-3");
        assertMessage("outside", "'15625' in '15625' is outside the space's indices 0..15624", "15625");
        assertMessage("outside", "'-1' in '-1' is outside", "-1");
        assertMessage("empty", "no indices given", " ");
    }

    private static void assertMessage(String what, String expected, String spec) {
        var e = assertThrows(IllegalArgumentException.class, () -> ArchSelection.parse(spec, 15_625), what);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void sampleIsSeededSortedAndDistinct() {
        int[] a = ArchSelection.sample(200, 0, 15_625);
        assertArrayEquals(a, ArchSelection.sample(200, 0, 15_625));
        assertEquals(200, Arrays.stream(a).distinct().count());
        assertArrayEquals(Arrays.stream(a).sorted().toArray(), a);
        assertTrue(a[0] >= 0 && a[199] < 15_625);
        assertNotEquals(ArchSelection.fingerprint(a), ArchSelection.fingerprint(ArchSelection.sample(200, 1, 15_625)));
        assertEquals(15_625, ArchSelection.sample(15_625, 3, 15_625).length);
        assertThrows(IllegalArgumentException.class, () -> ArchSelection.sample(0, 0, 15_625));
        assertThrows(IllegalArgumentException.class, () -> ArchSelection.sample(15_626, 0, 15_625));
    }

    @Test
    void fingerprintIdentifiesTheSet() {
        assertEquals(ArchSelection.fingerprint(new int[] {1, 2, 3}), ArchSelection.fingerprint(new int[] {1, 2, 3}));
        assertNotEquals(ArchSelection.fingerprint(new int[] {1, 2, 3}), ArchSelection.fingerprint(new int[] {1, 2}));
        assertEquals(16, ArchSelection.fingerprint(new int[] {0}).length());
    }
}
