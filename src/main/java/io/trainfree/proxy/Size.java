package io.trainfree.proxy;

import io.trainfree.bench.Nb201;

/**
 * The size baselines, in millions, of the official NAS-Bench-201 network (closed forms of proxies.md 1.8, equal to
 * the benchmark's own counts): {@code params} (parameters, dead ops included) or {@code flops}. Params and FLOPs rank
 * cells identically.
 *
 * @param flops FLOPs rather than parameters
 */
public record Size(boolean flops) implements Proxy {
    @Override
    public String name() {
        return flops ? "flops" : "params";
    }

    @Override
    public double score(ProxyContext context) {
        return flops ? Nb201.flops(context.arch(), context.dataset()) : Nb201.params(context.arch(), context.dataset());
    }
}
