package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.trainfree.model.DartsProxyNet;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import io.trainfree.space.DartsGenotype;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SWAP-Score of DARTS genotypes with the SWAP paper's protocol ({@link Swap} for the definition): the genotype's
 * {@link DartsProxyNet} re-initialised {@code repeats} times ({@link Init#NORMAL}: convolution and linear weights
 * N(0, 1), biases 0, batch norms gamma 1 and beta 0), run once each without gradients on the same S images with batch
 * statistics; &Psi; = the number of distinct S-bit patterns over every unit of every ReLU output (all 4-D); the score
 * is the mean &Psi;. Repeat r of genotype i draws its weights from {@code (seed, i, r)}, so a value can be recomputed.
 *
 * @param repeats re-initialisations averaged (the official 32)
 */
public record DartsSwap(int repeats) {
    public DartsSwap {
        if (repeats < 1) {
            throw new IllegalArgumentException("swap: repeats must be >= 1, got " + repeats);
        }
    }

    /** The official 32 repeats. */
    public DartsSwap() {
        this(Swap.REPEATS);
    }

    /**
     * The per-repeat counts of one genotype on {@code images} {@code [S, 3, H, W]} (normalised; S &le; 63).
     *
     * @param seed the genotype's seed (e.g. a base seed and its position in a list, {@link #seedFor})
     */
    public Swap.Patterns patterns(DartsGenotype genotype, NDArray images, long seed, NDManager parent) {
        Objects.requireNonNull(genotype, "genotype");
        int samples = (int) images.getShape().get(0);
        if (images.getShape().dimension() != 4 || samples > Swap.MAX_SAMPLES) {
            throw new IllegalArgumentException("swap needs images [S <= " + Swap.MAX_SAMPLES + ", 3, H, W], got "
                    + images.getShape());
        }
        var net = DartsProxyNet.of(genotype);
        int[] counts = new int[repeats];
        long units = 0;
        for (int r = 0; r < repeats; r++) {
            try (NDManager m = parent.newSubManager()) {
                // the pass's arrays belong to its input's manager: a copy in this repeat's manager frees them all
                NDArray x = images.duplicate();
                x.attach(m);
                Nb201Params params = Nb201Params.create(net.layers(), m, Init.NORMAL, Tensors.seed(seed, "swap", r));
                List<long[]> codes = new ArrayList<>();
                net.forward(params, x, Recorder.relus((site, in, out) -> codes.add(Tensors.scoped(out,
                        Swap::pack))));
                counts[r] = Swap.countDistinct(codes, samples);
                units = codes.stream().mapToLong(c -> c.length).sum();
            }
        }
        return new Swap.Patterns(counts, units, samples);
    }

    /** The seed of genotype {@code position} under {@code base}. */
    public static long seedFor(long base, int position) {
        return Tensors.seed(base, "darts", position);
    }
}
