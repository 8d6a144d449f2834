package io.trainfree.proxy;

import io.trainfree.math.Linalg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * epe_nas (EPE-NAS, Lopes et al., ICANN 2021; the authors' {@code search.py} as NASLib runs it): the per-sample input
 * Jacobians J of the summed logits (the rows jacob_cov correlates, {@link ProxyContext#inputJacobian()}) grouped by
 * label; for each class c, R<sub>c</sub> = the correlation matrix of its rows and s<sub>c</sub> =
 * &Sigma;<sub>i,j</sub> log(|R<sub>c,ij</sub>| + 10<sup>&minus;5</sup>) over all entries, divided by the class's number
 * of samples when the network has more than 100 classes; score = &Sigma;<sub>c</sub> |s<sub>c</sub>| for up to 100
 * classes, else &Sigma;<sub>c</sub> &Sigma;<sub>c&prime;</sub> |s<sub>c</sub> &minus; s<sub>c&prime;</sub>| / (classes
 * seen). Higher is better. The number of classes is the network's output count (the reference's {@code
 * y.shape[-1]}: 10, 100 or 120 for the NB201 datasets).
 *
 * <p>Numpy's corner cases are kept. A class with one sample: numpy's corrcoef of a single row is the scalar 1 (or NaN
 * for a constant row), so s<sub>c</sub> = log(1 + 10<sup>&minus;5</sup>) for up to 100 classes; above 100 the
 * reference's {@code len()} of that scalar raises and its {@code except} skips the class. A constant Jacobian row
 * (a disconnected cell gives all-zero Jacobians) makes its correlations NaN and the score NaN, as numpy's does; no
 * class with two samples above 100 classes leaves the score 0. Against NAS-Bench-Suite-Zero's published {@code
 * epe_nas} (CIFAR-10, 50 random cells, our batches of 64 drawn as the runner draws them): Spearman 0.885, same scale;
 * the score depends much on which labels a batch holds. Cost: nothing beyond the shared input Jacobian (one
 * forward and backward of the batch, 0.7 to 1.3 s per full-size CIFAR-10 architecture single-threaded on a loaded
 * machine, charged to whichever of jacob_cov and epe_nas runs first) and an n<sub>c</sub> &times; n<sub>c</sub>
 * correlation per class.
 */
public record EpeNas() implements Proxy {
    static final double K = 1e-5;

    @Override
    public String name() {
        return "epe_nas";
    }

    @Override
    public Needs needs() {
        return Needs.INPUT_JACOBIAN;
    }

    @Override
    public double score(ProxyContext context) {
        long[] labels = context.batch().labels().toLongArray();
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = Math.toIntExact(labels[i]);
        }
        return score(context.inputJacobian(), ints, context.net().numClasses());
    }

    /**
     * The score of Jacobian rows with their labels.
     *
     * @param jacobian   one row per sample
     * @param labels     one class id per row
     * @param numClasses the network's number of classes (it picks the formula)
     */
    static double score(double[][] jacobian, int[] labels, int numClasses) {
        if (jacobian.length != labels.length) {
            throw new IllegalArgumentException("epe_nas: " + jacobian.length + " Jacobian rows but " + labels.length
                    + " labels");
        }
        Map<Integer, List<double[]>> byClass = new LinkedHashMap<>(); // first-seen order, as the reference's dict
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(jacobian[i]);
        }
        boolean many = numClasses > 100;
        List<Double> perClass = new ArrayList<>();
        for (List<double[]> rows : byClass.values()) {
            if (rows.size() == 1) {
                if (many) {
                    continue; // len() of numpy's scalar raises; the reference skips the class
                }
                perClass.add(loneRowIsUndefined(rows.get(0)) ? Double.NaN : Math.log(1 + K));
                continue;
            }
            double s = 0;
            for (double[] row : Linalg.corrcoef(rows.toArray(double[][]::new))) {
                for (double r : row) {
                    s += Math.log(Math.abs(r) + K);
                }
            }
            perClass.add(many ? s / rows.size() : s);
        }
        double score = 0;
        if (!many) {
            for (double s : perClass) {
                score += Math.abs(s);
            }
            return score;
        }
        for (double a : perClass) {
            for (double b : perClass) {
                score += Math.abs(a - b);
            }
        }
        return perClass.isEmpty() ? score : score / perClass.size();
    }

    /** Whether numpy's corrcoef of this lone row, var/var, is NaN: a NaN entry, or all entries equal (0/0). */
    private static boolean loneRowIsUndefined(double[] row) {
        boolean constant = true;
        for (double v : row) {
            if (Double.isNaN(v)) {
                return true;
            }
            constant &= v == row[0];
        }
        return constant;
    }
}
