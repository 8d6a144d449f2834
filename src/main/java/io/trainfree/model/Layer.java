package io.trainfree.model;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A module of a network that owns tensors: a convolution, a linear layer or a batch norm, named as in the reference's
 * state dict. A layer is a description only; its arrays live in {@link Nb201Params}.
 */
public sealed interface Layer permits Layer.Weighted, Layer.BatchNorm {
    /** The module name, e.g. {@code reduction1.conv_a.op.1}; tensor names append {@code .weight} etc. */
    String name();

    /** The tensors of this layer in state-dict order (weight, bias, running_mean, running_var, as present). */
    List<Param> params();

    /** Number of trainable parameters (PyTorch {@code parameters()}: weights, biases, gamma, beta; no buffers). */
    default long paramCount() {
        long n = 0;
        for (Param p : params()) {
            if (p.role().trainable()) {
                n += p.size();
            }
        }
        return n;
    }

    /** A convolution or linear layer: the layers the reference's proxies score (by their weight). */
    sealed interface Weighted extends Layer permits Conv2d, Linear {
        /** Input channels (features). */
        int in();

        /** Output channels (features). */
        int out();

        /** Whether the layer has a bias. */
        boolean bias();

        /** Inputs per output: {@code in * kernel * kernel} for a convolution, {@code in} for a linear layer. */
        int fanIn();

        /** The weight's shape, PyTorch layout ({@code [out, in, k, k]} or {@code [out, in]}). */
        Shape weightShape();

        /** The weight tensor's name. */
        default String weightName() {
            return name() + ".weight";
        }

        /** The bias tensor's name (whether or not the layer has one). */
        default String biasName() {
            return name() + ".bias";
        }

        @Override
        default List<Param> params() {
            var ps = new ArrayList<Param>(2);
            ps.add(new Param(weightName(), weightShape(), Param.Role.WEIGHT));
            if (bias()) {
                ps.add(new Param(biasName(), new Shape(out()), Param.Role.BIAS));
            }
            return List.copyOf(ps);
        }
    }

    /**
     * A square 2-D convolution (DARTS's separable and dilated ops use {@code groups = in} and {@code dilation 2}).
     *
     * @param name     module name
     * @param in       input channels
     * @param out      output channels
     * @param kernel   kernel side
     * @param stride   stride
     * @param padding  zero padding on each side
     * @param dilation spacing of the kernel's taps (1: an ordinary convolution)
     * @param groups   channel groups ({@code in}: depthwise); divides {@code in} and {@code out}
     * @param bias     whether it has a bias
     */
    record Conv2d(String name, int in, int out, int kernel, int stride, int padding, int dilation, int groups,
            boolean bias) implements Weighted {
        public Conv2d {
            Objects.requireNonNull(name, "name");
            if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1
                    || in % groups != 0 || out % groups != 0) {
                throw new IllegalArgumentException("convolution " + name + ": bad geometry in=" + in + " out=" + out
                        + " kernel=" + kernel + " stride=" + stride + " padding=" + padding + " dilation=" + dilation
                        + " groups=" + groups);
            }
        }

        /** An ordinary convolution: dilation 1, one group. */
        public Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean bias) {
            this(name, in, out, kernel, stride, padding, 1, 1, bias);
        }

        @Override
        public int fanIn() {
            return in / groups * kernel * kernel;
        }

        @Override
        public Shape weightShape() {
            return new Shape(out, in / groups, kernel, kernel);
        }

        /** Output side for an input side. */
        public int outputSize(int inputSize) {
            return (inputSize + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        }

        /** Multiply-adds at output side {@code outSide} in the xautodl convention (bias adds counted). */
        public long flops(int outSide) {
            long positions = (long) outSide * outSide;
            return (long) kernel * kernel * (in / groups) * out * positions + (bias ? out * positions : 0);
        }
    }

    /**
     * A fully connected layer.
     *
     * @param name module name
     * @param in   input features
     * @param out  output features
     * @param bias whether it has a bias
     */
    record Linear(String name, int in, int out, boolean bias) implements Weighted {
        public Linear {
            Objects.requireNonNull(name, "name");
            if (in < 1 || out < 1) {
                throw new IllegalArgumentException("linear layer " + name + ": bad size in=" + in + " out=" + out);
            }
        }

        @Override
        public int fanIn() {
            return in;
        }

        @Override
        public Shape weightShape() {
            return new Shape(out, in);
        }

        /** Multiply-adds in the xautodl convention (bias adds counted). */
        public long flops() {
            return (long) in * out + (bias ? out : 0);
        }
    }

    /**
     * A 2-D batch norm (eps 1e-5, momentum 0.1 as in PyTorch).
     *
     * @param name     module name
     * @param channels channels normalised
     * @param affine   whether it has gamma and beta
     * @param tracked  whether it keeps running statistics (otherwise it always uses batch statistics)
     */
    record BatchNorm(String name, int channels, boolean affine, boolean tracked) implements Layer {
        public BatchNorm {
            Objects.requireNonNull(name, "name");
            if (channels < 1) {
                throw new IllegalArgumentException("batch norm " + name + ": channels " + channels);
            }
        }

        @Override
        public List<Param> params() {
            var ps = new ArrayList<Param>(4);
            Shape c = new Shape(channels);
            if (affine) {
                ps.add(new Param(name + ".weight", c, Param.Role.GAMMA));
                ps.add(new Param(name + ".bias", c, Param.Role.BETA));
            }
            if (tracked) {
                ps.add(new Param(name + ".running_mean", c, Param.Role.RUNNING_MEAN));
                ps.add(new Param(name + ".running_var", c, Param.Role.RUNNING_VAR));
            }
            return List.copyOf(ps);
        }
    }
}
