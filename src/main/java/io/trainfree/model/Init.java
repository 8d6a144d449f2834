package io.trainfree.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How {@link Nb201Params#create} fills a new parameter set. Every tensor draws from its own generator, seeded from
 * the set's seed and the tensor's name, so a tensor's values depend on neither the other layers of the network nor
 * the order of creation: two architectures share their stem weights under one seed, and a supernet made from
 * {@link Nb201Net#supernetLayers()} agrees with the network on every shared tensor. Values are drawn in Java, so they
 * are the same on every engine and device. Batch norms always start at gamma 1, beta 0, running mean 0, running
 * variance 1.
 */
public enum Init {
    /**
     * PyTorch's defaults for {@code Conv2d} and {@code Linear} (the reference's {@code initwnone_initbnone}):
     * weights and biases U(-1/&radic;fan_in, 1/&radic;fan_in), fan_in = in &middot; k &middot; k.
     */
    PYTORCH_DEFAULT,
    /** Weights N(0, 1), biases 0: the re-initialisation of SWAP and Zen-NAS. */
    NORMAL;

    /** Fills {@code values} for tensor {@code p} of {@code layer}. */
    void fill(Param p, Layer layer, long seed, float[] values) {
        switch (p.role()) {
            case WEIGHT, BIAS -> {
                Layer.Weighted w = (Layer.Weighted) layer;
                SplittableRandom rng = new SplittableRandom(streamSeed(seed, p.name()));
                if (this == PYTORCH_DEFAULT) {
                    double bound = 1 / Math.sqrt(w.fanIn());
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (bound * (2 * rng.nextDouble() - 1));
                    }
                } else if (p.role() == Param.Role.WEIGHT) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) rng.nextGaussian();
                    }
                } // NORMAL biases stay 0
            }
            case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
            case BETA, RUNNING_MEAN -> { } // zeros
        }
    }

    /** A generator seed for tensor {@code name} under {@code seed}: SplitMix64's finaliser over the seed and FNV-1a. */
    static long streamSeed(long seed, String name) {
        long h = 0xCBF29CE484222325L; // FNV-1a, 64 bits, over the UTF-16 chars
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return mix(mix(seed) ^ h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
