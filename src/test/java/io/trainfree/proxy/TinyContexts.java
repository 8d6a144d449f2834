package io.trainfree.proxy;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import java.util.SplittableRandom;

/** Small networks and synthetic batches, so proxy tests run in milliseconds. */
final class TinyContexts {
    static final String MIXED =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|";
    static final String DISCONNECTED =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|none~1|none~2|";

    private TinyContexts() {
    }

    /** A CIFAR-10-shaped network with 4 channels and one cell per stage. */
    static Nb201Net net(String arch) {
        return Nb201Net.of(Nb201Arch.parse(arch), Dataset.CIFAR10).withChannels(4).withCellsPerStage(1);
    }

    /** {@code n} random 32x32 images with labels 0..9, drawn from {@code seed}, not augmented. */
    static Batch batch(int n, long seed, NDManager manager) {
        var rng = new SplittableRandom(seed);
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        ImageSet images = ImageSet.of(Dataset.CIFAR10, 32, labels, pixels);
        return BatchSampler.evaluation(images).first(n, manager);
    }

    static ProxyContext context(String arch, int n, long batchSeed, long seed, NDManager manager) {
        return context(arch, n, batchSeed, seed, Proxy.Needs.NONE, manager);
    }

    /** A context planned for {@code needs}. */
    static ProxyContext context(String arch, int n, long batchSeed, long seed, Proxy.Needs needs,
            NDManager manager) {
        return new ProxyContext(net(arch), Dataset.CIFAR10, manager, batch(n, batchSeed, manager), seed, needs);
    }
}
