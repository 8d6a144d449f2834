package io.trainfree.testing;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import java.util.SplittableRandom;

/** Small made-up image sets that a tiny network learns in a few epochs. */
public final class TinyImages {
    private TinyImages() {
    }

    /**
     * {@code n} images of {@code side} x {@code side} pixels in CIFAR-10's 10 classes: image i has class i mod 10,
     * which sets its red level (plus noise); green and blue are noise. Learnable from colour alone.
     */
    public static ImageSet colourClasses(int n, int side, long seed) {
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 3 * side * side];
        var random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < side * side; p++) {
                    int v = c == 0 ? 20 + 23 * labels[i] + random.nextInt(9) : random.nextInt(256);
                    pixels[(i * 3 + c) * side * side + p] = (byte) v;
                }
            }
        }
        return ImageSet.of(Dataset.CIFAR10, side, labels, pixels);
    }
}
