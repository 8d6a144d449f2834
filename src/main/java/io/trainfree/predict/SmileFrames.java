package io.trainfree.predict;

import io.trainfree.space.Nb201Arch;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import smile.data.DataFrame;
import smile.regression.DataFrameRegression;

/** Feature rows as Smile data frames, and the checks every classic predictor's {@code fit} makes. */
final class SmileFrames {
    /** The response column's name (no feature is called that). */
    static final String LABEL = "label_";

    private SmileFrames() {
    }

    /** The features of {@code archs} with the labels as a last column {@value #LABEL}. */
    static DataFrame training(Nb201Features features, List<Nb201Arch> archs, double[] labels) {
        double[][] x = features.of(archs);
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = Arrays.copyOf(x[i], x[i].length + 1);
            rows[i][x[i].length] = labels[i];
        }
        String[] names = features.names().toArray(new String[features.size() + 1]);
        names[features.size()] = LABEL;
        return DataFrame.of(rows, names);
    }

    /** The features of {@code archs}. */
    static DataFrame inputs(Nb201Features features, List<Nb201Arch> archs) {
        return DataFrame.of(features.of(archs), features.names().toArray(String[]::new));
    }

    /**
     * Checks a fit's arguments.
     *
     * @throws IllegalArgumentException if the lengths differ, there are fewer than {@code minimum} archs, or a label is
     *         not finite (the message names it)
     */
    static void checkFit(List<Nb201Arch> archs, double[] labels, int minimum, String who) {
        Objects.requireNonNull(archs, "archs");
        Objects.requireNonNull(labels, "labels");
        if (archs.size() != labels.length) {
            throw new IllegalArgumentException(who + ": " + archs.size() + " architectures but " + labels.length
                    + " labels");
        }
        if (archs.size() < minimum) {
            throw new IllegalArgumentException(who + " needs at least " + minimum + " labelled architectures, got "
                    + archs.size());
        }
        for (int i = 0; i < labels.length; i++) {
            if (!Double.isFinite(labels[i])) {
                throw new IllegalArgumentException(who + ": label " + i + " (" + archs.get(i) + ") is " + labels[i]
                        + "; every label must be a finite number");
            }
        }
    }

    /** The fitted model's predictions for {@code archs}; throws if it is not fitted yet. */
    static double[] predict(DataFrameRegression model, Nb201Features features, List<Nb201Arch> archs, String who) {
        checkFitted(model, who);
        return model.predict(inputs(features, archs));
    }

    /** Throws if there is no fitted model yet. */
    static void checkFitted(Object model, String who) {
        if (model == null) {
            throw new IllegalStateException(who + " has not been fitted: call fit(archs, labels) first");
        }
    }
}
