package io.trainfree.proxy;

/** plain (zero-cost-nas): &Sigma;<sub>l</sub> &Sigma; &part;L/&part;W<sub>l</sub> &#8857; W<sub>l</sub>. Signed. */
public record Plain() implements Proxy {
    @Override
    public String name() {
        return "plain";
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
            total += pass.weights().get(l).mul(pass.gradients().get(l)).sum().getFloat();
        }
        return total;
    }
}
