package io.trainfree.model;

import ai.djl.ndarray.NDArray;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A NAS-Bench-201 network as a value: cell, number of classes, {@link Variant}, width and depth. It holds no arrays;
 * its parameters are an {@link Nb201Params} made in the caller's manager, and {@link #forward} runs it functionally on
 * them (DJL NDArray ops, no blocks). Only the cell's ops are built and run; the reference's unused candidate ops are
 * listed by {@link #supernetLayers()} for the one proxy that sees them (ZC's l2_norm).
 *
 * <p>The network (docs/proxies.md §1.4): stem conv3x3(3&rarr;C)+BN; three stages of N cells (C, 2C, 4C channels) with a
 * residual reduction block (stride 2) after the first two; head BN&rarr;ReLU&rarr;global average
 * pool&rarr;linear. Batch norms always normalise with batch statistics in {@link #forward} (the reference scores every
 * proxy in train mode); {@link #infer} uses the running statistics where a BN tracks them.
 *
 * {@snippet :
 * var net = Nb201Net.of(Nb201Arch.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"),
 *         Dataset.CIFAR10);
 * try (NDManager m = root.newSubManager()) {
 *     Nb201Params params = Nb201Params.create(net, m, 42L);          // PyTorch's default init, seeded
 *     NDArray logits = net.forward(params, batch.images());          // [64, 10]
 * }
 * }
 *
 * @param arch          the cell, the same in all 3N cells
 * @param numClasses    classifier outputs
 * @param variant       zero-cost reference or official network
 * @param channels      C, the channels of the first stage (16 in NB201)
 * @param cellsPerStage N (5 in NB201)
 * @param batchNorm     false for synflow's copy of the reference: no BN in stem, cells and head, but the 4 BNs of
 *                      the reduction blocks stay (docs/proxies.md §1.7)
 */
public record Nb201Net(Nb201Arch arch, int numClasses, Variant variant, int channels, int cellsPerStage,
        boolean batchNorm) {
    /** NB201's C. */
    public static final int CHANNELS = 16;
    /** NB201's N. */
    public static final int CELLS_PER_STAGE = 5;

    public Nb201Net {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(variant, "variant");
        if (numClasses < 1) {
            throw new IllegalArgumentException("network for " + arch + ": numClasses must be >= 1, got " + numClasses);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("network for " + arch + ": channels must be >= 1, got " + channels);
        }
        if (cellsPerStage < 1) {
            throw new IllegalArgumentException("network for " + arch + ": cellsPerStage must be >= 1, got "
                    + cellsPerStage);
        }
    }

    /** The zero-cost reference's network for a dataset: C=16, N=5, with batch norm. */
    public static Nb201Net of(Nb201Arch arch, Dataset dataset) {
        return of(arch, dataset.numClasses());
    }

    /** The zero-cost reference's network with {@code numClasses} outputs: C=16, N=5, with batch norm. */
    public static Nb201Net of(Nb201Arch arch, int numClasses) {
        return new Nb201Net(arch, numClasses, Variant.ZERO_COST, CHANNELS, CELLS_PER_STAGE, true);
    }

    /** The official NB201 network for a dataset (affine cell BN, no cell conv bias): C=16, N=5. */
    public static Nb201Net official(Nb201Arch arch, Dataset dataset) {
        return new Nb201Net(arch, dataset.numClasses(), Variant.OFFICIAL, CHANNELS, CELLS_PER_STAGE, true);
    }

    /** This network with another variant. */
    public Nb201Net withVariant(Variant v) {
        return new Nb201Net(arch, numClasses, v, channels, cellsPerStage, batchNorm);
    }

    /** This network with C channels in the first stage. */
    public Nb201Net withChannels(int c) {
        return new Nb201Net(arch, numClasses, variant, c, cellsPerStage, batchNorm);
    }

    /** This network with N cells per stage. */
    public Nb201Net withCellsPerStage(int n) {
        return new Nb201Net(arch, numClasses, variant, channels, n, batchNorm);
    }

    /**
     * Synflow's copy ({@code bn=False} in the reference): stem, cell and head batch norms removed, the reduction
     * blocks' four kept. Tensor names do not change, so the parameters of this network work here too.
     */
    public Nb201Net withoutBatchNorm() {
        return new Nb201Net(arch, numClasses, variant, channels, cellsPerStage, false);
    }

    Nb201Layout layout() {
        return Nb201Layout.of(this);
    }

    /** The layers of this network (only the cell's ops, dead-path ops included), in the reference's module order. */
    public List<Layer> layers() {
        return layout().layers();
    }

    /**
     * The convolution and linear layers in module order: the layers whose weights the reference's proxies score
     * (stem conv; per cell the conv ops; per reduction its shortcut 1x1, conv_a, conv_b; the classifier).
     */
    public List<Layer.Weighted> scoredLayers() {
        var scored = new ArrayList<Layer.Weighted>();
        for (Layer l : layers()) {
            if (l instanceof Layer.Weighted w) {
                scored.add(w);
            }
        }
        return List.copyOf(scored);
    }

    /**
     * The layers of the reference's model object, which builds all five candidate ops on each of a cell's six edges
     * whatever the architecture: for the default network 188 convolution/linear layers and 1,692,826 parameters
     * (CIFAR-10), the same for every cell (docs/proxies.md §1.8, §4.8). Only ZC's l2_norm sees the unused ones; tensors
     * of the layers this network shares with it have the same names, so {@link Nb201Params} made from this list with
     * the same seed agree with this network's on every shared tensor.
     */
    public List<Layer> supernetLayers() {
        return Nb201Layout.supernetLayers(this);
    }

    /**
     * Trainable parameters (weights, biases, BN gamma/beta; no running statistics). For the {@link Variant#OFFICIAL}
     * network this is NB201's #params (docs/proxies.md §1.8).
     */
    public long paramCount() {
        long n = 0;
        for (Layer l : layers()) {
            n += l.paramCount();
        }
        return n;
    }

    /**
     * Multiply-adds for square inputs of side {@code resolution}, counted as xautodl's {@code get_model_infos} does:
     * convolutions and the classifier (with bias adds), not pools, BN, ReLU or sums. For the {@link Variant#OFFICIAL}
     * network this is NB201's FLOPs (docs/proxies.md §1.8).
     */
    public long flops(int resolution) {
        checkResolution(resolution);
        Nb201Layout layout = layout();
        int side = resolution;
        long f = layout.stemConv().flops(side);
        for (Nb201Layout.Stage stage : layout.stages()) {
            for (Nb201Layout.Cell cell : stage.cells()) {
                for (Nb201Layout.Edge edge : cell.edges()) {
                    if (edge.conv() != null) {
                        f += edge.conv().flops(side);
                    }
                }
            }
            Nb201Layout.Reduction r = stage.reduction();
            if (r != null) {
                side = r.convA().outputSize(side);
                f += r.convA().flops(side) + r.convB().flops(side) + r.shortcut().flops(side);
            }
        }
        return f + layout.classifier().flops();
    }

    private void checkResolution(int resolution) {
        if (resolution < 4 || resolution % 4 != 0) {
            throw new IllegalArgumentException(this + ": input side must be a positive multiple of 4 (two stride-2"
                    + " reductions), got " + resolution);
        }
    }

    /**
     * Logits {@code [N, numClasses]} of a batch {@code [N, 3, H, W]} (H, W multiples of 4), every batch norm using
     * batch statistics (biased variance over N, H, W; eps 1e-5) as the reference's train-mode proxies do. Batch norms
     * that track running statistics update them (momentum 0.1, unbiased variance), as PyTorch does in train mode.
     * Runs in the input's data type (float32 or float64, which the parameters must share); records a gradient graph
     * only inside a {@code GradientCollector}.
     */
    public NDArray forward(Nb201Params params, NDArray input) {
        return forward(params, input, Recorder.NONE);
    }

    /** {@link #forward(Nb201Params, NDArray)} with a recorder that sees ReLUs, layer outputs and the features. */
    public NDArray forward(Nb201Params params, NDArray input, Recorder recorder) {
        return new Nb201Forward(this, params, true, recorder).network(input);
    }

    /**
     * Logits in evaluation mode: batch norms that track running statistics normalise with them and leave them alone;
     * the reference's cell batch norms, which track none, still use batch statistics (as PyTorch does).
     */
    public NDArray infer(Nb201Params params, NDArray input) {
        return new Nb201Forward(this, params, false, Recorder.NONE).network(input);
    }

    /** Runs the first cell alone on {@code x} ({@code [N, C, H, W]}), for tests of the cell arithmetic. */
    NDArray firstCell(Nb201Params params, NDArray x, Recorder recorder) {
        return new Nb201Forward(this, params, true, recorder).cell(layout().stages().get(0).cells().get(0), x);
    }

    @Override
    public String toString() {
        return "NB201 " + variant + (batchNorm ? "" : " without BN") + " C=" + channels + " N=" + cellsPerStage + " "
                + numClasses + " classes " + arch;
    }
}
