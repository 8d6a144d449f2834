package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.TorchOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * grasp (zero-cost-nas, GraSP at initialisation): with g = &part;L/&part;W from the shared loss pass, held constant,
 * and H the Hessian of the loss with respect to the scored weights only, score = &Sigma;<sub>l</sub> &Sigma;
 * (&minus;W<sub>l</sub> &#8857; (Hg)<sub>l</sub>). Hg is the gradient of z = &Sigma;<sub>l</sub> &lang;g<sub>l</sub>,
 * &part;L/&part;W<sub>l</sub>&rang; after a second forward pass of the same batch on a fresh copy of the initial
 * weights, as the reference computes it (temperature 1, one iteration). Signed: the reference's minus sign is kept.
 *
 * <p>Hg is the context's {@link ProxyContext#hessianGradient()}. grasp {@linkplain #needs() declares it}, so a context
 * planned for grasp has the loss pass keep its gradients' graph for it, which gives the same values as the reference's
 * second forward pass for one backward pass instead of a forward and two; a context not planned for it runs the second
 * forward ({@link #hessianGradient}). Either way the double backward goes through {@code torch.autograd.grad} (see
 * {@link HessianProduct}), which stores no gradient anywhere: no reference cycle between weights and their gradients,
 * native memory stays flat over any number of architectures, and the proxy can be scored again on the same context.
 *
 * <p>Cost at full size (C=16, N=5, CIFAR-10, batch 64, 2 CPU threads, {@code trainfree bench proxies}): about 0.9 s
 * per architecture on top of the shared loss pass (0.74 s over indices 0-99), 1.5 s alone; the double backward
 * through the batch norms is most of it. The official implementation takes about 1.6 s.
 */
public record Grasp() implements Proxy {
    @Override
    public String name() {
        return "grasp";
    }

    @Override
    public double score(ProxyContext context) {
        return score(context.lossPass().weights(), context.hessianGradient());
    }

    @Override
    public Needs needs() {
        return Needs.HESSIAN_GRADIENT;
    }

    /**
     * &Sigma;<sub>l</sub> &Sigma; (&minus;W<sub>l</sub> &#8857; (Hg)<sub>l</sub>), summed per layer in the arrays'
     * type.
     */
    static double score(List<NDArray> weights, List<NDArray> hg) {
        double total = 0;
        for (int l = 0; l < weights.size(); l++) {
            total -= scalar(hg.get(l).mul(weights.get(l)).sum()); // attaches to hg's manager
        }
        return total;
    }

    /**
     * (Hg)<sub>l</sub> for every scored layer of {@code net}: a forward of the batch on a copy of {@code params}, then
     * the Hessian product with {@code g} (one array per scored layer, in {@code net.scoredLayers()} order). The
     * products and the pass's arrays live in {@code manager}; the copy of the parameters is closed on return.
     */
    static List<NDArray> hessianGradient(Nb201Net net, Nb201Params params, NDArray images, NDArray labels,
            List<NDArray> g, NDManager manager) {
        Objects.requireNonNull(manager, "manager");
        List<Layer.Weighted> layers = net.scoredLayers();
        if (g.size() != layers.size()) {
            throw new IllegalArgumentException(net + " has " + layers.size() + " scored layers, got " + g.size()
                    + " gradients");
        }
        try (Nb201Params p = params.copy()) {
            var weights = new ArrayList<NDArray>(layers.size());
            for (Layer.Weighted layer : layers) {
                NDArray w = p.weight(layer);
                w.setRequiresGradient(true); // the scored weights only: H is taken with respect to them
                weights.add(w);
            }
            NDArray x = images.duplicate();
            x.attach(manager); // the forward's arrays attach to the input's manager
            NDArray loss;
            try (GradientCollector gc = TorchOps.recordGradients()) {
                loss = ProxyContext.crossEntropy(net.forward(p, x), labels);
            }
            return HessianProduct.of(loss, weights, g);
        }
    }

    private static double scalar(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a.getDouble() : a.toType(DataType.FLOAT64, false).getDouble();
    }
}
