package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Isomorphism;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SwapTest {
    /** A unit's pattern as a string of S bits, from host values {@code [S][units]}. */
    private static Set<String> naivePatterns(List<float[]> layers, int samples) {
        Set<String> distinct = new HashSet<>();
        for (float[] a : layers) {
            int units = a.length / samples;
            for (int u = 0; u < units; u++) {
                var sb = new StringBuilder(samples);
                for (int s = 0; s < samples; s++) {
                    sb.append(a[s * units + u] > 0 ? '1' : '0');
                }
                distinct.add(sb.toString());
            }
        }
        return distinct;
    }

    /** 3 samples x 4 units; units 1 and 3 share the pattern 000. */
    @Test
    void packedPatternsOfAKnownMatrix() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0, 2, 0, 0, 0, 3, 0, 5, 0, 1, 0}, new Shape(3, 4));
            long[] codes = Swap.pack(a);
            assertArrayEquals(new long[] {1 + 4, 0, 1 + 2 + 4, 0}, codes);
            assertEquals(3, Swap.countDistinct(List.of(codes), 3));
            // two layers: a pattern seen in both counts once
            assertEquals(4, Swap.countDistinct(List.of(codes, new long[] {7, 2}), 3));
            // the largest codes of the float path (S = 24) and of the integer path (S = 63) are exact
            float[] ones = new float[63];
            java.util.Arrays.fill(ones, 0.5f);
            assertArrayEquals(new long[] {(1L << 24) - 1}, Swap.pack(m.create(ones, new Shape(24, 1)).get("0:24")));
            assertArrayEquals(new long[] {Long.MAX_VALUE}, Swap.pack(m.create(ones, new Shape(63, 1))));
        }
    }

    /** The bitmap (S <= 24) and the sort (S > 24) both count what a set of bit strings counts. */
    @Test
    void packingAndCountingEqualANaiveDistinctRowCount() {
        var rng = new SplittableRandom(11);
        for (int samples : new int[] {5, 12, 30}) {
            try (NDManager m = NDManager.newBaseManager()) {
                // few distinct unit patterns, so that duplicates are common: each unit copies one of 40 prototypes
                int[][] prototypes = new int[40][samples];
                for (int[] p : prototypes) {
                    for (int s = 0; s < samples; s++) {
                        p[s] = rng.nextInt(3) == 0 ? 1 : 0;
                    }
                }
                List<float[]> layers = new ArrayList<>();
                List<long[]> codes = new ArrayList<>();
                for (int units : new int[] {7, 64, 300}) {
                    float[] a = new float[samples * units];
                    for (int u = 0; u < units; u++) {
                        int[] p = prototypes[rng.nextInt(prototypes.length)];
                        for (int s = 0; s < samples; s++) {
                            a[s * units + u] = p[s] == 1 ? (float) rng.nextDouble(0.01, 3) : 0;
                        }
                    }
                    layers.add(a);
                    codes.add(Swap.pack(m.create(a, new Shape(samples, units))));
                }
                int expected = naivePatterns(layers, samples).size();
                assertTrue(expected <= 40 && expected > 5, "test setup: " + expected);
                assertEquals(expected, Swap.countDistinct(codes, samples), "S = " + samples);
            }
        }
    }

    /** Repeat 0 of the proxy against a plain count over the ReLU outputs of the same weights and images. */
    @Test
    void firstRepeatEqualsAPlainCountOverTheNetworksReluOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            int samples = 12; // 2^12 patterns possible, more than the ~1,500 units: no saturation
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 16, 3, m);
            Nb201Params p = Nb201Params.create(context.net(), m, Init.NORMAL, Tensors.seed(3, "swap", 0));
            NDArray x = context.batch().images().get(new NDIndex("0:12"));
            List<float[]> outputs = new ArrayList<>();
            context.net().forward(p, x, Recorder.relus((site, in, out) -> outputs.add(out.toFloatArray())));
            Swap swap = new Swap(2, samples, Swap.Input.batchHead());
            Swap.Patterns patterns = swap.patterns(context);
            assertEquals(naivePatterns(outputs, samples).size(), patterns.counts()[0]);
            assertEquals(outputs.stream().mapToLong(a -> a.length / samples).sum(), patterns.units());
            assertNotEquals(patterns.counts()[0], patterns.counts()[1], "repeats re-initialise");
            assertEquals((patterns.counts()[0] + patterns.counts()[1]) / 2.0, swap.score(context), 0.0);
        }
    }

    /**
     * NB201 7894 and 9758 compute the same function (docs/swap.md §7): they differ only on edges feeding node 2, which
     * feeds nothing. The dead convolution's ReLU repeats patterns already there, so with the same seed the counts are
     * equal.
     */
    @Test
    void isomorphicCellsScoreIdentically() {
        Nb201Arch a = Nb201Arch.parse(
                "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|none~2|");
        Nb201Arch b = Nb201Arch.parse(
                "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|skip_connect~1|none~2|");
        assertEquals(Nb201Isomorphism.nb201().key(a), Nb201Isomorphism.nb201().key(b));
        Swap swap = new Swap(3, 8, Swap.Input.batchHead());
        try (NDManager m = NDManager.newBaseManager()) {
            Swap.Patterns pa = swap.patterns(Tiny.context(a, 8, 17, m));
            Swap.Patterns pb = swap.patterns(Tiny.context(b, 8, 17, m));
            assertArrayEquals(pa.counts(), pb.counts());
            assertNotEquals(pa.units(), pb.units(), "a runs one more ReLU");
            assertArrayEquals(pa.counts(), swap.patterns(Tiny.context(a, 8, 17, m)).counts(), "same seed");
            assertNotEquals(pa.mean(), swap.patterns(Tiny.context(a, 8, 18, m)).mean(), "another seed");
        }
    }

    @Test
    void swapAndSwapRegShareOnePassAndTheRegulariserIsTheFormula() {
        Swap swap = new Swap(2, 8, Swap.Input.batchHead());
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 3, m);
            Swap.Patterns first = swap.patterns(context);
            assertSame(first, new Swap(2, 8, Swap.Input.batchHead()).patterns(context), "equal settings share");
            double psi = swap.score(context);

            // Theta by hand: the official network of C=4, N=1 (cell convs without bias, cell BN with gamma/beta)
            long base = Nb201Net.official(Nb201Arch.fromCode(0), Dataset.CIFAR10).withChannels(4).withCellsPerStage(1)
                    .paramCount(); // all-none cell: no cell parameters
            long cell = 0;
            for (int c : new int[] {4, 8, 16}) { // two 3x3 convs and one 1x1 per cell, each with a BN (2c)
                cell += 2 * (9L * c * c + 2 * c) + (c * c + 2 * c);
            }
            double theta = (base + cell) / 1e3;
            assertEquals(theta, SwapReg.thetaK(context.net()), 1e-12);

            double mu = theta + 3;
            SwapReg reg = new SwapReg(swap, mu, 4.5, false);
            assertEquals(Math.exp(-2), reg.factor(theta), 1e-15);
            assertEquals(psi * Math.exp(-2), reg.score(context), 1e-12 * psi);
            assertEquals(Math.log(psi) - 2, new SwapReg(swap, mu, 4.5, true).score(context), 1e-12);
            assertSame(first, swap.patterns(context), "swap_reg reused the counts");
        }
    }

    /** The default mu = sigma is the mean #params (K) of the 15,625 cells on CIFAR-10; Theta is the benchmark's. */
    @Test
    void defaultMuIsTheSpaceMeanAndThetaIsTheBenchmarksCount() {
        double sum = 0;
        for (Nb201Arch arch : Nb201Arch.all()) { // closed form; Nb201NetTest: equal to the official network's count
            sum += Nb201.params(arch, Dataset.CIFAR10) * 1e3;
        }
        assertEquals(SwapReg.SPACE_MEAN_K, sum / Nb201Arch.SPACE_SIZE, 1e-9);
        var rng = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            Nb201Arch arch = Nb201Arch.random(rng);
            assertEquals(Nb201.params(arch, Dataset.CIFAR10) * 1e3, SwapReg.thetaK(Nb201Net.of(arch, Dataset.CIFAR10)),
                    1e-9, arch.toString());
        }
        assertEquals(1.0, new SwapReg().factor(SwapReg.SPACE_MEAN_K));
        assertThrows(IllegalArgumentException.class, () -> new SwapReg(new Swap(), 1, 0, false));
    }

    @Test
    void imagesFromTheBatchHeadOrAFixedSet() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 4, 3, m);
            var tooMany = assertThrows(IllegalArgumentException.class,
                    () -> new Swap(1, 8, Swap.Input.batchHead()).score(context));
            assertTrue(tooMany.getMessage().contains("batch has 4"), tooMany.getMessage());
            // the first 8 images of a fixed set: the same whatever the context's batch
            Swap fixed = new Swap(2, 8, Swap.Input.first(Tiny.images(8, 99)));
            double a = fixed.score(context);
            double b = new Swap(2, 8, Swap.Input.batchHead()).score(Tiny.context(Tiny.ALL_OPS, 8, 3, m));
            assertEquals(b, a, 0.0, "Tiny's batch is the first 8 of the same images, unaugmented");
        }
    }
}
