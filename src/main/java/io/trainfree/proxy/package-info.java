/**
 * Zero-cost proxies of NAS-Bench-201 networks, one class per proxy behind the {@link io.trainfree.proxy.Proxy}
 * interface and registered by name in {@link io.trainfree.proxy.Proxies}; a {@link io.trainfree.proxy.ProxyRunner}
 * scores a list of them on one batch and one network, sharing the passes they declare they need
 * ({@link io.trainfree.proxy.Proxy.Needs}, planned by {@link io.trainfree.proxy.ProxyContext}); a
 * {@link io.trainfree.proxy.ProxyTable} is the value of a whole table, read and written by
 * {@link io.trainfree.proxy.ProxyTableCsv}, and {@link io.trainfree.proxy.ProxyJob} computes one for a space as a
 * resumable job. How each proxy follows its reference implementation is in docs/proxies.md, docs/swap.md and
 * docs/gradalign.md.
 *
 * <p>May import space, data, bench, model, math and job; never eval (which ranks proxy tables against the
 * benchmarks), search, cli, notebook or kernel. It prints nothing:
 * progress reaches the caller through a {@link io.trainfree.job.JobListener}.
 */
package io.trainfree.proxy;
