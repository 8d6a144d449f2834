package io.trainfree.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyRandom} against values printed by numpy (2.4, legacy {@code RandomState}) and the MT19937 reference;
 * doubles are compared with {@code assertEquals(double, double)}, i.e. bit for bit, except the table of six in
 * docs/robot.md §2 printed decimals.
 */
class NumpyRandomTest {
    @Test
    void initGenrand5489IsTheReferenceStream() {
        var rng = new NumpyRandom(5489);
        long[] expected = {3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L};
        for (long e : expected) {
            assertEquals(e, rng.nextInt32());
        }
    }

    @Test
    void randomSampleMatchesNumpy() {
        var rng = new NumpyRandom(0);
        assertEquals(0.5488135039273248, rng.randomSample());
        assertEquals(0.7151893663724195, rng.randomSample());
        assertEquals(0.3745401188473625, new NumpyRandom(42).randomSample());
        assertEquals(0.0976320289940138, new NumpyRandom(4294967295L).randomSample());
    }

    @Test
    void randintMatchesNumpy() {
        assertArrayEquals(new int[] {5, 0, 3, 3, 7}, new NumpyRandom(0).randint(10, 5));
        var scalar = new NumpyRandom(0);
        for (int e : new int[] {5, 0, 3, 3, 7}) {
            assertEquals(e, scalar.randint(10), "randint(10) one at a time is randint(10, size=5)");
        }
        // RandomState(7): randint(15625, size=8), randint(5), choice(5 ints), randint(2**32), randint(2**31+5),
        // randint(1) (draws nothing), randint(3)
        var rng = new NumpyRandom(7);
        assertArrayEquals(new int[] {12463, 9412, 537, 10742, 5699, 4307, 919, 13927}, rng.randint(15625, 8));
        assertEquals(4, rng.randint(5));
        assertEquals(1, rng.choice(5));
        assertEquals(2312822158L, rng.randint(1L << 32));
        assertEquals(1133316631L, rng.randint((1L << 31) + 5));
        assertEquals(0, rng.randint(1));
        assertEquals(0, rng.randint(3));
    }

    @Test
    void shuffleAndPermutationMatchNumpy() {
        // RandomState(3): permutation(10), then shuffle(arange(7)), then randint(5); numpy 1.24.2 and 2.4.6 agree
        var rng = new NumpyRandom(3);
        assertArrayEquals(new int[] {5, 4, 1, 2, 9, 6, 7, 0, 3, 8}, rng.permutation(10));
        int[] a = {0, 1, 2, 3, 4, 5, 6};
        rng.shuffle(a);
        assertArrayEquals(new int[] {6, 1, 3, 4, 0, 5, 2}, a);
        assertEquals(0, rng.randint(5));
        // RandomState(0).permutation(15625), DELE's split: its first ten and last five
        int[] p = new NumpyRandom(0).permutation(15_625);
        assertArrayEquals(new int[] {4414, 14183, 11931, 2813, 11021, 12048, 12089, 230, 13981, 1568},
                Arrays.copyOf(p, 10));
        assertArrayEquals(new int[] {13123, 3264, 9845, 10799, 2732}, Arrays.copyOfRange(p, 15_620, 15_625));
        assertArrayEquals(new int[0], new NumpyRandom(0).permutation(0));
        assertArrayEquals(new int[] {0}, new NumpyRandom(0).permutation(1));
    }

    @Test
    void standardNormalIsLegacyGaussWithItsCache() {
        var rng = new NumpyRandom(0);
        double[] expected = {1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458,
            1.8675579901499675};
        for (double e : expected) {
            assertEquals(e, rng.standardNormal());
        }
        var top = new NumpyRandom(4294967295L);
        top.randomSample();
        assertEquals(0.0813036681172692, top.standardNormal());
        assertEquals(0.4096851233481656, top.standardNormal());
        assertEquals(0.31595808265170017, top.standardNormal());
    }

    /** docs/robot.md §2: bayes_opt's first random point, {@code uniform(-1, 1)} six times, for seeds 10..19. */
    @Test
    void firstRoBoTProbesForSeeds10To19() {
        double[][] w = {
            {0.542641, -0.958496, 0.267296, 0.497608, -0.002986, -0.550407},
            {-0.639461, -0.961050, -0.073563, 0.449868, -0.159593, -0.029146},
            {-0.691674, 0.480099, -0.473370, 0.067479, -0.970850, 0.837494},
            {0.555405, -0.524918, 0.648557, 0.931498, 0.945202, -0.093102},
            {0.027887, 0.546330, 0.740855, -0.983906, -0.380528, 0.915207},
            {0.697635, -0.642208, -0.891274, -0.276923, -0.449198, 0.060000},
            {-0.553418, 0.046327, 0.101403, -0.908796, -0.278542, -0.553838},
            {-0.410670, 0.061174, -0.616958, -0.864199, 0.573971, 0.312667},
            {0.300748, 0.010907, 0.757203, -0.636320, 0.704466, 0.500273},
            {-0.804933, 0.522499, -0.506124, -0.723737, -0.337107, -0.834001},
        };
        for (int s = 0; s < w.length; s++) {
            var rng = new NumpyRandom(10 + s);
            for (int k = 0; k < 6; k++) {
                assertEquals(w[s][k], rng.uniform(-1, 1), 5e-7, "seed " + (10 + s) + ", coordinate " + k);
            }
        }
        // full precision, numpy's repr
        assertEquals(0.542641286533492, new NumpyRandom(10).uniform(-1, 1));
        assertEquals(-0.8049327965010968, new NumpyRandom(19).uniform(-1, 1));
    }

    @Test
    void badArgumentsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
        var r = new NumpyRandom(0);
        e = assertThrows(IllegalArgumentException.class, () -> r.randint(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.randint((1L << 32) + 1));
        assertThrows(IllegalArgumentException.class, () -> r.choice(0));
    }
}
