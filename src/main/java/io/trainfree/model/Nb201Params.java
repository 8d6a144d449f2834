package io.trainfree.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The tensors of a network, by state-dict name, all in one caller's {@link NDManager} (one sub-manager per network:
 * closing it frees everything, gradients included). Each tensor is a plain leaf NDArray, so the usual DJL gradient
 * machinery applies: {@link #requireGradients()}, a forward and {@code backward} inside a {@code GradientCollector},
 * then {@link #gradient}. Gradients accumulate over backward passes, as in PyTorch: a measure that needs clean ones
 * works on {@code copy().requireGradients()}. Transformations ({@link #abs()}, {@link #toType}, {@link #copy()}) return
 * a new set in the same manager. Not thread-safe: a forward pass updates tracked running statistics in place.
 *
 * {@snippet :
 * try (NDManager m = root.newSubManager()) {
 *     Nb201Params p = Nb201Params.create(net, m, seed).requireGradients();
 *     try (GradientCollector gc = TorchOps.recordGradients()) {
 *         NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(batch.labels()),
 *                 new NDList(net.forward(p, batch.images())));
 *         gc.backward(loss);
 *     }
 *     double gradNorm = 0;
 *     for (Layer.Weighted l : net.scoredLayers()) {
 *         gradNorm += p.gradient(l).norm().getFloat();
 *     }
 * }
 * }
 *
 * <p>Besides the parameters the set keeps a few constants for the forward pass (ones and zeros standing in for the
 * missing gamma/beta of non-affine batch norms, scratch running statistics, the average-pool divisors), made on first
 * use in the same manager.
 */
public final class Nb201Params implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, Param> specs; // state-dict order
    private final Map<String, NDArray> arrays;
    private final Map<String, NDArray> constants = new HashMap<>();

    private Nb201Params(NDManager manager, Map<String, Param> specs, Map<String, NDArray> arrays) {
        this.manager = manager;
        this.specs = Collections.unmodifiableMap(specs);
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /** PyTorch's default initialisation of {@code net}'s tensors, seeded, float32, in {@code manager}. */
    public static Nb201Params create(Nb201Net net, NDManager manager, long seed) {
        return create(net, manager, Init.PYTORCH_DEFAULT, seed);
    }

    /** {@code net}'s tensors initialised by {@code init}, float32, in {@code manager}. */
    public static Nb201Params create(Nb201Net net, NDManager manager, Init init, long seed) {
        Objects.requireNonNull(net, "net");
        return create(net.layers(), manager, init, seed);
    }

    /**
     * The tensors of {@code layers} (e.g. {@link Nb201Net#supernetLayers()}) initialised by {@code init}, float32,
     * on {@code manager}'s device. Same seed, same values, bit for bit.
     */
    public static Nb201Params create(List<Layer> layers, NDManager manager, Init init, long seed) {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(init, "init");
        var specs = new LinkedHashMap<String, Param>();
        var arrays = new LinkedHashMap<String, NDArray>();
        for (Layer layer : layers) {
            for (Param p : layer.params()) {
                if (specs.putIfAbsent(p.name(), p) != null) {
                    throw new IllegalArgumentException("two layers define tensor " + p.name());
                }
                float[] values = new float[Math.toIntExact(p.size())];
                init.fill(p, layer, seed, values);
                arrays.put(p.name(), manager.create(values, p.shape()));
            }
        }
        return new Nb201Params(manager, specs, arrays);
    }

    /** The tensors' descriptions, in state-dict order. */
    public List<Param> params() {
        return List.copyOf(specs.values());
    }

    /** The arrays by name, in state-dict order (a read-only view). */
    public Map<String, NDArray> arrays() {
        return arrays;
    }

    /** The array named {@code name}; unknown names are refused with a few known ones. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' among these " + arrays.size()
                    + " parameters (first: " + String.join(", ", arrays.keySet().stream().limit(4).toList())
                    + ", ...)");
        }
        return a;
    }

    /** The weight of a convolution or linear layer. */
    public NDArray weight(Layer.Weighted layer) {
        return get(layer.weightName());
    }

    /** The manager holding these arrays. */
    public NDManager manager() {
        return manager;
    }

    /** The data type of the arrays (all share one). */
    public DataType dataType() {
        return arrays.isEmpty() ? DataType.FLOAT32 : arrays.values().iterator().next().getDataType();
    }

    /** The device of the arrays. */
    public Device device() {
        return manager.getDevice();
    }

    /**
     * Marks every trainable tensor (weights, biases, gamma, beta; not running statistics) as requiring a gradient.
     * Returns this set.
     */
    public Nb201Params requireGradients() {
        for (Param p : specs.values()) {
            if (p.role().trainable()) {
                arrays.get(p.name()).setRequiresGradient(true);
            }
        }
        return this;
    }

    /**
     * The gradient accumulated in tensor {@code name} by the last backward pass, in the tensor's own data type. A
     * tensor no gradient reached (an op on no path to the loss) gives zeros, as the reference treats it.
     *
     * @throws IllegalStateException unless {@link #requireGradients()} was called before the forward pass
     */
    public NDArray gradient(String name) {
        NDArray a = get(name);
        if (!a.hasGradient()) {
            throw new IllegalStateException("tensor " + name + " has no gradient: call requireGradients() before the"
                    + " forward pass");
        }
        NDArray g = a.getGradient(); // DJL gives float32 zeros where no gradient arrived
        if (g.getDataType() != a.getDataType()) {
            NDArray cast = g.toType(a.getDataType(), false);
            g.close();
            g = cast;
        }
        return g;
    }

    /** The gradient of a convolution or linear layer's weight (see {@link #gradient(String)}). */
    public NDArray gradient(Layer.Weighted layer) {
        return gradient(layer.weightName());
    }

    /**
     * A new set, in the same manager, with {@code f(param, array)} for every tensor. Call it outside a
     * {@code GradientCollector}, so the new arrays are leaves.
     */
    public Nb201Params map(BiFunction<Param, NDArray, NDArray> f) {
        Objects.requireNonNull(f, "f");
        if (TorchOps.recordingGradients()) {
            throw new IllegalStateException("transform parameters outside a GradientCollector: inside one the new"
                    + " arrays would not be leaves and could not take gradients");
        }
        var out = new LinkedHashMap<String, NDArray>();
        for (Param p : specs.values()) {
            NDArray a = arrays.get(p.name());
            NDArray b = f.apply(p, a);
            if (b == a) {
                b = a.duplicate();
            }
            if (!b.getShape().equals(p.shape())) {
                throw new IllegalArgumentException("transform changed the shape of " + p.name() + " from " + p.shape()
                        + " to " + b.getShape());
            }
            b.attach(manager);
            out.put(p.name(), b);
        }
        return new Nb201Params(manager, new LinkedHashMap<>(specs), out);
    }

    /** A copy (same values, no gradients). */
    public Nb201Params copy() {
        return map((p, a) -> a.duplicate());
    }

    /** The absolute value of every tensor, running statistics included: synflow's first step (docs/proxies.md §4.7). */
    public Nb201Params abs() {
        return map((p, a) -> a.abs());
    }

    /** Every tensor cast to {@code type} (synflow runs in float64). */
    public Nb201Params toType(DataType type) {
        Objects.requireNonNull(type, "type");
        return map((p, a) -> TorchOps.castCopy(a, type));
    }

    /** Total number of trainable elements (weights, biases, gamma, beta). */
    public long paramCount() {
        long n = 0;
        for (Param p : specs.values()) {
            if (p.role().trainable()) {
                n += p.size();
            }
        }
        return n;
    }

    /**
     * Checks that this set holds every tensor of {@code net} with the right shape, on one data type.
     *
     * @throws IllegalArgumentException naming the network and the first missing or misshapen tensor
     */
    void check(Nb201Net net) {
        DataType type = dataType();
        for (Layer layer : net.layers()) {
            for (Param p : layer.params()) {
                NDArray a = arrays.get(p.name());
                if (a == null) {
                    throw new IllegalArgumentException(net + ": the parameters have no tensor " + p.name()
                            + " (were they made for another network?)");
                }
                if (!a.getShape().equals(p.shape())) {
                    throw new IllegalArgumentException(net + ": tensor " + p.name() + " has shape " + a.getShape()
                            + ", the network needs " + p.shape());
                }
                if (a.getDataType() != type) {
                    throw new IllegalArgumentException(net + ": tensor " + p.name() + " is " + a.getDataType()
                            + ", others " + type);
                }
            }
        }
    }

    /** A constant array for the forward pass, made once per key in this set's manager. */
    NDArray constant(String key, Supplier<NDArray> make) {
        NDArray c = constants.get(key);
        if (c == null) {
            c = make.get();
            c.attach(manager);
            constants.put(key, c);
        }
        return c;
    }

    /** Closes the arrays and constants of this set (closing its manager does too). */
    @Override
    public void close() {
        arrays.values().forEach(NDArray::close);
        constants.values().forEach(NDArray::close);
        constants.clear();
    }

    @Override
    public String toString() {
        return "Nb201Params[" + arrays.size() + " tensors, " + paramCount() + " parameters, " + dataType() + ", "
                + device() + "]";
    }
}
