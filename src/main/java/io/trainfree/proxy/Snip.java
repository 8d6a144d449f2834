package io.trainfree.proxy;

/**
 * snip (zero-cost-nas): &Sigma;<sub>l</sub> &Sigma; |W<sub>l</sub> &#8857; &part;L/&part;W<sub>l</sub>|, which is the
 * reference's |&part;L/&part;mask| at mask = 1 without the mask parameters. Non-negative.
 */
public record Snip() implements Proxy {
    @Override
    public String name() {
        return "snip";
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
            total += pass.weights().get(l).mul(pass.gradients().get(l)).abs().sum().getFloat();
        }
        return total;
    }
}
