package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;

/**
 * grad_norm (zero-cost-nas): &Sigma;<sub>l</sub> ||&part;L/&part;W<sub>l</sub>||<sub>2</sub>, the Frobenius norms of
 * the scored layers' weight gradients summed over layers (not the global norm). Non-negative.
 */
public record GradNorm() implements Proxy {
    @Override
    public String name() {
        return "grad_norm";
    }

    @Override
    public Needs needs() {
        return Needs.LOSS_PASS;
    }

    @Override
    public double score(ProxyContext context) {
        double total = 0;
        for (NDArray g : context.lossPass().gradients()) {
            total += g.square().sum().sqrt().getFloat();
        }
        return total;
    }
}
