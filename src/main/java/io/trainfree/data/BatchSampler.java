package io.trainfree.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws batches from an image set, augmented and normalised, into a caller's NDManager: the data side of "one random
 * batch of 64 training images per architecture". A batch is drawn without replacement, like the first batch of a
 * shuffled loader; all randomness comes from the seed or generator passed in, so the same seed gives the same batch.
 * Pixels are transformed on the Java side and the batch becomes two NDArrays, created in the given manager and
 * nowhere else.
 *
 * {@snippet :
 * var sampler = BatchSampler.training(Images.train(Dataset.CIFAR10));     // the reference's crop + flip
 * try (NDManager m = root.newSubManager()) {
 *     Batch batch = sampler.sample(64, BatchSampler.seedFor(42, archIndex), m);
 *     // ... score the architecture on batch.images(), batch.labels()
 * }
 * }
 *
 * @param images        where images come from
 * @param augmentation  applied to every sampled image ({@link Augmentation#none()} for none)
 * @param normalization applied after augmentation
 */
public record BatchSampler(ImageSet images, Augmentation augmentation, Normalization normalization) {
    public BatchSampler {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(normalization, "normalization");
        if (images.size() == 0) {
            throw new IllegalArgumentException("cannot sample batches from an empty image set: " + images);
        }
    }

    /** With the dataset's own normalisation. */
    public static BatchSampler of(ImageSet images, Augmentation augmentation) {
        return new BatchSampler(images, augmentation, Normalization.of(images.dataset()));
    }

    /** The reference's training pipeline: {@link Augmentation#reference} and the dataset's normalisation. */
    public static BatchSampler training(ImageSet images) {
        return of(images, Augmentation.reference(images.dataset()));
    }

    /** No augmentation, the dataset's normalisation. */
    public static BatchSampler evaluation(ImageSet images) {
        return of(images, Augmentation.none());
    }

    /**
     * The seed of architecture {@code index} in a job seeded with {@code base}: {@code base + index}, so each
     * architecture has its own batch and any one of them can be recomputed alone.
     */
    public static long seedFor(long base, int index) {
        return base + index;
    }

    /** {@link #sample(int, RandomGenerator, NDManager)} with {@code new SplittableRandom(seed)}. */
    public Batch sample(int size, long seed, NDManager manager) {
        return sample(size, new SplittableRandom(seed), manager);
    }

    /**
     * {@code size} distinct images drawn uniformly at random (a partial Fisher-Yates shuffle), then each one's crop
     * and flip, in batch order.
     *
     * @throws IllegalArgumentException unless {@code 1 <= size <= images().size()}
     */
    public Batch sample(int size, RandomGenerator random, NDManager manager) {
        Objects.requireNonNull(random, "random");
        checkSize(size);
        int n = images.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] indices = new int[size];
        System.arraycopy(order, 0, indices, 0, size);
        return batch(indices, random, manager);
    }

    /** The first {@code size} images, in order, not augmented (only normalised): a fixed batch. */
    public Batch first(int size, NDManager manager) {
        checkSize(size);
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        List<Augmentation.Crop> crops = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            crops.add(Augmentation.Crop.identity());
        }
        return build(indices, crops, manager);
    }

    /** The images at {@code indices} (repeats allowed), each augmented with draws from {@code random}. */
    public Batch batch(int[] indices, RandomGenerator random, NDManager manager) {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(random, "random");
        if (indices.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        List<Augmentation.Crop> crops = new ArrayList<>(indices.length);
        for (int index : indices) {
            Objects.checkIndex(index, images.size());
            crops.add(augmentation.draw(random));
        }
        return build(indices, crops, manager);
    }

    /**
     * {@code count} square patches of {@code side} pixels, all three channels, each from an image drawn uniformly (with
     * repeats) at an offset drawn uniformly, normalised and not augmented: the inputs of TE-NAS's linear-region count,
     * which draws 3&times;3 patches (docs/gradalign.md). A patch's offset is its {@link Augmentation.Crop} ({@code dy},
     * {@code dx} into the image, never flipped).
     *
     * @throws IllegalArgumentException unless {@code count >= 1} and {@code 1 <= side <=} the images' side
     */
    public Batch patches(int count, int side, RandomGenerator random, NDManager manager) {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(manager, "manager");
        int full = images.side();
        if (count < 1 || side < 1 || side > full) {
            throw new IllegalArgumentException("patches need count >= 1 and a side in 1.." + full + " (the side of "
                    + images + "), got " + count + " of side " + side);
        }
        int[] indices = new int[count];
        List<Augmentation.Crop> crops = new ArrayList<>(count);
        float[] data = new float[count * ImageSet.CHANNELS * side * side];
        long[] labels = new long[count];
        int k = 0;
        for (int b = 0; b < count; b++) {
            int index = random.nextInt(images.size());
            int dy = random.nextInt(full - side + 1);
            int dx = random.nextInt(full - side + 1);
            indices[b] = index;
            crops.add(new Augmentation.Crop(dy, dx, false));
            labels[b] = images.label(index);
            for (int c = 0; c < ImageSet.CHANNELS; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        data[k++] = normalization.apply(c, images.pixel(index, c, dy + y, dx + x));
                    }
                }
            }
        }
        NDArray x = manager.create(data, new Shape(count, ImageSet.CHANNELS, side, side));
        NDArray y;
        try {
            y = manager.create(labels, new Shape(count));
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
        return new Batch(x, y, indices, crops);
    }

    private Batch build(int[] indices, List<Augmentation.Crop> crops, NDManager manager) {
        Objects.requireNonNull(manager, "manager");
        int side = images.side();
        int imageFloats = images.imageBytes();
        float[] data = new float[indices.length * imageFloats];
        long[] labels = new long[indices.length];
        float[][] tables = normalization.tables();
        for (int b = 0; b < indices.length; b++) {
            augmentation.render(images, indices[b], crops.get(b), tables, data, b * imageFloats);
            labels[b] = images.label(indices[b]);
        }
        NDArray x = manager.create(data, new Shape(indices.length, ImageSet.CHANNELS, side, side));
        NDArray y;
        try {
            y = manager.create(labels, new Shape(indices.length));
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
        return new Batch(x, y, indices, crops);
    }

    private void checkSize(int size) {
        if (size < 1 || size > images.size()) {
            throw new IllegalArgumentException("batch size " + size + " is outside 1.." + images.size()
                    + " (the number of images in " + images + ")");
        }
    }
}
