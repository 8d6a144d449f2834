package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * swap (SWAP-Score, Peng et al., ICLR 2024; official code {@code pym1024/SWAP}, docs/swap.md §1): the number of
 * distinct sample-wise activation patterns. The network is re-initialised ({@link Init#NORMAL}: conv and linear weights
 * N(0, 1), biases 0, BN gamma 1 and beta 0) and run once, without gradients and with batch statistics, on S images;
 * every executed ReLU (all are 4-D here: the conv ops', the reductions', the head's) gives its output, and each of its
 * units (channel and pixel) has a pattern of S bits, bit s = 1 iff the unit is &gt; 0 on sample s. &Psi; = the number
 * of distinct patterns over all units of all layers pooled (identical patterns from different layers count once). The
 * score is the mean of &Psi; over {@code repeats} fresh initialisations. Higher is better; data-dependent, labels
 * unused.
 *
 * <p>Patterns are packed on the device into one integer per unit (&Sigma;<sub>s</sub> bit<sub>s</sub>
 * 2<sup>s</sup>, int64), which for S &le; 63 counts exactly what the official {@code unique(dim=0)} of the unit
 * rows counts (docs/swap.md §3); distinct codes are counted on the host (a bitmap of 2<sup>S</sup> bits for S &le; 24,
 * else a sort). &Psi; &le; min(V, 2<sup>S</sup>): at S = 16 the larger NB201 cells come close to 65,536 and are
 * barely told apart (docs/swap.md §7).
 *
 * <p>Deviations: repeat r draws its weights from a seed made of the context's seed and r, so a value can be
 * recomputed (the official code never seeds its re-initialisation); the reference's input is the first 16 CIFAR-10
 * training images, unaugmented, the same for every architecture, while the default {@link Input#batchHead()} takes
 * the first S images of the context's batch (drawn and augmented per architecture by the runner): use
 * {@link Input#first(ImageSet)} for the reference's fixed images. A disconnected cell is still defined (the ReLUs
 * before its zero output see data; later ones give the all-zero pattern, one more distinct pattern).
 *
 * <p>Cost: {@code repeats} forward passes of S images without gradients (3.6 to 8 s per full-size CIFAR-10
 * architecture for 32 repeats, measured single-threaded on a shared, loaded machine; the forwards dominate). The
 * per-repeat counts are a shared pass ({@link ProxyContext#shared}), so
 * {@code swap} and {@link SwapReg swap_reg} with equal settings compute them once.
 *
 * @param repeats re-initialisations averaged (the official 32)
 * @param samples S, the images (the official 16); 1..63
 * @param input   where the S images come from
 */
public record Swap(int repeats, int samples, Input input) implements Proxy {
    /** The official number of re-initialisations. */
    public static final int REPEATS = 32;
    /** The official number of images. */
    public static final int SAMPLES = 16;
    /** Largest S whose patterns fit one long. */
    public static final int MAX_SAMPLES = 63;
    /** Largest S counted with a bitmap of 2<sup>S</sup> bits (2 MB) rather than by sorting. */
    private static final int BITMAP_SAMPLES = 24;

    public Swap {
        if (repeats < 1) {
            throw new IllegalArgumentException("swap: repeats must be >= 1, got " + repeats);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("swap: samples must be in 1.." + MAX_SAMPLES + " (one long per unit),"
                    + " got " + samples);
        }
        Objects.requireNonNull(input, "input");
    }

    /** The official setting: 32 repeats of 16 images, taken from the head of the context's batch. */
    public Swap() {
        this(REPEATS, SAMPLES, Input.batchHead());
    }

    /** With another number of repeats. */
    public Swap withRepeats(int r) {
        return new Swap(r, samples, input);
    }

    /** With another S. */
    public Swap withSamples(int s) {
        return new Swap(repeats, s, input);
    }

    /** With images from elsewhere. */
    public Swap withInput(Input in) {
        return new Swap(repeats, samples, in);
    }

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public double score(ProxyContext context) {
        return patterns(context).mean();
    }

    /** The per-repeat counts for the context's architecture, computed once per context and setting. */
    public Patterns patterns(ProxyContext context) {
        return context.shared(this, Patterns.class, () -> computePatterns(context));
    }

    private Patterns computePatterns(ProxyContext context) {
        Nb201Net net = context.net();
        int[] counts = new int[repeats];
        long units = 0;
        for (int r = 0; r < repeats; r++) {
            try (NDManager m = context.manager().newSubManager()) {
                NDArray x = input.images(context, samples, m);
                if (x.getShape().dimension() != 4 || x.getShape().get(0) != samples) {
                    throw new IllegalStateException("swap input " + input + " gave " + x.getShape() + ", expected ["
                            + samples + ", 3, H, W]");
                }
                Nb201Params params = Nb201Params.create(net, m, Init.NORMAL, Tensors.seed(context.seed(), "swap", r));
                List<long[]> codes = new ArrayList<>();
                Recorder recorder = Recorder.relus((site, in, out) -> codes.add(Tensors.scoped(out, Swap::pack)));
                net.forward(params, x, recorder);
                counts[r] = countDistinct(codes, samples);
                units = codes.stream().mapToLong(c -> c.length).sum();
            }
        }
        return new Patterns(counts, units, samples);
    }

    /**
     * The pattern code of every unit of one activation {@code [S, ...]}: bit s is set iff the unit is &gt; 0 on
     * sample s. Units in row-major order of the non-batch axes.
     */
    static long[] pack(NDArray activation) {
        int s = (int) activation.getShape().get(0);
        if (s > MAX_SAMPLES) {
            throw new IllegalArgumentException("cannot pack " + s + " samples into a long");
        }
        long[] powers = new long[s];
        for (int i = 0; i < s; i++) {
            powers[i] = 1L << i;
        }
        NDArray weights = activation.getManager().create(powers, new Shape(s, 1));
        NDArray bits = activation.reshape(s, -1).gt(0).toType(DataType.INT64, false);
        return bits.mul(weights).sum(new int[] {0}).toLongArray();
    }

    /** The number of distinct codes among all of {@code codes}, each code a pattern of {@code samples} bits. */
    static int countDistinct(List<long[]> codes, int samples) {
        if (samples <= BITMAP_SAMPLES) {
            long[] seen = new long[Math.max(1, (1 << samples) >>> 6)];
            int distinct = 0;
            for (long[] chunk : codes) {
                for (long c : chunk) {
                    int word = (int) (c >>> 6);
                    long bit = 1L << (c & 63);
                    if ((seen[word] & bit) == 0) {
                        seen[word] |= bit;
                        distinct++;
                    }
                }
            }
            return distinct;
        }
        long[] all = codes.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * SWAP's counts for one architecture.
     *
     * @param counts  &Psi; of each repeat
     * @param units   V, the units (patterns) per repeat
     * @param samples S
     */
    public record Patterns(int[] counts, long units, int samples) {
        public Patterns {
            counts = counts.clone();
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        /** The SWAP-Score: the mean of &Psi; over the repeats. */
        public double mean() {
            double sum = 0;
            for (int c : counts) {
                sum += c;
            }
            return sum / counts.length;
        }

        /** How close to its cap the score is: mean &Psi; / min(V, 2<sup>S</sup>). */
        public double saturation() {
            return mean() / Math.min((double) units, Math.pow(2, samples));
        }
    }

    /**
     * Where SWAP's S images come from. Implementations are compared by identity as part of a {@link Swap}'s setting
     * (which decides whether swap and swap_reg share their counts), so reuse one instance.
     */
    @FunctionalInterface
    public interface Input {
        /**
         * {@code samples} images {@code [S, 3, H, W]}, float32, normalised, in {@code manager} (H and W multiples of
         * 4).
         */
        NDArray images(ProxyContext context, int samples, NDManager manager);

        /** The first S images of the context's batch (drawn per architecture, augmented if the runner augments). */
        static Input batchHead() {
            return BatchHead.INSTANCE;
        }

        /**
         * The first S images of {@code images}, unaugmented and normalised with their dataset's statistics, the same
         * for every architecture: the official protocol with the CIFAR-10 training set (whose first 16 records
         * are, in the shared copy, not torchvision's; docs/swap.md §7).
         */
        static Input first(ImageSet images) {
            return new FirstImages(BatchSampler.evaluation(images));
        }
    }

    private enum BatchHead implements Input {
        INSTANCE;

        @Override
        public NDArray images(ProxyContext context, int samples, NDManager manager) {
            NDArray all = context.batch().images();
            long n = all.getShape().get(0);
            if (n < samples) {
                throw new IllegalArgumentException("swap needs " + samples + " images, the batch has " + n
                        + "; use a larger batch or fewer samples (Swap.withSamples)");
            }
            return all.get(manager, new NDIndex("0:{}", samples));
        }

        @Override
        public String toString() {
            return "the head of the context's batch";
        }
    }

    private static final class FirstImages implements Input {
        private final BatchSampler sampler;

        FirstImages(BatchSampler sampler) {
            this.sampler = sampler;
        }

        @Override
        public NDArray images(ProxyContext context, int samples, NDManager manager) {
            if (sampler.images().dataset() != context.dataset()) {
                throw new IllegalArgumentException("swap input images are " + sampler.images().dataset()
                        + ", the architecture is scored on " + context.dataset());
            }
            return sampler.first(samples, manager).images();
        }

        @Override
        public String toString() {
            return "the first images of " + sampler.images();
        }
    }
}
