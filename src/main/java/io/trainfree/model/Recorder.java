package io.trainfree.model;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What a proxy sees of a forward pass, without hooks or a copy of the network. Every method has a do-nothing default,
 * so a recorder overrides only what it needs (the static factories take lambdas); {@link #NONE} costs nothing. Calls
 * come in execution order, on the tensors of the pass itself (do not close them; they belong to the input's manager).
 *
 * <p>ReLUs seen by {@link #relu}: the first layer of every convolution op the cell runs (each such edge its own call,
 * so a node feeding three convolutions is seen three times), {@code conv_a} and {@code conv_b} of both reduction
 * blocks, and the head's ReLU before global pooling. All are 4-D. These are exactly the ReLU modules the reference
 * (and the official NB201 network) run, so NASWOT (binarised ReLU inputs) and SWAP (ReLU outputs of 4-D inputs)
 * both take all of them.
 */
public interface Recorder {
    /** Records nothing. */
    Recorder NONE = new Recorder() {
    };

    /**
     * A ReLU ran: {@code output = max(input, 0)}.
     *
     * @param site the ReLU's module name in the reference, e.g. {@code stack_cell1.0.options.2.op.0},
     *             {@code reduction2.conv_b.op.0}, {@code top.lastact.1}
     */
    default void relu(String site, NDArray input, NDArray output) {
    }

    /**
     * A convolution or linear layer produced {@code output} (before any batch norm); the pass continues with the
     * returned array. Fisher returns {@code output.mul(probe)} with a ones probe {@code [N, C, 1, 1]} (or
     * {@code [N, C]}) that requires a gradient; the probe's gradient is then &Sigma;<sub>h,w</sub> A&middot;dL/dA.
     */
    default NDArray layerOutput(Layer.Weighted layer, NDArray output) {
        return output;
    }

    /** The head's feature map just before global average pooling (after its BN and ReLU), {@code [N, 4C, h, w]}. */
    default void features(NDArray features) {
    }

    /** Receives ReLU calls. */
    @FunctionalInterface
    interface ReluListener {
        void relu(String site, NDArray input, NDArray output);
    }

    /** A recorder of ReLUs only. */
    static Recorder relus(ReluListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new Recorder() {
            @Override
            public void relu(String site, NDArray input, NDArray output) {
                listener.relu(site, input, output);
            }
        };
    }

    /** A recorder that replaces convolution/linear outputs only. */
    static Recorder layerOutputs(BiFunction<Layer.Weighted, NDArray, NDArray> replace) {
        Objects.requireNonNull(replace, "replace");
        return new Recorder() {
            @Override
            public NDArray layerOutput(Layer.Weighted layer, NDArray output) {
                return replace.apply(layer, output);
            }
        };
    }

    /** A recorder of the pre-pooling features only. */
    static Recorder features(Consumer<NDArray> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return new Recorder() {
            @Override
            public void features(NDArray features) {
                consumer.accept(features);
            }
        };
    }

    /** This recorder, then {@code next} (which sees the layer outputs this one returns). */
    default Recorder andThen(Recorder next) {
        Objects.requireNonNull(next, "next");
        Recorder first = this;
        return new Recorder() {
            @Override
            public void relu(String site, NDArray input, NDArray output) {
                first.relu(site, input, output);
                next.relu(site, input, output);
            }

            @Override
            public NDArray layerOutput(Layer.Weighted layer, NDArray output) {
                return next.layerOutput(layer, first.layerOutput(layer, output));
            }

            @Override
            public void features(NDArray features) {
                first.features(features);
                next.features(features);
            }
        };
    }
}
