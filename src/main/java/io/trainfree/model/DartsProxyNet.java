package io.trainfree.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.trainfree.space.DartsCell;
import io.trainfree.space.DartsGenotype;
import io.trainfree.space.DartsOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The network the SWAP paper scores DARTS genotypes on (its code's {@code Network(C=3, num_classes=10, layers=1)}):
 * no stem; one cell, which with one layer is a <em>reduction</em> cell of C = 6 channels built from the genotype's
 * {@code reduce} list, fed the image as both inputs; its four intermediate nodes concatenated (24 channels at half the
 * image's side), global average pooling, a linear classifier (built, counted, unused by SWAP).
 *
 * <p>Modules, named as the reference's state dict ({@code cells.0.*}):
 * <ul>
 *   <li>{@code preprocess0}, {@code preprocess1}: ReLU, 1x1 convolution 3 -&gt; 6, batch norm;</li>
 *   <li>edge k ({@code _ops.k}) reads node {@code input}; an edge from an input node (0 or 1) has stride 2:
 *     {@code none}: zeros at the output's size; pools: 3x3, padding 1 (average without the padding); {@code skip}:
 *     identity, or with stride 2 FactorizedReduce (ReLU, two 1x1 stride-2 convolutions 6 -&gt; 3 on the map and on
 *     the map shifted by one pixel, concatenated, batch norm); {@code sep_conv_kxk}: twice (ReLU, depthwise kxk,
 *     pointwise 1x1, batch norm), the second at stride 1; {@code dil_conv_kxk}: ReLU, depthwise kxk dilation 2,
 *     pointwise, batch norm;</li>
 *   <li>convolutions have no bias; batch norms are affine and use the batch's statistics.</li>
 * </ul>
 *
 * @param genotype the architecture (its reduce cell is the one built)
 * @param classes  the classifier's outputs (10 for CIFAR-10)
 */
public record DartsProxyNet(DartsGenotype genotype, int classes) {
    /** The network's C: the image's channels. */
    public static final int C = 3;
    /** The cell's channels (a reduction cell doubles C). */
    public static final int CELL_C = 2 * C;
    private static final String CELL = "cells.0.";
    private static final Shape ONE = new Shape(1, 1);
    private static final double BN_EPS = 1e-5;
    private static final double BN_MOMENTUM = 0.1;

    public DartsProxyNet {
        Objects.requireNonNull(genotype, "genotype");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
    }

    /** The CIFAR-10 network of a genotype. */
    public static DartsProxyNet of(DartsGenotype genotype) {
        return new DartsProxyNet(genotype, 10);
    }

    private DartsCell cell() {
        return genotype.reduce();
    }

    private static boolean strided(DartsCell.Edge e) {
        return e.input() < 2;
    }

    /** Every layer with tensors, in the reference's state-dict order. */
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (String pre : List.of("preprocess0", "preprocess1")) {
            out.add(new Layer.Conv2d(CELL + pre + ".op.1", C, CELL_C, 1, 1, 0, false));
            out.add(norm(CELL + pre + ".op.2"));
        }
        List<DartsCell.Edge> edges = cell().edges();
        for (int k = 0; k < edges.size(); k++) {
            out.addAll(opLayers(CELL + "_ops." + k, edges.get(k)));
        }
        out.add(new Layer.Linear("classifier", cell().concat().size() * CELL_C, classes, true));
        return out;
    }

    private static List<Layer> opLayers(String name, DartsCell.Edge e) {
        int s = strided(e) ? 2 : 1;
        int c = CELL_C;
        return switch (e.op()) {
            case NONE, MAX_POOL_3X3, AVG_POOL_3X3 -> List.of();
            case SKIP_CONNECT -> s == 1 ? List.of() : List.of(
                    new Layer.Conv2d(name + ".convs.0", c, c / 2, 1, 2, 0, false),
                    new Layer.Conv2d(name + ".convs.1", c, c - c / 2, 1, 2, 0, false), norm(name + ".bn"));
            case SEP_CONV_3X3, SEP_CONV_5X5 -> {
                int k = e.op() == DartsOp.SEP_CONV_3X3 ? 3 : 5;
                yield List.of(new Layer.Conv2d(name + ".op.1", c, c, k, s, k / 2, 1, c, false),
                        new Layer.Conv2d(name + ".op.2", c, c, 1, 1, 0, false), norm(name + ".op.3"),
                        new Layer.Conv2d(name + ".op.5", c, c, k, 1, k / 2, 1, c, false),
                        new Layer.Conv2d(name + ".op.6", c, c, 1, 1, 0, false), norm(name + ".op.7"));
            }
            case DIL_CONV_3X3, DIL_CONV_5X5 -> {
                int k = e.op() == DartsOp.DIL_CONV_3X3 ? 3 : 5;
                yield List.of(new Layer.Conv2d(name + ".op.1", c, c, k, s, k - 1, 2, c, false),
                        new Layer.Conv2d(name + ".op.2", c, c, 1, 1, 0, false), norm(name + ".op.3"));
            }
        };
    }

    private static Layer.BatchNorm norm(String name) {
        return new Layer.BatchNorm(name, CELL_C, true, true);
    }

    /** Trainable parameters (PyTorch's {@code parameters()}), the classifier included. */
    public long paramCount() {
        return layers().stream().mapToLong(Layer::paramCount).sum();
    }

    /**
     * The forward pass on {@code images} {@code [N, 3, H, W]} (H, W even), batch norms on batch statistics: the
     * pooled features {@code [N, 24]} (the reference's forward returns these, not the logits). Every ReLU is reported
     * to {@code recorder} in execution order.
     */
    public NDArray forward(Nb201Params params, NDArray images, Recorder recorder) {
        var pass = new Pass(params, recorder);
        NDArray s0 = pass.reluConvBn("preprocess0", images);
        NDArray s1 = pass.reluConvBn("preprocess1", images);
        List<NDArray> states = new ArrayList<>(List.of(s0, s1));
        List<DartsCell.Edge> edges = cell().edges();
        for (int n = 0; n < DartsCell.NODES; n++) {
            NDArray a = pass.op(2 * n, edges.get(2 * n), states.get(edges.get(2 * n).input()));
            NDArray b = pass.op(2 * n + 1, edges.get(2 * n + 1), states.get(edges.get(2 * n + 1).input()));
            states.add(a.add(b));
        }
        List<NDArray> concat = cell().concat().stream().map(states::get).toList();
        NDArray out = NDArrays.concat(new ai.djl.ndarray.NDList(concat), 1);
        Shape shape = out.getShape();
        return out.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
    }

    /** One forward pass's state. */
    private record Pass(Nb201Params params, Recorder recorder) {
        NDArray relu(String site, NDArray x) {
            NDArray y = Activation.relu(x);
            recorder.relu(site, x, y);
            return y;
        }

        NDArray conv(String name, NDArray x, int stride, int padding, int dilation, int groups) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, params.get(name + ".weight"), null,
                    new Shape(stride, stride), new Shape(padding, padding), new Shape(dilation, dilation), groups)
                    .singletonOrThrow();
        }

        NDArray bn(String name, NDArray x) {
            return TorchOps.batchNorm(x, params.get(name + ".running_mean"), params.get(name + ".running_var"),
                    params.get(name + ".weight"), params.get(name + ".bias"), true, BN_MOMENTUM, BN_EPS);
        }

        NDArray reluConvBn(String pre, NDArray x) {
            String n = CELL + pre + ".op.";
            return bn(n + "2", conv(n + "1", relu(n + "0", x), 1, 0, 1, 1));
        }

        NDArray op(int k, DartsCell.Edge e, NDArray x) {
            String n = CELL + "_ops." + k;
            int s = strided(e) ? 2 : 1;
            int c = CELL_C;
            return switch (e.op()) {
                case NONE -> {
                    Shape in = x.getShape();
                    yield x.getManager().zeros(new Shape(in.get(0), in.get(1), in.get(2) / s, in.get(3) / s),
                            x.getDataType());
                }
                case MAX_POOL_3X3 -> Pool.maxPool2d(x, new Shape(3, 3), new Shape(s, s), ONE, false);
                case AVG_POOL_3X3 -> avgPool3x3(x, s);
                case SKIP_CONNECT -> {
                    if (s == 1) {
                        yield x;
                    }
                    NDArray r = relu(n + ".relu", x);
                    NDArray a = conv(n + ".convs.0", r, 2, 0, 1, 1);
                    // the reference pads right and bottom by one and drops the first row and column: a one-pixel
                    // shift, so its stride-2 1x1 convolution reads the odd rows and columns
                    NDArray b = conv(n + ".convs.1", r.get(new NDIndex(":, :, 1::2, 1::2")), 1, 0, 1, 1);
                    yield bn(n + ".bn", a.concat(b, 1));
                }
                case SEP_CONV_3X3, SEP_CONV_5X5 -> {
                    int kk = e.op() == DartsOp.SEP_CONV_3X3 ? 3 : 5;
                    NDArray y = bn(n + ".op.3", conv(n + ".op.2", conv(n + ".op.1", relu(n + ".op.0", x), s, kk / 2,
                            1, c), 1, 0, 1, 1));
                    yield bn(n + ".op.7", conv(n + ".op.6", conv(n + ".op.5", relu(n + ".op.4", y), 1, kk / 2, 1, c),
                            1, 0, 1, 1));
                }
                case DIL_CONV_3X3, DIL_CONV_5X5 -> {
                    int kk = e.op() == DartsOp.DIL_CONV_3X3 ? 3 : 5;
                    yield bn(n + ".op.3", conv(n + ".op.2", conv(n + ".op.1", relu(n + ".op.0", x), s, kk - 1, 2, c),
                            1, 0, 1, 1));
                }
            };
        }

        /**
         * 3x3 average pool, padding 1, without the padding in the divisor (count_include_pad=False). DJL's PyTorch
         * pooling ignores that flag and divides by 9, so the pool is rescaled ({@link PoolRescale}).
         */
        NDArray avgPool3x3(NDArray x, int stride) {
            NDArray pooled = Pool.avgPool2d(x, new Shape(3, 3), new Shape(stride, stride), ONE, false, true);
            try (NDArray scale = PoolRescale.of(x.getManager(), (int) x.getShape().get(2), (int) x.getShape().get(3),
                    stride, x.getDataType())) {
                return pooled.mul(scale);
            }
        }
    }
}
