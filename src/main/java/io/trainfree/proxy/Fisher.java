package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;

/**
 * fisher, channel mode (zero-cost-nas): for every scored layer's output A (before its batch norm) and
 * s[n,k] = &Sigma;<sub>h,w</sub> A&middot;&part;L/&part;A, the channel's F<sub>k</sub> = 0.5 mean<sub>n</sub>
 * s[n,k]&sup2;. The reference broadcasts F<sub>k</sub> to every weight of channel k before summing, so each layer
 * counts &Sigma;<sub>k</sub> F<sub>k</sub> times its fan-in; that factor is kept, as the published values need it.
 * Non-negative.
 */
public record Fisher() implements Proxy {
    @Override
    public String name() {
        return "fisher";
    }

    @Override
    public Needs needs() {
        return Needs.LOSS_PASS;
    }

    @Override
    public double score(ProxyContext context) {
        LossPass pass = context.lossPass();
        double total = 0;
        for (int l = 0; l < pass.layers().size(); l++) {
            NDArray s = pass.probeGradients().get(l); // [N, C]
            double perChannelSum = s.square().mean(new int[] {0}).mul(0.5).sum().getFloat();
            total += perChannelSum * pass.layers().get(l).fanIn();
        }
        return total;
    }
}
