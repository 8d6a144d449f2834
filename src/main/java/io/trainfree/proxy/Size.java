package io.trainfree.proxy;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.OptionalDouble;

/**
 * The size baselines, in millions, of the official NAS-Bench-201 network (closed forms of docs/proxies.md §1.8, equal
 * to the benchmark's own counts): {@code params} (parameters, dead ops included) or {@code flops}. Params and FLOPs
 * rank cells identically.
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
        return ofArchitecture(context.arch(), context.dataset()).orElseThrow();
    }

    @Override
    public OptionalDouble ofArchitecture(Nb201Arch arch, Dataset dataset) {
        return OptionalDouble.of(flops ? Nb201.flops(arch, dataset) : Nb201.params(arch, dataset));
    }
}
