package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.trainfree.model.Init;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * zen (Zen-score, Lin et al., ICCV 2021; official {@code ZeroShotProxy/compute_zen_score.py}, NASLib's {@code zen};
 * docs/proxies.md §6.4): the network re-initialised ({@link Init#NORMAL}: conv and linear weights N(0, 1), biases 0, BN
 * gamma 1 and beta 0), in train mode without gradients; x and &epsilon; ~ N(0, 1) of shape {@code [B, 3, H, W]}
 * (H, W those of the context's images), &alpha; = 0.01; &Delta; = mean over the batch of &Sigma;<sub>c,h,w</sub>
 * |F(x) &minus; F(x + &alpha;&epsilon;)| with F the feature map before global pooling (after the head's BN and ReLU);
 * score = log &Delta; + &Sigma;<sub>BN</sub> log &radic;(mean<sub>c</sub> running_var<sub>c</sub>), the running
 * variances read after the two forward passes (fresh statistics each repeat: start 1, momentum 0.1, unbiased batch
 * variance), averaged over {@code repeats} re-initialisations. Higher is better. Labels and images unused (only their
 * size); the Gaussian draws come from the context's seed.
 *
 * <p>Which batch norms count. The zero-cost network's tracked BNs are the stem's, the four of the reduction blocks
 * and the head's; the cells' BNs track no statistics, and in NASLib's NB201 network (the published {@code zen}
 * column) the cell BNs are declared {@code track_running_stats=False} too, where the published reference reads
 * {@code running_var} of every {@code BatchNorm2d}. With {@code cellNorms = false} only the tracked BNs count. With
 * {@code cellNorms = true} every cell BN counts as if it tracked statistics: its running variance is computed from
 * the batch variances of its inputs in the two passes (0.81 + 0.09 v<sub>1</sub> + 0.1 v<sub>2</sub> per channel,
 * unbiased), which is what a tracking BN would hold (checked against the official network, whose cell BNs track, in
 * the tests); a conv-heavy cell then gains one term per convolution. The published values contain these terms (the
 * NASLib version that computed them evidently tracked cell statistics): on 50 random CIFAR-10 cells, default
 * settings, our {@code cellNorms = true} scores have Spearman 0.996 with the published {@code zen} (0.998 with 8
 * repeats) and a mean offset of &minus;0.05, against 0.64 and an offset of 88 with only the tracked BNs. So the
 * default counts them.
 *
 * <p>A disconnected cell gives F(x) = F(x + &alpha;&epsilon;) exactly, &Delta; = 0 and a score of &minus;&infin;
 * (NASLib publishes its &minus;1e8 marker there). Cost: 2 &times; {@code repeats} forward passes of B images without
 * gradients (0.2 to 0.5 s per full-size CIFAR-10 architecture with the defaults, single-threaded, loaded machine).
 *
 * @param batchSize B (16 in the official script; NASLib uses its loader's batch size)
 * @param repeats   re-initialisations averaged (1 in Zen-NAS search and NASLib, 32 in the standalone script)
 * @param alpha     the mixing weight &alpha; (0.01)
 * @param cellNorms count the cells' untracked BNs as if they tracked statistics
 */
public record Zen(int batchSize, int repeats, double alpha, boolean cellNorms) implements Proxy {
    /** The official script's batch. */
    public static final int BATCH_SIZE = 16;
    /** The official mixup gamma. */
    public static final double ALPHA = 0.01;

    public Zen {
        if (batchSize < 2) {
            throw new IllegalArgumentException("zen: batch size must be >= 2 (batch statistics), got " + batchSize);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("zen: repeats must be >= 1, got " + repeats);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("zen: alpha must be positive and finite, got " + alpha);
        }
    }

    /** B = 16, one repeat (as NASLib and Zen-NAS search), &alpha; = 0.01, cell BNs counted as tracking. */
    public Zen() {
        this(BATCH_SIZE, 1, ALPHA, true);
    }

    @Override
    public String name() {
        return "zen";
    }

    @Override
    public double score(ProxyContext context) {
        Shape in = context.batch().images().getShape();
        Shape shape = new Shape(batchSize, 3, in.get(2), in.get(3));
        double total = 0;
        for (int r = 0; r < repeats; r++) {
            total += repeat(context.net(), context.manager(), shape, context.seed(), r);
        }
        return total / repeats;
    }

    private double repeat(Nb201Net net, NDManager parent, Shape shape, long seed, int r) {
        try (NDManager m = parent.newSubManager()) {
            Nb201Params params = Nb201Params.create(net, m, Init.NORMAL, Tensors.seed(seed, "zen-weights", r));
            SplittableRandom rng = new SplittableRandom(Tensors.seed(seed, "zen-inputs", r));
            NDArray x = gaussian(m, shape, rng);
            NDArray mixed = x.add(gaussian(m, shape, rng).mul(alpha));

            Map<String, Layer.BatchNorm> untracked = cellNorms ? untrackedNormsByInput(net) : Map.of();
            Map<String, List<double[]>> variances = new LinkedHashMap<>();
            NDArray[] features = new NDArray[1];
            Recorder recorder = new Recorder() {
                @Override
                public NDArray layerOutput(Layer.Weighted layer, NDArray output) {
                    if (untracked.containsKey(layer.name())) {
                        variances.computeIfAbsent(layer.name(), k -> new ArrayList<>())
                                .add(Tensors.scoped(output, Zen::unbiasedChannelVariance));
                    }
                    return output;
                }

                @Override
                public void features(NDArray f) {
                    features[0] = f;
                }
            };
            net.forward(params, x, recorder);
            NDArray f1 = features[0];
            net.forward(params, mixed, recorder);
            NDArray f2 = features[0];
            double delta = f1.sub(f2).abs().toType(DataType.FLOAT64, false).sum(new int[] {1, 2, 3}).mean()
                    .getDouble();

            double bn = 0;
            for (Layer layer : net.layers()) {
                if (layer instanceof Layer.BatchNorm norm && norm.tracked()) {
                    bn += 0.5 * Math.log(params.get(norm.name() + ".running_var").toType(DataType.FLOAT64, false)
                            .mean().getDouble());
                }
            }
            for (List<double[]> passes : variances.values()) { // one per cell convolution, two passes each
                bn += 0.5 * Math.log(trackedVarianceMean(passes));
            }
            return Math.log(delta) + bn;
        }
    }

    /** N(0, 1) draws of {@code shape}, float32, in the generator's order. */
    private static NDArray gaussian(NDManager m, Shape shape, SplittableRandom rng) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return m.create(v, shape);
    }

    /**
     * The untracked batch norms (the zero-cost network's cell BNs) by the name of the convolution that feeds them: in
     * module order each such BN follows its convolution.
     */
    static Map<String, Layer.BatchNorm> untrackedNormsByInput(Nb201Net net) {
        List<Layer> layers = net.layers();
        Map<String, Layer.BatchNorm> byConv = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Layer.BatchNorm norm && !norm.tracked()) {
                if (i == 0 || !(layers.get(i - 1) instanceof Layer.Conv2d conv)) {
                    throw new IllegalStateException(net + ": batch norm " + norm.name()
                            + " does not follow a convolution");
                }
                byConv.put(conv.name(), norm);
            }
        }
        return byConv;
    }

    /** Per channel, the unbiased variance over batch and pixels of {@code [B, C, H, W]}, as PyTorch's BN tracks it. */
    static double[] unbiasedChannelVariance(NDArray y) {
        Shape s = y.getShape();
        long n = s.get(0) * s.get(2) * s.get(3);
        NDArray y64 = y.toType(DataType.FLOAT64, false);
        NDArray centred = y64.sub(y64.sum(new int[] {0, 2, 3}, true).div(n)); // PyTorch's mean takes one axis
        return centred.square().sum(new int[] {0, 2, 3}).div(n - 1).toDoubleArray();
    }

    /**
     * mean<sub>c</sub> of the running variance a tracking BN (momentum 0.1, starting at 1) holds after passes with
     * these batch variances.
     */
    static double trackedVarianceMean(List<double[]> passes) {
        double[] running = null;
        for (double[] v : passes) {
            if (running == null) {
                running = new double[v.length];
                Arrays.fill(running, 1);
            }
            for (int c = 0; c < v.length; c++) {
                running[c] = 0.9 * running[c] + 0.1 * v[c];
            }
        }
        double sum = 0;
        for (double v : running) {
            sum += v;
        }
        return sum / running.length;
    }
}
