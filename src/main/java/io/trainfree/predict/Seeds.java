package io.trainfree.predict;

/** Independent seeds for the parts of a run, derived from its one seed (SplitMix64's finaliser). */
final class Seeds {
    /** Parameter initialisation. */
    static final int INIT = 0;
    /** Step 1's batch order, pairs and dropout. */
    static final int PRETRAIN = 1;
    /** Step 2's. */
    static final int TRAIN = 2;

    private Seeds() {
    }

    /** The seed of part {@code part} of a run seeded {@code seed}. */
    static long of(long seed, int part) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (part + 1));
    }

    /** An int seed for the engine's generator ({@code Engine.setRandomSeed} takes an int). */
    static int engine(long seed) {
        return (int) (mix(seed) >>> 33);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
