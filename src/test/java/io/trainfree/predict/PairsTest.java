package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairsTest {
    @Test
    void allPairsOfDistinctLabelsWithTheSignOfTheSecond() {
        Pairs p = Pairs.sample(new double[] {0.3, 0.1, 0.5}, 100, new SplittableRandom(0));
        assertArrayEquals(new int[] {0, 0, 1}, p.first());
        assertArrayEquals(new int[] {1, 2, 2}, p.second());
        // (0,1): 0.1 < 0.3, the first is better; (0,2) and (1,2): the second is better
        assertArrayEquals(new float[] {-1, 1, 1}, p.sign());
    }

    @Test
    void tiesFormNoPair() {
        Pairs p = Pairs.sample(new double[] {1, 2, 1, 2}, 100, new SplittableRandom(0));
        // (0,2) and (1,3) tie
        assertArrayEquals(new int[] {0, 0, 1, 2}, p.first());
        assertArrayEquals(new int[] {1, 3, 2, 3}, p.second());
        assertArrayEquals(new float[] {1, 1, -1, 1}, p.sign());
    }

    @Test
    void nanAndInfiniteLabelsFormNoPair() {
        double[] l = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 2, Double.NEGATIVE_INFINITY};
        Pairs p = Pairs.sample(l, 100, new SplittableRandom(0));
        assertArrayEquals(new int[] {0, 0, 2}, p.first());
        assertArrayEquals(new int[] {2, 4, 4}, p.second());
        assertArrayEquals(new float[] {1, 1, -1}, p.sign());
    }

    @Test
    void moreThanTheCapKeepsARandomSubsetOfExactlyTheCap() {
        int n = 20;
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = i; // 190 pairs
        }
        Pairs p = Pairs.sample(l, 4 * n, new SplittableRandom(7));
        assertEquals(80, p.size());
        var seen = new HashSet<Long>();
        for (int k = 0; k < p.size(); k++) {
            assertTrue(p.first()[k] < p.second()[k]);
            assertEquals(1f, p.sign()[k], "labels increase with the index");
            assertTrue(seen.add((long) p.first()[k] * n + p.second()[k]), "no pair twice");
            if (k > 0) {
                long prev = (long) p.first()[k - 1] * n + p.second()[k - 1];
                assertTrue(prev < (long) p.first()[k] * n + p.second()[k], "kept in (i, j) order");
            }
        }
        assertEquals(p, Pairs.sample(l, 4 * n, new SplittableRandom(7)), "the same seed draws the same subset");
        assertNotEquals(p, Pairs.sample(l, 4 * n, new SplittableRandom(8)));
    }

    @Test
    void theSubsetIsUniform() {
        // 6 labels, 15 pairs, keep 5: each pair is kept with probability 1/3
        double[] l = {1, 2, 3, 4, 5, 6};
        var counts = new int[36];
        var rng = new SplittableRandom(3);
        int draws = 30_000;
        for (int d = 0; d < draws; d++) {
            Pairs p = Pairs.sample(l, 5, rng);
            for (int k = 0; k < p.size(); k++) {
                counts[p.first()[k] * 6 + p.second()[k]]++;
            }
        }
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                double share = counts[i * 6 + j] / (double) draws;
                assertEquals(1 / 3.0, share, 0.02, "pair (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void atTheCapNothingIsDrawn() {
        var rng = new SplittableRandom(1);
        long before = new SplittableRandom(1).nextLong();
        Pairs p = Pairs.sample(new double[] {1, 2, 3}, 3, rng);
        assertEquals(3, p.size());
        assertEquals(before, rng.nextLong(), "the generator was not touched");
        assertThrows(IllegalArgumentException.class, () -> Pairs.sample(new double[] {1, 2}, -1, rng));
    }
}
