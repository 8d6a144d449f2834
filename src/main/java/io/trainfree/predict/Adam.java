package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's Adam (no weight decay, no AMSGrad) over DJL parameters, with a state that can be taken out and put back:
 * the DELE protocol keeps one optimizer through both steps, and step 1 is trained once and reused by many step-2
 * runs. DJL's own {@code Adam} keeps its moments and per-parameter step counts in private maps with no accessor, so
 * they could not be saved; this class holds them itself and updates with the engine's fused Adam kernel (the
 * engine-neutral {@code NDArrayEx.adamUpdate}).
 *
 * <p>As in PyTorch, a parameter is skipped while it gets no gradient (a frozen one, {@code requiresGradient()} false):
 * its step count and moments do not move, so a gate frozen through step 1 starts step 2 with a fresh state. Each
 * update is {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) +
 * eps)}, PyTorch's formula: the kernel computes {@code w -= c m / (sqrt(v) + e)}, so it gets {@code c = lr sqrt(1 -
 * b2^t) / (1 - b1^t)} and {@code e = eps sqrt(1 - b2^t)}.
 */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final NDManager manager;
    private final Map<String, Slot> slots = new HashMap<>();

    /** One parameter's state. */
    private static final class Slot {
        int step;
        NDArray mean;
        NDArray variance;
    }

    /**
     * One parameter's state as plain values.
     *
     * @param step     updates made so far
     * @param mean     first moment, flattened
     * @param variance second moment, flattened
     */
    public record Moments(int step, float[] mean, float[] variance) {
        public Moments {
            if (step < 0 || mean.length != variance.length) {
                throw new IllegalArgumentException("bad Adam moments: step " + step + ", sizes " + mean.length
                        + " and " + variance.length);
            }
            mean = mean.clone();
            variance = variance.clone();
        }

        @Override
        public float[] mean() {
            return mean.clone();
        }

        @Override
        public float[] variance() {
            return variance.clone();
        }
    }

    /**
     * @param learningRate the step size (DELE: 1e-3)
     * @param manager      where the moments live; the caller closes it
     */
    public Adam(double learningRate, NDManager manager) {
        this(learningRate, 0.9, 0.999, 1e-8, manager);
    }

    /** PyTorch's Adam with these betas and eps. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, NDManager manager) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs lr > 0, betas in [0, 1), eps > 0; got lr " + learningRate
                    + ", betas " + beta1 + ", " + beta2 + ", eps " + epsilon);
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * Updates every parameter that requires a gradient from its gradient, then zeroes that gradient. Keys name the
     * parameters in the state.
     */
    public void step(Map<String, Parameter> parameters) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray weight = p.getArray();
            Slot s = slots.computeIfAbsent(e.getKey(), k -> new Slot());
            if (s.mean == null) {
                s.mean = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
                s.variance = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
            }
            s.step++;
            double c1 = 1 - Math.pow(beta1, s.step);
            double c2 = Math.sqrt(1 - Math.pow(beta2, s.step));
            try (NDArray grad = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, s.mean, s.variance),
                        new NDList(weight), (float) learningRate, (float) (learningRate * c2 / c1), 0f, 1f, -1f,
                        (float) beta1, (float) beta2, (float) (epsilon * c2), false, false);
            }
        }
    }

    /** The state: each updated parameter's step count and moments, by key. */
    public Map<String, Moments> state() {
        var state = new LinkedHashMap<String, Moments>();
        slots.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> state.put(e.getKey(),
                new Moments(e.getValue().step, e.getValue().mean.toFloatArray(),
                        e.getValue().variance.toFloatArray())));
        return state;
    }

    /**
     * Replaces the state by {@code state} (parameters it does not name start afresh); shapes come from {@code
     * parameters}.
     *
     * @throws IllegalArgumentException if the state names a parameter not in {@code parameters} or sizes differ
     */
    public void restore(Map<String, Moments> state, Map<String, Parameter> parameters) {
        clear();
        for (Map.Entry<String, Moments> e : state.entrySet()) {
            Parameter p = parameters.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("optimizer state names parameter '" + e.getKey()
                        + "', which the model does not have");
            }
            NDArray w = p.getArray();
            Moments mo = e.getValue();
            if (mo.mean().length != w.size()) {
                throw new IllegalArgumentException("optimizer state of '" + e.getKey() + "' has " + mo.mean().length
                        + " values, the parameter " + w.size());
            }
            var s = new Slot();
            s.step = mo.step();
            s.mean = manager.create(mo.mean(), w.getShape()).toDevice(w.getDevice(), false);
            s.variance = manager.create(mo.variance(), w.getShape()).toDevice(w.getDevice(), false);
            slots.put(e.getKey(), s);
        }
    }

    /** Forgets every state: the next step starts afresh (a new optimizer). */
    public void clear() {
        for (Slot s : slots.values()) {
            if (s.mean != null) {
                s.mean.close();
                s.variance.close();
            }
        }
        slots.clear();
    }
}
