package io.trainfree.proxy;

import ai.djl.ndarray.NDManager;
import io.trainfree.model.Init;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Params;
import java.util.List;

/**
 * l2_norm: &Sigma;<sub>l</sub> ||W<sub>l</sub>||<sub>2</sub> over the weights at initialisation. {@code l2_norm} sums
 * the layers the architecture runs (NASLib's form, which NAS-Bench-Suite-Zero published); {@code l2_norm_supernet}
 * sums all 188 layers of zero-cost-nas's model, which builds every candidate op of every cell, used or not, and so is
 * nearly the same for every architecture (the reference's quirk, kept for comparison).
 *
 * @param supernet whether to sum the supernet's layers
 */
public record L2Norm(boolean supernet) implements Proxy {
    @Override
    public String name() {
        return supernet ? "l2_norm_supernet" : "l2_norm";
    }

    @Override
    public double score(ProxyContext context) {
        if (!supernet) {
            return sum(context.initialParams(), context.net().scoredLayers());
        }
        try (NDManager m = context.manager().newSubManager()) {
            List<Layer> layers = context.net().supernetLayers();
            Nb201Params all = Nb201Params.create(layers, m, Init.PYTORCH_DEFAULT, context.seed());
            return sum(all, layers.stream().filter(l -> l instanceof Layer.Weighted)
                    .map(l -> (Layer.Weighted) l).toList());
        }
    }

    private static double sum(Nb201Params params, List<Layer.Weighted> layers) {
        double total = 0;
        for (Layer.Weighted layer : layers) {
            total += params.weight(layer).square().sum().sqrt().getFloat();
        }
        return total;
    }
}
