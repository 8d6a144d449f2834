package io.trainfree.model;

/**
 * Which NAS-Bench-201 network: the one the zero-cost-proxy reference scores, or the one the benchmark trained. They
 * differ only inside the cells (docs/proxies.md §1.5); stem, reduction blocks, head and classifier are the same.
 */
public enum Variant {
    /**
     * The zero-cost-proxy reference's model ({@code foresight/models/nasbench2.py}): cell convolutions with a bias,
     * cell batch norms without affine parameters and without running statistics (always batch statistics).
     */
    ZERO_COST(true, false),
    /**
     * The official NB201 network (xautodl {@code TinyNetwork}, the one behind the published accuracies and the
     * parameter/FLOP counts): cell convolutions without bias, cell batch norms affine and tracking running statistics.
     */
    OFFICIAL(false, true);

    private final boolean cellConvBias;
    private final boolean cellNormAffine;

    Variant(boolean cellConvBias, boolean cellNormAffine) {
        this.cellConvBias = cellConvBias;
        this.cellNormAffine = cellNormAffine;
    }

    /** Whether the convolutions inside cells have a bias (the reference's rule: {@code bias = not affine}). */
    public boolean cellConvBias() {
        return cellConvBias;
    }

    /** Whether the batch norms inside cells have gamma/beta and running statistics. */
    public boolean cellNormAffine() {
        return cellNormAffine;
    }
}
