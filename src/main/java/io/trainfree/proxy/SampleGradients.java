package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.TorchOps;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-sample loss gradients the GradAlign scores share (docs/gradalign.md §2 and §5): for each of the first N
 * images of the batch alone (a batch of one, train mode, so each BN normalises over its own pixels), the gradient of
 * its cross-entropy with its label with respect to the weights of every convolution and the classifier (no biases, no
 * BN parameters), on a fresh copy of the context's initial weights (PyTorch's default initialisation); g<sub>i</sub> is
 * their concatenation in module order. Kept is the raw Gram matrix H = G G<sup>T</sup> (float64): the scores need
 * only inner products (norms are its diagonal), and GradSign's sign agreement
 * &Sigma;<sub>k</sub> |&Sigma;<sub>i</sub> sign(g<sub>i,k</sub>)| (docs/gradalign.md §2).
 *
 * @param gram          H, {@code [N][N]}
 * @param signAgreement &Sigma;<sub>k</sub> |&Sigma;<sub>i</sub> sign(g<sub>i,k</sub>)| over the D weights
 */
record SampleGradients(double[][] gram, double signAgreement) {
    /** The shared-pass key: equal N, one pass. */
    private record Key(int samples) {
    }

    SampleGradients {
        gram = gram.clone();
    }

    /** Inner products only (tests that need no sign agreement). */
    SampleGradients(double[][] gram) {
        this(gram, Double.NaN);
    }

    /** Samples used. */
    int size() {
        return gram.length;
    }

    /** The pass for the context's first min(samples, batch) images, computed once per context and N. */
    static SampleGradients of(ProxyContext context, int samples) {
        return context.shared(new Key(samples), SampleGradients.class, () -> compute(context, samples));
    }

    private static SampleGradients compute(ProxyContext context, int samples) {
        NDArray images = context.batch().images();
        NDArray labels = context.batch().labels();
        int n = (int) Math.min(samples, images.getShape().get(0));
        List<Layer.Weighted> layers = context.net().scoredLayers();
        List<String> names = layers.stream().map(Layer.Weighted::weightName).toList();
        try (NDManager m = context.manager().newSubManager()) {
            List<NDArray> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                try (NDManager one = m.newSubManager();
                        Nb201Params params = context.initialParams().copy().requireGradients()) {
                    NDIndex at = new NDIndex("{}:{}", i, i + 1);
                    NDArray x = images.get(one, at);
                    NDArray y = labels.get(one, at);
                    try (GradientCollector gc = TorchOps.recordGradients()) {
                        gc.backward(ProxyContext.crossEntropy(context.net().forward(params, x), y));
                    }
                    rows.add(Ntk.row(params, names, m));
                }
            }
            double agreement = 0;
            if (!rows.isEmpty()) {
                try (NDManager t = m.newSubManager()) {
                    NDArray signs = rows.get(0).sign();
                    signs.attach(t);
                    for (int i = 1; i < rows.size(); i++) {
                        signs = signs.add(rows.get(i).sign());
                    }
                    // the per-weight sums are integers up to N: exact in float32; their total is not, so in float64
                    agreement = signs.abs().toType(DataType.FLOAT64, false).sum().getDouble();
                }
            }
            return new SampleGradients(Tensors.gram(rows), agreement);
        }
    }

    /**
     * K, the Gram matrix of the unit gradients (K<sub>ij</sub> = cos(g<sub>i</sub>, g<sub>j</sub>)); NaN entries in
     * the row and column of a zero gradient.
     */
    double[][] normalised() {
        int n = gram.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] = gram[i][j] / Math.sqrt(gram[i][i] * gram[j][j]);
            }
            k[i][i] = gram[i][i] > 0 ? 1 : Double.NaN; // exactly 1, not the round-off of g.g / |g|^2
        }
        return k;
    }
}
