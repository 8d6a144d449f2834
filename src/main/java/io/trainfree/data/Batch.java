package io.trainfree.data;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * One batch of images and labels as NDArrays, with the draws that made it. The arrays belong to the manager the
 * batch was built in; closing the batch closes just these two arrays (closing that manager does as well).
 *
 * @param images  float32, shape {@code [N, 3, side, side]}, normalised
 * @param labels  int64, shape {@code [N]}: class ids, what PyTorch's cross entropy and DJL's
 *                {@code Loss.softmaxCrossEntropyLoss()} take
 * @param indices the image indices in the source {@link ImageSet}, in batch order
 * @param crops   the crop and flip applied to each image, in batch order
 */
public record Batch(NDArray images, NDArray labels, int[] indices, List<Augmentation.Crop> crops)
        implements AutoCloseable {
    /** Checks that the parts agree; copies the index array and the list. */
    public Batch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        indices = Objects.requireNonNull(indices, "indices").clone();
        crops = List.copyOf(crops);
        long n = indices.length;
        if (images.getShape().dimension() != 4 || images.getShape().get(0) != n
                || labels.getShape().dimension() != 1 || labels.getShape().get(0) != n || crops.size() != n) {
            throw new IllegalArgumentException("batch of " + n + " indices has images " + images.getShape()
                    + ", labels " + labels.getShape() + " and " + crops.size() + " crops");
        }
    }

    /** Number of images. */
    public int size() {
        return indices.length;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** Closes the two arrays. */
    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
