package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.trainfree.data.Batch;
import io.trainfree.data.Dataset;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import io.trainfree.model.TorchOps;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a proxy may use for one architecture: the network, its initial parameters (the reference's default
 * initialisation, seeded), the batch, and the passes several proxies share, each computed at most once. All arrays
 * live in {@link #manager()}, which the {@link ProxyRunner} closes after the architecture; a proxy that makes arrays
 * of its own should open a sub-manager of it.
 *
 * <p>Like the reference, every proxy starts from the same initial weights; passes that need gradients work on a copy,
 * so no proxy sees another's gradients. (Train-mode forwards also update the running statistics of the tracked batch
 * norms; outputs in train mode do not depend on them.)
 *
 * <p>The context is made knowing what its proxies read ({@link Proxy.Needs}) and plans the shared passes from that
 * when it is made, so the order in which proxies ask for the passes does not matter.
 */
public final class ProxyContext {
    private final Nb201Arch arch;
    private final Dataset dataset;
    private final Nb201Net net;
    private final NDManager manager;
    private final Batch batch;
    private final long seed;
    private final Proxy.Needs needs;
    private final boolean lossPassKeepsGraph; // for hessianGradient()
    private final boolean lossPassTakesJacobian;
    private final Map<Object, Object> shared = new HashMap<>();
    private Nb201Params initial;
    private LossPass lossPass;
    private double[][] inputJacobian;
    private int forwardPasses;
    private List<NDArray> gradientsWithGraph; // the loss pass's dL/dW with their graph, until the Hessian product
    private List<NDArray> hessianGradient;

    /**
     * A context over a batch already in {@code manager}, planning its passes for the proxies' {@code needs} (see
     * {@link Proxy.Needs}).
     *
     * @param seed  the architecture's seed: initial parameters are drawn from it
     * @param needs what the proxies to be scored on this context read, united ({@link Proxy.Needs#of})
     */
    public ProxyContext(Nb201Arch arch, Dataset dataset, NDManager manager, Batch batch, long seed,
            Proxy.Needs needs) {
        this(Nb201Net.of(Objects.requireNonNull(arch, "arch"), Objects.requireNonNull(dataset, "dataset")), dataset,
                manager, batch, seed, needs);
    }

    /** A context that plans nothing ({@link Proxy.Needs#NONE}): each pass is computed on its own when first asked. */
    public ProxyContext(Nb201Arch arch, Dataset dataset, NDManager manager, Batch batch, long seed) {
        this(arch, dataset, manager, batch, seed, Proxy.Needs.NONE);
    }

    /** A context for a network of one's own making (smaller nets in tests, other channel counts). */
    public ProxyContext(Nb201Net net, Dataset dataset, NDManager manager, Batch batch, long seed, Proxy.Needs needs) {
        this.net = Objects.requireNonNull(net, "net");
        this.arch = net.arch();
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.seed = seed;
        this.needs = Objects.requireNonNull(needs, "needs");
        this.lossPassKeepsGraph = needs.hessianGradient();
        this.lossPassTakesJacobian = needs.lossPass() && needs.inputJacobian();
    }

    /**
     * A context that scores {@code net} at the given weights instead of its initialisation: zero-cost proxies of a
     * network in training (FEAR's "proxies during training" study). The proxies copy the weights; they are not changed.
     */
    public static ProxyContext atWeights(Nb201Net net, Nb201Params weights, Dataset dataset, NDManager manager,
            Batch batch, long seed, Proxy.Needs needs) {
        var context = new ProxyContext(net, dataset, manager, batch, seed, needs);
        context.initial = Objects.requireNonNull(weights, "weights");
        return context;
    }

    /** A context for a network of one's own making that plans nothing ({@link Proxy.Needs#NONE}). */
    public ProxyContext(Nb201Net net, Dataset dataset, NDManager manager, Batch batch, long seed) {
        this(net, dataset, manager, batch, seed, Proxy.Needs.NONE);
    }

    public Nb201Arch arch() {
        return arch;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The zero-cost reference network of the architecture. */
    public Nb201Net net() {
        return net;
    }

    public NDManager manager() {
        return manager;
    }

    public Batch batch() {
        return batch;
    }

    public long seed() {
        return seed;
    }

    /** What the context's passes are planned for. */
    public Proxy.Needs needs() {
        return needs;
    }

    /**
     * The weights scored: PyTorch's default initialisation drawn from {@link #seed()}, or those given to
     * {@link #atWeights}; do not modify them.
     */
    public Nb201Params initialParams() {
        if (initial == null) {
            initial = Nb201Params.create(net, manager, seed);
        }
        return initial;
    }

    /** The shared loss pass (computed on first use). */
    public LossPass lossPass() {
        if (lossPass == null) {
            lossPass = computeLossPass();
        }
        return lossPass;
    }

    /**
     * (Hg)<sub>l</sub> for every scored layer, in {@link LossPass#layers()} order: H the Hessian of the loss pass's
     * loss with respect to the scored weights only, g the loss pass's gradients (grasp's product, docs/proxies.md
     * §4.3). Computed on first use: from the loss pass's own graph if the context's {@linkplain #needs() needs} include
     * the product (the loss pass then keeps its gradients' graph, holding memory until the product is taken or the
     * architecture is done), else, as the reference does, from a second forward pass of the batch on a fresh copy of
     * the initial weights. The two give the same values.
     */
    public List<NDArray> hessianGradient() {
        if (hessianGradient == null) {
            hessianGradient = computeHessianGradient();
        }
        return hessianGradient;
    }

    /**
     * The Jacobian of the summed logits with respect to the input, one row per sample ({@code [N][3*H*W]}, double):
     * what jacob_cov and epe_nas correlate. Computed on first use: by the loss pass's forward if the context's
     * {@linkplain #needs() needs} include both, else by a forward and backward of its own. The Jacobian is the same
     * either way: the loss pass's forward differs only by fisher's probes, which multiply by one.
     */
    public double[][] inputJacobian() {
        if (inputJacobian == null) {
            if (lossPassTakesJacobian) {
                lossPass(); // sets inputJacobian
            } else {
                inputJacobian = computeInputJacobian();
            }
        }
        return inputJacobian;
    }

    /**
     * A pass that several proxies share beyond the ones above (SWAP's pattern counts, read by swap and swap_reg; the
     * per-sample gradients of the two GradAlign scores), computed on first use and kept for the architecture.
     *
     * @param key     what determines the value: a record of the pass's settings, so equal settings share it
     * @param type    the value's type
     * @param compute computes the value; it may use this context (not the same key again)
     * @throws IllegalStateException if {@code key} was first stored with a value of another type
     */
    public <T> T shared(Object key, Class<T> type, Supplier<T> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compute, "compute");
        Object value = shared.get(key);
        if (value == null) {
            value = Objects.requireNonNull(compute.get(), () -> "shared pass " + key + " computed null");
            shared.put(key, value);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("shared pass " + key + " holds a " + value.getClass().getName()
                    + ", asked for a " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * How many forward passes of the batch the shared passes have made so far (the loss pass, the input Jacobian's own
     * pass, grasp's second forward): what planning from the {@linkplain #needs() needs} saves, which tests check.
     */
    int forwardPasses() {
        return forwardPasses;
    }

    /**
     * Mean softmax cross-entropy of logits {@code [N, K]} against integer labels {@code [N]}, as F.cross_entropy. No
     * arithmetic with Java numbers on the way: DJL wraps a number in an array over a Java buffer and frees it after
     * the op, while the backward still reads it (a garbage collection in between corrupts every gradient).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int k = (int) logits.getShape().get(1);
        NDArray oneHot = labels.oneHot(k).toType(logits.getDataType(), false);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private LossPass computeLossPass() {
        Nb201Params params = initialParams().copy().requireGradients();
        NDArray x = batch.images();
        if (lossPassTakesJacobian) { // then nothing else computes the Jacobian
            x = x.duplicate();
            x.setRequiresGradient(true);
        }
        long n = x.getShape().get(0);
        Map<String, NDArray> probes = new HashMap<>(); // by weight name: layers() builds new records each call
        Recorder fisherProbes = Recorder.layerOutputs((layer, out) -> {
            Shape s = out.getShape();
            Shape probeShape = s.dimension() == 4 ? new Shape(n, s.get(1), 1, 1) : new Shape(n, s.get(1));
            NDArray probe = manager.ones(probeShape, out.getDataType());
            probe.setRequiresGradient(true);
            probes.put(layer.weightName(), probe);
            return out.mul(probe);
        });
        NDArray l;
        forwardPasses++;
        try (GradientCollector gc = TorchOps.recordGradients()) {
            NDArray logits = net.forward(params, x, fisherProbes);
            l = crossEntropy(logits, batch.labels());
            if (lossPassTakesJacobian) { // before the backward below, which frees the forward's graph
                inputJacobian = rows(HessianProduct.gradientsKeepingGraph(logits.sum(), List.of(x)).get(0));
            }
            if (!lossPassKeepsGraph) {
                gc.backward(l);
            }
        }
        List<Layer.Weighted> layers = net.scoredLayers();
        var weights = new ArrayList<NDArray>(layers.size());
        var layerProbes = new ArrayList<NDArray>(layers.size());
        for (Layer.Weighted layer : layers) {
            weights.add(params.weight(layer));
            NDArray probe = probes.get(layer.weightName());
            if (probe == null) {
                throw new IllegalStateException("layer " + layer.weightName() + " of " + arch
                        + " did not run in the forward pass");
            }
            layerProbes.add(probe);
        }
        var gradients = new ArrayList<NDArray>(layers.size());
        var probeGradients = new ArrayList<NDArray>(layers.size());
        if (lossPassKeepsGraph) { // the same first-order values, with their graph kept for hessianGradient()
            var inputs = new ArrayList<NDArray>(weights);
            inputs.addAll(layerProbes);
            List<NDArray> d = HessianProduct.gradients(l, inputs);
            gradientsWithGraph = List.copyOf(d.subList(0, layers.size()));
            for (int i = 0; i < layers.size(); i++) {
                gradients.add(d.get(i).stopGradient()); // the same values, no graph: what other proxies see
                NDArray g = d.get(layers.size() + i).stopGradient();
                probeGradients.add(g.reshape(n, g.getShape().get(1)));
            }
        } else {
            for (int i = 0; i < layers.size(); i++) {
                gradients.add(params.gradient(layers.get(i)));
                NDArray g = layerProbes.get(i).getGradient();
                probeGradients.add(g.reshape(n, g.getShape().get(1)));
            }
        }
        return new LossPass(layers, weights, gradients, probeGradients, l.getFloat());
    }

    private List<NDArray> computeHessianGradient() {
        LossPass pass = lossPass();
        if (gradientsWithGraph != null) {
            List<NDArray> hg = HessianProduct.product(gradientsWithGraph, pass.weights(), pass.gradients());
            gradientsWithGraph.forEach(NDArray::close); // the graph is used up: let it go now
            gradientsWithGraph = null;
            return List.copyOf(hg);
        }
        forwardPasses++;
        try (NDManager m = manager.newSubManager()) { // the second forward's arrays go when the product is out
            List<NDArray> hg = Grasp.hessianGradient(net, initialParams(), batch.images(), batch.labels(),
                    pass.gradients(), m);
            hg.forEach(a -> a.attach(manager));
            return List.copyOf(hg);
        }
    }

    private double[][] computeInputJacobian() {
        Nb201Params params = initialParams().copy();
        NDArray x = batch.images().duplicate();
        x.setRequiresGradient(true);
        forwardPasses++;
        try (GradientCollector gc = TorchOps.recordGradients()) {
            NDArray logits = net.forward(params, x);
            gc.backward(logits.sum()); // seeds ones on every logit, as y.backward(ones_like(y))
        }
        return rows(x.getGradient());
    }

    /** An array {@code [N, ...]} as N rows of doubles. */
    private static double[][] rows(NDArray a) {
        NDArray g = a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
        int rows = (int) g.getShape().get(0);
        int cols = (int) (g.size() / rows);
        double[] flat = g.toDoubleArray();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }
}
