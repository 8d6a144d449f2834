package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import io.trainfree.model.Layer;
import java.util.List;

/**
 * One forward and backward pass of the mean cross-entropy of the batch at initialisation, shared by grad_norm, snip,
 * plain, fisher and grasp's first gradient: for every scored layer (in the reference's module order) its weight, the
 * weight's gradient, and the gradient of fisher's ones probe on the layer's output (per sample and channel:
 * &Sigma;<sub>h,w</sub> A&middot;dL/dA). The arrays live in the context's manager.
 *
 * @param layers          the scored layers
 * @param weights         each layer's weight
 * @param gradients       dL/dW per layer (zeros where no gradient arrived)
 * @param probeGradients  fisher's per-sample, per-channel {@code [N, C]} sums
 * @param loss            the loss value
 */
public record LossPass(List<Layer.Weighted> layers, List<NDArray> weights, List<NDArray> gradients,
        List<NDArray> probeGradients, double loss) {
    public LossPass {
        layers = List.copyOf(layers);
        weights = List.copyOf(weights);
        gradients = List.copyOf(gradients);
        probeGradients = List.copyOf(probeGradients);
        if (weights.size() != layers.size() || gradients.size() != layers.size()
                || probeGradients.size() != layers.size()) {
            throw new IllegalArgumentException("one weight, gradient and probe gradient per layer: " + layers.size()
                    + " layers, " + weights.size() + " weights, " + gradients.size() + " gradients, "
                    + probeGradients.size() + " probe gradients");
        }
    }
}
