package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * linear_regions (TE-NAS's count, Chen et al., ICLR 2021; the "standard" activation pattern of docs/swap.md §1): the
 * number of distinct activation patterns among S samples, a sample's pattern being the on/off state of every ReLU unit
 * of the network, all layers together. Two samples with one pattern lie in one linear region of the network at
 * initialisation, so this counts the regions the samples hit; it is at most S. The network is re-initialised with
 * PyTorch's defaults for each of {@code repeats} runs and the counts averaged; images are the first S of the
 * context's batch, centre-cropped to {@code side} pixels ({@code side} 0: whole), batch norms on batch statistics.
 *
 * <p>Patterns are compared by two 64-bit fingerprints per sample, each a sum over units of the unit's bit times a
 * random float64 weight (drawn per layer from the seed): different patterns share both fingerprints only if two
 * random-weighted sums coincide exactly, which does not happen in practice. Patterns are exact bits: copies of one
 * image in a batch can land in different regions, as the engine's batched arithmetic is not bitwise the same at every
 * batch position and flips units that sit at zero (measured: 6 copies gave 2.5 regions on average on a tiny net).
 *
 * @param repeats re-initialisations averaged
 * @param samples S
 * @param side    centre crop of the images (0: whole images)
 */
public record LinearRegions(int repeats, int samples, int side) implements Proxy {
    public LinearRegions {
        if (repeats < 1 || samples < 1 || side < 0) {
            throw new IllegalArgumentException("linear_regions: repeats and samples must be >= 1 and side >= 0, got "
                    + repeats + ", " + samples + ", " + side);
        }
    }

    /** 3 repeats of 64 whole images. */
    public LinearRegions() {
        this(3, 64, 0);
    }

    @Override
    public String name() {
        return "linear_regions";
    }

    @Override
    public double score(ProxyContext context) {
        double sum = 0;
        for (int r = 0; r < repeats; r++) {
            sum += count(context, r);
        }
        return sum / repeats;
    }

    private int count(ProxyContext context, int repeat) {
        try (NDManager m = context.manager().newSubManager()) {
            NDArray all = context.batch().images();
            long n = all.getShape().get(0);
            if (n < samples) {
                throw new IllegalArgumentException("linear_regions needs " + samples + " images, the batch has " + n);
            }
            NDArray x = all.get(m, new NDIndex("0:{}", samples));
            if (side > 0) {
                long h = x.getShape().get(2);
                long from = (h - side) / 2;
                x = x.get(new NDIndex(":, :, {}:{}, {}:{}", from, from + side, from, from + side));
            }
            long seed = Tensors.seed(context.seed(), "linear_regions", repeat);
            Nb201Params params = Nb201Params.create(context.net(), m, Init.PYTORCH_DEFAULT, seed);
            var random = new SplittableRandom(seed);
            double[][] prints = new double[2][samples];
            context.net().forward(params, x, Recorder.relus((site, in, out) -> {
                for (double[] p : prints) {
                    double[] h = Tensors.scoped(out, a -> fingerprint(a, random.nextLong()));
                    for (int s = 0; s < samples; s++) {
                        p[s] += h[s];
                    }
                }
            }));
            Set<String> distinct = new HashSet<>();
            for (int s = 0; s < samples; s++) {
                distinct.add(Double.doubleToLongBits(prints[0][s]) + ":" + Double.doubleToLongBits(prints[1][s]));
            }
            return distinct.size();
        }
    }

    /** Per sample, &Sigma;<sub>units</sub> [unit &gt; 0] w<sub>unit</sub>, with weights N(0, 1) drawn from the seed. */
    private static double[] fingerprint(NDArray activation, long seed) {
        long s = activation.getShape().get(0);
        NDArray bits = activation.reshape(s, -1).gt(0).toType(DataType.FLOAT64, false);
        long units = bits.getShape().get(1);
        NDManager m = activation.getManager();
        var rng = new SplittableRandom(seed);
        double[] w = new double[Math.toIntExact(units)];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        return bits.matMul(m.create(w, new Shape(units, 1))).toDoubleArray();
    }
}
