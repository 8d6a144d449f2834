package io.trainfree.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/** Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_} does it. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every gradient in place by {@code maxNorm / (norm + 1e-6)} when that is below 1, where {@code norm} is the
     * L2 norm of all of them together; returns {@code norm} (before clipping), which is NaN or infinite for a diverged
     * step.
     */
    public static double clipByGlobalNorm(Collection<NDArray> gradients, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the clipping norm must be > 0, got " + maxNorm);
        }
        double squares = 0;
        for (NDArray g : gradients) {
            try (NDArray sq = g.square(); NDArray sum = sq.sum()) {
                squares += sum.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
        }
        double norm = Math.sqrt(squares);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (NDArray g : gradients) {
                g.muli(coef);
            }
        }
        return norm;
    }
}
