package io.trainfree.proxy;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import java.util.SplittableRandom;

/** Tiny networks and synthetic batches for the proxy tests: C = 4, one cell per stage, 8x8 images. */
final class Tiny {
    static final int SIDE = 8;
    static final Nb201Arch ALL_OPS = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
    /** Every path into node 3 is none: the cell outputs zeros. */
    static final Nb201Arch DISCONNECTED = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|none~1|none~2|");

    private Tiny() {
    }

    static Nb201Net net(Nb201Arch arch) {
        return Nb201Net.of(arch, Dataset.CIFAR10.numClasses()).withChannels(4).withCellsPerStage(1);
    }

    /** {@code n} random 8x8 CIFAR-10 images with labels 0, 1, 2, 0, 1, 2, ... */
    static ImageSet images(int n, long seed) {
        var rng = new SplittableRandom(seed);
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 3 * SIDE * SIDE];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        return ImageSet.of(Dataset.CIFAR10, SIDE, labels, pixels);
    }

    /** A context for the tiny network of {@code arch} over {@code n} random images, seeded. */
    static ProxyContext context(Nb201Arch arch, int n, long seed, NDManager m) {
        return context(net(arch), n, seed, m);
    }

    static ProxyContext context(Nb201Net net, int n, long seed, NDManager m) {
        Batch batch = BatchSampler.evaluation(images(n, 99)).first(n, m);
        return new ProxyContext(net, Dataset.CIFAR10, m, batch, seed);
    }
}
