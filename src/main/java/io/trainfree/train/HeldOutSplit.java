package io.trainfree.train;

import io.trainfree.math.NumpyRandom;
import java.util.Arrays;

/**
 * The first {@code images} training images split by a seeded shuffle ({@code numpy.random.RandomState(seed)
 * .permutation}): the first {@code heldOut} of the shuffled order are held out for accuracy, the rest are trained on.
 *
 * @param train   indices trained on
 * @param heldOut indices held out
 */
public record HeldOutSplit(int[] train, int[] heldOut) {
    /**
     * @throws IllegalArgumentException unless {@code 0 <= heldOut < images}
     */
    public static HeldOutSplit of(int images, int heldOut, long seed) {
        if (images < 1 || heldOut < 0 || heldOut >= images) {
            throw new IllegalArgumentException("cannot hold out " + heldOut + " of " + images + " images");
        }
        int[] order = new NumpyRandom(seed).permutation(images);
        return new HeldOutSplit(Arrays.copyOfRange(order, heldOut, images), Arrays.copyOf(order, heldOut));
    }
}
