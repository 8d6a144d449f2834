package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Objects;

/**
 * The pairwise hinge loss of aw_nas ({@code margin_linear}): for a pair (a1, a2) with y = +1 if a2 is better, else -1,
 * {@code l = max(0, m - y (s(a2) - s(a1)))}, averaged over the pairs. The scores of a batch are computed once and the
 * pairs index into them.
 */
public final class PairwiseHinge {
    /** The DELE configuration's margin. */
    public static final double MARGIN = 0.1;

    private PairwiseHinge() {
    }

    /**
     * The loss in plain Java, for checking: mean over pairs, 0 for no pair.
     *
     * @param scores one score per cell of the batch
     */
    public static double loss(double[] scores, Pairs pairs, double margin) {
        double sum = 0;
        for (int k = 0; k < pairs.size(); k++) {
            double d = scores[pairs.second()[k]] - scores[pairs.first()[k]];
            sum += Math.max(0, margin - pairs.sign()[k] * d);
        }
        return pairs.size() == 0 ? 0 : sum / pairs.size();
    }

    /**
     * The sum over rows of each row's mean hinge loss: {@code scores} is R x B (one row per expert, or one row for
     * the ensemble), {@code pairs.get(r)} indexes row r's cells. A row without pairs adds nothing.
     *
     * @return a scalar in {@code scores}' manager, or null when no row has a pair (nothing to learn from the batch)
     */
    public static NDArray loss(NDArray scores, List<Pairs> pairs, double margin) {
        Objects.requireNonNull(scores, "scores");
        long rows = scores.getShape().get(0);
        long b = scores.getShape().get(1);
        if (pairs.size() != rows) {
            throw new IllegalArgumentException("pairs for " + pairs.size() + " rows, scores have " + rows);
        }
        int total = pairs.stream().mapToInt(Pairs::size).sum();
        if (total == 0) {
            return null;
        }
        var first = new long[total];
        var second = new long[total];
        var sign = new float[total];
        var weight = new float[total];
        int at = 0;
        for (int r = 0; r < rows; r++) {
            Pairs p = pairs.get(r);
            for (int k = 0; k < p.size(); k++) {
                first[at] = r * b + p.first()[k];
                second[at] = r * b + p.second()[k];
                sign[at] = p.sign()[k];
                weight[at] = 1f / p.size();
                at++;
            }
        }
        NDManager m = scores.getManager();
        NDArray flat = scores.reshape(-1);
        NDArray diff = flat.get(m.create(second)).sub(flat.get(m.create(first)));
        NDArray margins = m.full(new Shape(total), (float) margin, DataType.FLOAT32);
        NDArray hinge = Activation.relu(margins.sub(diff.mul(m.create(sign))));
        return hinge.mul(m.create(weight)).sum();
    }
}
