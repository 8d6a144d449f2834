package io.trainfree.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The correction that turns DJL's 3x3, padding 1 average pool into PyTorch's {@code count_include_pad=False}: DJL
 * 0.35.1's PyTorch pooling ignores that flag and always divides by 9, so the networks ask for that explicitly and
 * multiply by 9 / (the number of in-bounds cells of each window), which is 1 away from the border.
 */
final class PoolRescale {
    private PoolRescale() {
    }

    /**
     * 9 / (in-bounds cells of the 3x3 window) for each output position of a pool with {@code stride} over an
     * {@code h} x {@code w} input, shape {@code [(h - 1) / stride + 1, (w - 1) / stride + 1]}, of {@code type}, in
     * {@code manager}.
     */
    static NDArray of(NDManager manager, int h, int w, int stride, DataType type) {
        int oh = (h - 1) / stride + 1;
        int ow = (w - 1) / stride + 1;
        double[] r = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            int rows = Math.min(stride * i + 1, h - 1) - Math.max(stride * i - 1, 0) + 1;
            for (int j = 0; j < ow; j++) {
                int cols = Math.min(stride * j + 1, w - 1) - Math.max(stride * j - 1, 0) + 1;
                r[i * ow + j] = 9.0 / (rows * cols);
            }
        }
        // d lies on a direct buffer that Java frees once d is collected: what we keep must be libtorch's own
        NDArray d = manager.create(r, new Shape(oh, ow));
        NDArray owned = TorchOps.castCopy(d, type);
        d.close();
        return owned;
    }
}
