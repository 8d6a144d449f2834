package io.trainfree.model;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * One tensor of a network, named as in the reference's PyTorch state dict (e.g. {@code stem.net.0.weight},
 * {@code stack_cell2.4.options.12.op.1.bias}, {@code top.lastact.0.running_var}).
 *
 * @param name  the state-dict key
 * @param shape its shape
 * @param role  what it is; decides its initial value and whether it is trained
 */
public record Param(String name, Shape shape, Role role) {
    /** What a tensor is for. */
    public enum Role {
        /** Convolution or linear weight. */
        WEIGHT(true),
        /** Convolution or linear bias. */
        BIAS(true),
        /** Batch-norm scale (PyTorch's BN {@code weight}). */
        GAMMA(true),
        /** Batch-norm shift (PyTorch's BN {@code bias}). */
        BETA(true),
        /** Batch-norm running mean (a buffer, not trained, not counted as a parameter). */
        RUNNING_MEAN(false),
        /** Batch-norm running variance (a buffer). */
        RUNNING_VAR(false);

        private final boolean trainable;

        Role(boolean trainable) {
            this.trainable = trainable;
        }

        /** Whether PyTorch lists it in {@code parameters()} (false for running statistics, which are buffers). */
        public boolean trainable() {
            return trainable;
        }
    }

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(role, "role");
    }

    /** Number of elements. */
    public long size() {
        return shape.size();
    }
}
