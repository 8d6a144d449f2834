package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.TorchOps;

/**
 * synflow (zero-cost-nas): on the absolute values of every tensor, in float64, with an input of ones
 * {@code [1, 3, H, W]}, R = the sum of the logits; score = &Sigma;<sub>l</sub> &Sigma; |W<sub>l</sub> &#8857;
 * &part;R/&part;W<sub>l</sub>|. {@code synflow} runs the reference's copy without batch norm, which still keeps the
 * four batch norms of the reduction blocks (in train mode, over a batch of one); {@code synflow_bn} runs the network
 * with all its batch norms. Data-independent. Values can be very large.
 *
 * @param withBatchNorm false for synflow, true for synflow_bn
 */
public record Synflow(boolean withBatchNorm) implements Proxy {
    @Override
    public String name() {
        return withBatchNorm ? "synflow_bn" : "synflow";
    }

    @Override
    public double score(ProxyContext context) {
        Nb201Net net = withBatchNorm ? context.net() : context.net().withoutBatchNorm();
        // abs and cast make new arrays in the context's manager: they go with the architecture
        Nb201Params p = context.initialParams().abs().toType(DataType.FLOAT64).requireGradients();
        int side = context.dataset().resolution();
        NDArray ones = context.manager().ones(new Shape(1, 3, side, side), DataType.FLOAT64);
        try (GradientCollector gc = TorchOps.recordGradients()) {
            gc.backward(net.forward(p, ones).sum());
        }
        double total = 0;
        for (Layer.Weighted layer : net.scoredLayers()) {
            total += p.weight(layer).mul(p.gradient(layer)).abs().sum().getDouble();
        }
        return total;
    }
}
