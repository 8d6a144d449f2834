package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.trainfree.space.Nb201Arch;
import java.util.List;

/**
 * A learnable embedding of NAS-Bench-201 cells: a DJL block from the cells' {@link #input input array} (batch first)
 * to one vector of {@link #outputSize()} per cell (B x outputSize). The neural predictors put a head on it ({@link
 * Expert}, {@link DynamicGate}); a user's encoder plugs in through an {@link EncoderSpec}.
 *
 * <p>The block is built with its sizes fixed, so {@code initialize} needs no real input shape; every parameter brings
 * its own initializer, drawing from the engine's generator (seeded by the predictor).
 */
public interface ArchEncoder extends Block {
    /** The length of one cell's embedding. */
    int outputSize();

    /**
     * What the block takes for these cells, in {@code manager}: by default the op matrices ({@link OpMatrix#batch},
     * B x 4 x 4, INT64). Encoders made by one {@link EncoderSpec} must agree on it: the predictor builds it once per
     * batch for all of them.
     */
    default NDArray input(NDManager manager, List<Nb201Arch> archs) {
        return OpMatrix.batch(manager, archs);
    }
}
