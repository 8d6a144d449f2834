/**
 * The networks the proxies score: the NAS-Bench-201 network ({@link io.trainfree.model.Nb201Net}) as the
 * zero-cost-proxy reference builds it, and the official variant, run functionally on a parameter set
 * ({@link io.trainfree.model.Nb201Params}) in the caller's NDManager, with a {@link io.trainfree.model.Recorder} for
 * what proxies observe, and the device choice ({@link io.trainfree.model.Devices}).
 */
package io.trainfree.model;
