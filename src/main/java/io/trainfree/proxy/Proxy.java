package io.trainfree.proxy;

import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.Collection;
import java.util.Objects;
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
     * What {@link #score} reads from the passes a {@link ProxyContext} shares between proxies: the {@link ProxyRunner}
     * unites its proxies' needs and hands them to every context it makes, which plans its passes from them before any
     * proxy runs. A pass not declared is still computed if asked for, on its own. {@link Needs#NONE} unless
     * overridden.
     */
    default Needs needs() {
        return Needs.NONE;
    }

    /**
     * The value if it is a function of the cell and dataset alone (no weights, no images), else empty (the default).
     * Such values are exact for every architecture, so a {@link ProxyJob} copying an isomorphism class's values
     * computes these per member instead: members differ in dead edges, which size counts see.
     */
    default OptionalDouble ofArchitecture(Nb201Arch arch, Dataset dataset) {
        return OptionalDouble.empty();
    }

    /**
     * What a proxy reads from a {@link ProxyContext}'s shared passes, so that the context plans the passes once for
     * all its proxies, whatever order they ask in: a context that needs the Hessian product has the loss pass keep its
     * gradients' graph for it (one backward pass for the product instead of a forward and two); one that needs the
     * loss pass and the input Jacobian takes the Jacobian from the loss pass's forward (a backward pass instead of a
     * forward and a backward). The values are those the separate passes give.
     *
     * {@snippet :
     * Proxy.Needs.of(Proxies.robotSix());   // Needs[lossPass=true, hessianGradient=true, inputJacobian=true]
     * }
     *
     * @param lossPass        reads {@link ProxyContext#lossPass()}
     * @param hessianGradient reads {@link ProxyContext#hessianGradient()}; implies {@code lossPass}, from which the
     *                        product is taken
     * @param inputJacobian   reads {@link ProxyContext#inputJacobian()}
     */
    record Needs(boolean lossPass, boolean hessianGradient, boolean inputJacobian) {
        /** No shared pass (activation proxies, size counts, proxies with passes of their own). */
        public static final Needs NONE = new Needs(false, false, false);
        /** The loss pass's weights and gradients (grad_norm, snip, fisher, plain). */
        public static final Needs LOSS_PASS = new Needs(true, false, false);
        /** The Hessian-gradient product and the loss pass it comes from (grasp). */
        public static final Needs HESSIAN_GRADIENT = new Needs(true, true, false);
        /** The input Jacobian (jacob_cov, epe_nas). */
        public static final Needs INPUT_JACOBIAN = new Needs(false, false, true);

        public Needs {
            lossPass |= hessianGradient;
        }

        /** Every pass either needs. */
        public Needs union(Needs other) {
            Objects.requireNonNull(other, "other");
            return new Needs(lossPass || other.lossPass, hessianGradient || other.hessianGradient,
                    inputJacobian || other.inputJacobian);
        }

        /** The union of the proxies' {@link Proxy#needs()}. */
        public static Needs of(Collection<? extends Proxy> proxies) {
            Needs all = NONE;
            for (Proxy p : proxies) {
                all = all.union(Objects.requireNonNull(p.needs(), () -> "needs() of proxy " + p.name()));
            }
            return all;
        }
    }
}
