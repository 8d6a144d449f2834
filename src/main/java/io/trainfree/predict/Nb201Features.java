package io.trainfree.predict;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Fixed-length feature vectors of NAS-Bench-201 cells for the classic predictors: the one-hot op encoding (6 edges x
 * 5 ops = 30 zeros and ones, edge-major in edge order, ops in {@link Nb201Op} order), optionally followed by columns of
 * a {@link LowFidelityTable} table, the zero-cost proxy values NAS-Bench-Suite-Zero found tree models strong with.
 *
 * <p>A proxy value that is missing (NaN, or infinite in the source: the disconnected cells) is replaced by the finite
 * minimum of its column over the whole space, i.e. "as bad as the worst cell measured"; trees split on order, so only
 * where the replacement falls matters, and the minimum puts those cells beside the worst ones. The minimum is over all
 * 15,625 cells, not the training cells: the proxies are label-free, known for every cell before any training.
 *
 * {@snippet :
 * Nb201Features.oneHot().of(arch);                                   // 30 values
 * Nb201Features.oneHotWith(LowFidelityTable.load(nb201, "synflow", "naswot")).names();   // 32 names
 * }
 */
public final class Nb201Features {
    private static final int OPS = Nb201Op.values().length;
    private static final int ONE_HOT = Nb201Arch.EDGES * OPS;

    private final List<String> names;
    private final LowFidelityTable extra;
    private final double[][] extraFilled; // [k][index], missing values replaced

    private Nb201Features(LowFidelityTable extra) {
        var n = new ArrayList<String>(ONE_HOT);
        for (int e = 0; e < Nb201Arch.EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                n.add("edge" + e + "_" + op.id());
            }
        }
        this.extra = extra;
        if (extra == null) {
            this.extraFilled = new double[0][];
        } else {
            n.addAll(extra.names());
            this.extraFilled = new double[extra.size()][];
            for (int k = 0; k < extra.size(); k++) {
                double[] v = extra.columns().get(k).values();
                double min = Arrays.stream(v).filter(x -> !Double.isNaN(x)).min().orElseThrow();
                for (int i = 0; i < v.length; i++) {
                    if (Double.isNaN(v[i])) {
                        v[i] = min;
                    }
                }
                extraFilled[k] = v;
            }
        }
        this.names = List.copyOf(n);
    }

    /** The 30 one-hot op indicators. */
    public static Nb201Features oneHot() {
        return new Nb201Features(null);
    }

    /** The one-hot indicators followed by each column of {@code columns}, missing values set to the column's min. */
    public static Nb201Features oneHotWith(LowFidelityTable columns) {
        return new Nb201Features(Objects.requireNonNull(columns, "columns"));
    }

    /**
     * The one-hot encoding of a cell: entry {@code 5 e + o} is 1 when edge e has the op of ordinal o
     * ({@code none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3}).
     */
    public static double[] oneHot(Nb201Arch arch) {
        double[] x = new double[ONE_HOT];
        for (int e = 0; e < Nb201Arch.EDGES; e++) {
            x[e * OPS + arch.op(e).ordinal()] = 1;
        }
        return x;
    }

    /** Feature names, e.g. {@code edge0_none}, ..., {@code edge5_avg_pool_3x3}, then the extra columns' names. */
    public List<String> names() {
        return names;
    }

    /** The number of features. */
    public int size() {
        return names.size();
    }

    /** One cell's features. */
    public double[] of(Nb201Arch arch) {
        double[] x = Arrays.copyOf(oneHot(arch), names.size());
        if (extra != null) {
            int index = extra.space().index(arch);
            for (int k = 0; k < extraFilled.length; k++) {
                x[ONE_HOT + k] = extraFilled[k][index];
            }
        }
        return x;
    }

    /** The features of each cell, one row per cell. */
    public double[][] of(List<Nb201Arch> archs) {
        return archs.stream().map(this::of).toArray(double[][]::new);
    }

    @Override
    public String toString() {
        return "Nb201Features[one-hot 30" + (extra == null ? "" : " + " + extra.names()) + "]";
    }
}
