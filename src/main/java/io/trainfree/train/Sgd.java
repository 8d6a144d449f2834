package io.trainfree.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.trainfree.model.TorchOps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} computes it, for the tensors given at each step: with weight
 * decay {@code wd}, momentum {@code mu} and the learning rate of the step,
 * <pre>
 *   d   = grad + wd * w
 *   buf = mu * buf + d            (buf = d on a tensor's first step)
 *   d   = d + mu * buf            (Nesterov; plain momentum uses d = buf)
 *   w  -= lr * d
 * </pre>
 * NB201's recipe is {@link #nb201}: mu 0.9, Nesterov, wd 5e-4 on every trainable tensor, batch-norm scales and shifts
 * included. A tensor left out of a step (frozen) keeps its buffer and gets no decay, as a PyTorch parameter without a
 * gradient does. Buffers live in a sub-manager of the one given; {@link #close()} frees them. Steps run outside a
 * {@code GradientCollector}, so the in-place updates record no graph.
 */
public final class Sgd implements AutoCloseable {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /**
     * @param momentum    mu, in [0, 1)
     * @param weightDecay L2 coefficient, &gt;= 0
     * @param nesterov    Nesterov momentum (needs mu &gt; 0)
     * @param parent      the manager whose sub-manager holds the momentum buffers
     */
    public Sgd(double momentum, double weightDecay, boolean nesterov, NDManager parent) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD needs momentum in [0, 1), weight decay >= 0 and momentum > 0 for "
                    + "Nesterov; got " + momentum + ", " + weightDecay + ", nesterov " + nesterov);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.manager = Objects.requireNonNull(parent, "parent").newSubManager();
    }

    /** NAS-Bench-201's optimizer: momentum 0.9, Nesterov, weight decay 5e-4. */
    public static Sgd nb201(NDManager parent) {
        return new Sgd(0.9, 5e-4, true, parent);
    }

    /**
     * One update of every tensor in {@code weights} (by name) from the gradient it holds, at {@code learningRate}.
     *
     * @throws IllegalStateException if a tensor has no gradient or a gradient is being recorded
     */
    public void step(Map<String, NDArray> weights, double learningRate) {
        if (TorchOps.recordingGradients()) {
            throw new IllegalStateException("an SGD step must run outside a GradientCollector");
        }
        for (var e : weights.entrySet()) {
            NDArray w = e.getValue();
            if (!w.hasGradient()) {
                throw new IllegalStateException("tensor " + e.getKey() + " has no gradient to step with");
            }
            try (NDManager scratch = manager.newSubManager()) {
                NDArray d = w.getGradient().duplicate();
                d.attach(scratch);
                if (weightDecay != 0) {
                    NDArray decay = w.mul(weightDecay);
                    decay.attach(scratch);
                    d.addi(decay);
                }
                if (momentum != 0) {
                    NDArray buf = buffers.get(e.getKey());
                    if (buf == null) {
                        buf = d.duplicate();
                        buf.attach(manager);
                        buffers.put(e.getKey(), buf);
                    } else {
                        buf.muli(momentum).addi(d);
                    }
                    if (nesterov) {
                        NDArray ahead = buf.mul(momentum);
                        ahead.attach(scratch);
                        d.addi(ahead);
                    } else {
                        d.close();
                        d = buf.duplicate();
                        d.attach(scratch);
                    }
                }
                w.subi(d.muli(learningRate));
            }
        }
    }

    /** The momentum buffers by tensor name, as encoded arrays (DJL's {@code NDArray.encode}), for a checkpoint. */
    public Map<String, byte[]> state() {
        var out = new LinkedHashMap<String, byte[]>();
        buffers.forEach((k, v) -> out.put(k, v.encode()));
        return out;
    }

    /** Replaces the buffers with a {@link #state()}: the next step continues as if it had never stopped. */
    public void restore(Map<String, byte[]> state) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        state.forEach((k, v) -> {
            NDArray a = NDArray.decode(manager, v);
            buffers.put(k, a);
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
