/**
 * The networks the proxies score: the NAS-Bench-201 network as the zero-cost-proxy reference builds it and the
 * official variant ({@link io.trainfree.model.Nb201Net}, a value), its tensors in the caller's NDManager
 * ({@link io.trainfree.model.Nb201Params}), a functional forward pass with a {@link io.trainfree.model.Recorder} for
 * what proxies observe, and the device choice ({@link io.trainfree.model.Devices}).
 *
 * <p>{@link io.trainfree.model.TorchOps} holds every call past DJL's engine-neutral API into its PyTorch engine
 * ({@code ai.djl.pytorch}: libtorch's batch norm, backward passes that keep their graph, TorchScript modules, the
 * thread count); no other class of trainfree imports the engine, which {@code TorchOpsTest} checks. The package
 * imports DJL and trainfree's {@code space} and {@code data}.
 *
 * <h2>What each proxy takes from here</h2>
 * All inside {@code try (NDManager m = root.newSubManager())}, one per architecture; gradients need the forward and
 * the backward inside one {@code GradientCollector} and {@link io.trainfree.model.Nb201Params#requireGradients()}
 * before the forward.
 * <ul>
 * <li><b>grad_norm, snip, plain, grasp's g</b>: one forward/backward of the mean cross entropy, then
 *     {@code params.weight(l)} and {@code params.gradient(l)} for every {@code l} in
 *     {@link io.trainfree.model.Nb201Net#scoredLayers()} (a layer no gradient reached gives zeros).</li>
 * <li><b>fisher</b>: a recorder whose {@code layerOutput} returns {@code output.mul(probe)}, the probe ones of shape
 *     {@code [N, C, 1, 1]} (conv) or {@code [N, C]} (linear) with a gradient; then F_k = 0.5 mean_n probe.grad[n,k]^2,
 *     weighted by {@link io.trainfree.model.Layer.Weighted#fanIn()} as the reference does.</li>
 * <li><b>jacob_cov</b>: {@code input.setRequiresGradient(true)}, backward of {@code logits.sum()}, then
 *     {@code input.getGradient()}.</li>
 * <li><b>synflow</b>: {@code net.withoutBatchNorm()} with {@code params.abs().toType(FLOAT64).requireGradients()} on
 *     ones {@code [1, 3, H, W]} in float64; <b>synflow_bn</b> the same on {@code net}.</li>
 * <li><b>grasp</b>: see below.</li>
 * <li><b>l2_norm</b>: NASLib's over {@code scoredLayers()}; ZC's over the weighted layers of
 *     {@link io.trainfree.model.Nb201Net#supernetLayers()}, with
 *     {@code Nb201Params.create(net.supernetLayers(), m, Init.PYTORCH_DEFAULT, seed)} (same seed, same values on the
 *     shared tensors).</li>
 * <li><b>naswot, SWAP, linear regions</b>: {@link io.trainfree.model.Recorder#relus} (inputs and outputs of every
 *     executed ReLU, all 4-D); SWAP and Zen re-initialise with {@link io.trainfree.model.Init#NORMAL}.</li>
 * <li><b>Zen</b>: {@link io.trainfree.model.Recorder#features} (after the head's BN and ReLU, before pooling), and
 *     after the forwards {@code params.get(bn.name() + ".running_var")} of every tracked BN.</li>
 * <li><b>#params, FLOPs</b>: {@code Nb201Net.official(arch, dataset).paramCount()} and {@code .flops(side)}.</li>
 * </ul>
 *
 * <h2>GraSP's Hessian-gradient product</h2>
 * Parameters are plain leaf arrays, so a double backward works on them (see {@code HessianProductTest}). The PyTorch
 * engine's {@code JniUtils.backward(loss, ones, true, true)} route stores each graph-carrying gradient in its weight's
 * {@code .grad}, which makes a reference cycle between weight and gradient that closing the manager does not free
 * (about 300 MB per full-size evaluation, docs/engine.md §2) and that DJL offers no call to break. grasp therefore
 * takes the other route, {@code torch.autograd.grad}, which returns gradients without storing them:
 * {@code io.trainfree.proxy.HessianProduct} runs it from a small TorchScript module, on a loss computed in a
 * {@code GradientCollector} from weights that require gradients. Nothing to detach, no cycle, flat memory.
 *
 * <h2>No Java numbers in differentiable ops</h2>
 * {@code x.mul(0)} or {@code loss.div(n)} wrap the number in an array over a Java buffer that DJL frees right after
 * the op, while the op's backward may still read it (mul and div save their other operand): after a garbage
 * collection that memory can hold anything, and gradients come out wrong or NaN. In anything a backward will go
 * through, use arrays that libtorch allocated ({@code manager.zeros(new Shape(), type)}: the graph holds on to them)
 * or ops without a scalar ({@code mean()} rather than {@code sum().div(n)}). The same holds for a constant made from a
 * Java array: keep the array made by {@code create} alive, or keep a copy libtorch owns
 * ({@link io.trainfree.model.TorchOps#castCopy}; DJL's {@code toType(type, true)} is no copy when the type matches).
 *
 * <h2>Gradients per thread</h2>
 * Record with {@link io.trainfree.model.TorchOps#recordGradients} rather than DJL's {@code GradientCollector}, which
 * allows one in the whole JVM: libtorch's grad mode is per thread, so two threads with their own arrays record side by
 * side. A new thread starts recording in libtorch; {@link io.trainfree.model.TorchOps#withoutGradients} stops it.
 *
 * <h2>Deviations from the reference, by design</h2>
 * Weights are drawn in Java from per-tensor seeded streams, not by PyTorch's generator (same distributions, not the
 * same numbers); only the architecture's ops are built (the reference builds all 30 candidates per cell, which only
 * matters to ZC's l2_norm, see above).
 */
package io.trainfree.model;
