package io.trainfree.proxy;

import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.OptionalDouble;

/**
 * A zero-cost proxy: one number for one architecture at initialisation, higher meaning predicted better unless the
 * proxy's javadoc says otherwise. Stock proxies are in {@link Proxies}; a proxy reads what it needs from the
 * {@link ProxyContext}, which computes each shared pass (the loss gradients, the input Jacobian, ...) once per
 * architecture, so proxies scored together share their forward and backward passes.
 *
 * {@snippet :
 * try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.robotSix())) {
 *     ProxyScores s = runner.score(nb201.space().arch(6111), 6111);
 *     s.value("synflow");
 * }
 * }
 */
public interface Proxy {
    /** The reference implementation's id ({@code grad_norm}, {@code jacob_cov}, ...); also the column name. */
    String name();

    /**
     * The proxy's value for the context's architecture. May be NaN where the reference's value is undefined (a
     * disconnected cell's jacob_cov, say); exceptions are for bugs and bad input, never for such cases.
     */
    double score(ProxyContext context);

    /**
     * Whether {@link #score} reads {@link ProxyContext#hessianGradient()}: the {@link ProxyRunner} then has the loss
     * pass keep its graph for it, a forward and a backward pass fewer per architecture. False unless overridden.
     */
    default boolean usesHessianGradient() {
        return false;
    }

    /**
     * Whether {@link #score} reads {@link ProxyContext#inputJacobian()}: the {@link ProxyRunner} then has the loss pass,
     * if a proxy needs it first, take the Jacobian from its own forward pass, one forward pass fewer per architecture.
     * False unless overridden.
     */
    default boolean usesInputJacobian() {
        return false;
    }

    /**
     * The value if it is a function of the cell and dataset alone (no weights, no images), else empty (the default).
     * Such values are exact for every architecture, so a {@link ProxyJob} copying an isomorphism class's values
     * computes these per member instead: members differ in dead edges, which size counts see.
     */
    default OptionalDouble ofArchitecture(Nb201Arch arch, Dataset dataset) {
        return OptionalDouble.empty();
    }
}
