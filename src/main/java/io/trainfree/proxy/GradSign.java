package io.trainfree.proxy;

/**
 * GradSign's two per-sample gradient scores (Zhang and Jia, ICLR 2022; code {@code cmu-catalyst/GradSign},
 * docs/gradalign.md §2), the public lineage GradAlign is compared with. Both read the per-sample loss gradients of
 * {@link SampleGradients} (N images, one forward and backward pass each at batch 1, train-mode BN, conv and linear
 * weights only, PyTorch's default initialisation), so at equal N they share one pass with the GradAlign placeholders.
 * <ul>
 *   <li>{@code grad_conflict} (GradSign): &Sigma;<sub>k</sub> |&Sigma;<sub>i</sub> sign(g<sub>i,k</sub>)| over the D
 *     weights; higher means the samples' gradients agree in sign on more weights, predicted better.</li>
 *   <li>{@code grad_angle}: mean<sub>i</sub> cos(ĝ<sub>i</sub>, m), m the mean unit gradient; the same function as
 *     trainfree's gradalign_i placeholder ({@link GradAlignSpecI}), named here as the code names it.</li>
 * </ul>
 *
 * @param kind    which score
 * @param samples the most images used (N = min(samples, batch size))
 */
public record GradSign(Kind kind, int samples) implements Proxy {
    /** The two scores. */
    public enum Kind {
        CONFLICT("grad_conflict"),
        ANGLE("grad_angle");

        private final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    public GradSign {
        java.util.Objects.requireNonNull(kind, "kind");
        if (samples < 1) {
            throw new IllegalArgumentException(kind.id + ": samples must be >= 1, got " + samples);
        }
    }

    /** N = {@value GradAlignSpecI#SAMPLES}, as the GradAlign placeholders, so all four share one pass. */
    public GradSign(Kind kind) {
        this(kind, GradAlignSpecI.SAMPLES);
    }

    @Override
    public String name() {
        return kind.id;
    }

    @Override
    public double score(ProxyContext context) {
        SampleGradients g = SampleGradients.of(context, samples);
        return kind == Kind.CONFLICT ? g.signAgreement() : GradAlignSpecI.score(g.normalised());
    }
}
