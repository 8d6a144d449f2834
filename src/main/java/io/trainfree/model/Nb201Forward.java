package io.trainfree.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.Objects;

/**
 * One forward pass of an {@link Nb201Net} on an {@link Nb201Params}: the network written as DJL NDArray calls. Every
 * result attaches to the input's manager (DJL's rule: the first operand's manager), so the caller's scope owns the
 * activations; the parameter set owns the few constants.
 */
final class Nb201Forward {
    /** PyTorch's BatchNorm2d defaults. */
    static final double BN_EPS = 1e-5;
    static final double BN_MOMENTUM = 0.1;

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final Nb201Net net;
    private final Nb201Params params;
    private final boolean training;
    private final Recorder recorder;

    Nb201Forward(Nb201Net net, Nb201Params params, boolean training, Recorder recorder) {
        this.net = Objects.requireNonNull(net, "net");
        this.params = Objects.requireNonNull(params, "params");
        this.training = training;
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    NDArray network(NDArray input) {
        checkInput(input);
        params.check(net);
        Nb201Layout layout = net.layout();
        NDArray x = conv(layout.stemConv(), input);
        if (layout.stemNorm() != null) {
            x = batchNorm(layout.stemNorm(), x);
        }
        for (Nb201Layout.Stage stage : layout.stages()) {
            for (Nb201Layout.Cell cell : stage.cells()) {
                x = cell(cell, x);
            }
            if (stage.reduction() != null) {
                x = reduction(stage.reduction(), x);
            }
        }
        if (layout.headNorm() != null) {
            x = batchNorm(layout.headNorm(), x);
        }
        x = relu(layout.headRelu(), x);
        recorder.features(x);
        NDArray pooled = Pool.globalAvgPool2d(x); // [N, C]: adaptive average pool to 1x1, flattened
        Layer.Linear fc = layout.classifier();
        NDArray logits = ai.djl.nn.core.Linear.linear(pooled, params.weight(fc), params.get(fc.biasName()))
                .singletonOrThrow();
        return recorder.layerOutput(fc, logits);
    }

    private void checkInput(NDArray input) {
        Objects.requireNonNull(input, "input");
        Shape s = input.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) < 4 || s.get(2) % 4 != 0 || s.get(3) < 4
                || s.get(3) % 4 != 0) {
            throw new IllegalArgumentException(net + ": input must be [N, 3, H, W] with H and W multiples of 4 (two"
                    + " stride-2 reductions), got " + s);
        }
        DataType t = input.getDataType();
        if (t != params.dataType()) {
            throw new IllegalArgumentException(net + ": input is " + t + " but the parameters are "
                    + params.dataType() + "; convert one with toType");
        }
        if (!input.getDevice().equals(params.device())) {
            throw new IllegalArgumentException(net + ": input is on " + input.getDevice() + " but the parameters on "
                    + params.device());
        }
    }

    /** node_j = sum over i &lt; j of op_{i->j}(node_i); the output is node 3. */
    NDArray cell(Nb201Layout.Cell cell, NDArray x) {
        NDArray[] nodes = new NDArray[4];
        nodes[0] = x;
        for (Nb201Layout.Edge edge : cell.edges()) { // edge order lists every node's in-edges before its out-edges
            NDArray out = op(edge, nodes[edge.from()]);
            int to = edge.to();
            nodes[to] = nodes[to] == null ? out : nodes[to].add(out);
        }
        return nodes[3];
    }

    private NDArray op(Nb201Layout.Edge edge, NDArray x) {
        return switch (edge.op()) {
            case NONE -> x.mul(zero(x.getDataType())); // keeps the graph: zero gradients, as the reference's x.mul(0.)
            case SKIP_CONNECT -> x;
            case AVG_POOL_3X3 -> avgPool3x3(x);
            case NOR_CONV_1X1, NOR_CONV_3X3 -> {
                NDArray y = conv(edge.conv(), relu(edge.relu(), x));
                yield edge.norm() == null ? y : batchNorm(edge.norm(), y);
            }
        };
    }

    /**
     * A scalar zero made by libtorch, kept with the parameters. Not {@code x.mul(0)}: DJL wraps a Java number in an
     * array over a Java buffer and closes it right after the op, but the op's backward keeps reading it, from memory
     * the garbage collector may have freed and reused by then (gradients then come out as garbage or NaN).
     */
    private NDArray zero(DataType type) {
        return params.constant("zero:" + type, () -> params.manager().zeros(new Shape(), type));
    }

    private NDArray reduction(Nb201Layout.Reduction r, NDArray x) {
        NDArray a = batchNorm(r.normA(), conv(r.convA(), relu(r.reluA(), x)));
        NDArray b = batchNorm(r.normB(), conv(r.convB(), relu(r.reluB(), a)));
        NDArray shortcut = conv(r.shortcut(), Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), NO_PAD, false, true));
        return shortcut.add(b);
    }

    private NDArray relu(String site, NDArray x) {
        NDArray y = Activation.relu(x);
        recorder.relu(site, x, y);
        return y;
    }

    NDArray conv(Layer.Conv2d c, NDArray x) {
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, params.weight(c),
                c.bias() ? params.get(c.biasName()) : null, new Shape(c.stride(), c.stride()),
                new Shape(c.padding(), c.padding()), new Shape(c.dilation(), c.dilation()), c.groups())
                .singletonOrThrow();
        return recorder.layerOutput(c, y);
    }

    /**
     * 3x3 average pool, stride 1, padding 1, count_include_pad=False: a border window divides by its number of valid
     * cells. DJL 0.35.1's PyTorch pooling ignores its countIncludePad flag and always divides by 9, so the pool asks
     * for that explicitly and rescales ({@link PoolRescale}; 1 inside, so interior values are exactly the pool's).
     */
    NDArray avgPool3x3(NDArray x) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        DataType type = x.getDataType();
        NDArray scale = params.constant("pool3-rescale:" + h + "x" + w + ":" + type,
                () -> PoolRescale.of(params.manager(), h, w, 1, type));
        NDArray pooled = Pool.avgPool2d(x, new Shape(3, 3), ONE, ONE, false, true);
        return pooled.mul(scale);
    }

    /**
     * Batch norm through libtorch's own batch_norm (one kernel forward and backward, double backward supported).
     * Non-affine layers get constant ones/zeros; untracked layers get scratch running statistics and always use batch
     * statistics, as PyTorch does for {@code track_running_stats=False}. Tracked layers use batch statistics and update
     * their running statistics in place in a training pass, and use them in an evaluation pass. Called directly
     * (not via DJL's {@code BatchNorm.batchNorm}) because that converts momentum as {@code 1 - (float) m}.
     */
    NDArray batchNorm(Layer.BatchNorm bn, NDArray x) {
        int c = bn.channels();
        DataType type = x.getDataType();
        NDArray gamma;
        NDArray beta;
        if (bn.affine()) {
            gamma = params.get(bn.name() + ".weight");
            beta = params.get(bn.name() + ".bias");
        } else {
            gamma = params.constant("ones:" + c + ":" + type, () -> params.manager().ones(new Shape(c), type));
            beta = params.constant("zeros:" + c + ":" + type, () -> params.manager().zeros(new Shape(c), type));
        }
        NDArray mean;
        NDArray var;
        boolean useBatchStats;
        if (bn.tracked()) {
            mean = params.get(bn.name() + ".running_mean");
            var = params.get(bn.name() + ".running_var");
            useBatchStats = training;
        } else { // written to by libtorch, never read
            mean = params.constant("scratch-mean:" + c + ":" + type, () -> params.manager().zeros(new Shape(c), type));
            var = params.constant("scratch-var:" + c + ":" + type, () -> params.manager().ones(new Shape(c), type));
            useBatchStats = true;
        }
        return TorchOps.batchNorm(x, mean, var, gamma, beta, useBatchStats, BN_MOMENTUM, BN_EPS);
    }
}
