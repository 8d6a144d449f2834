package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.List;
import java.util.Objects;

/**
 * A NAS-Bench-201 cell as the neural predictors read it: the 4 x 4 lower-triangular op matrix of aw_nas, {@code
 * A[i][j]} the op on edge {@code j -> i} (i > j), every other entry 0. Ops are coded <b>0 none, 1 skip_connect, 2
 * nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3</b> (the benchmark's vocabulary order, {@link Nb201Op#ordinal()}),
 * which is not NASLib's coding ({@link Nb201Op#naslibCode()}).
 *
 * {@snippet :
 * // |nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|
 * //  [[0, 0, 0, 0],
 * //   [3, 0, 0, 0],
 * //   [1, 0, 0, 0],
 * //   [4, 2, 1, 0]]
 * }
 *
 * <p>The six edges in the order the sequence encoders read them, {@code np.tril_indices(4, -1)}: (1,0), (2,0), (2,1),
 * (3,0), (3,1), (3,2) (row-major), which is the cell's own edge order ({@link Nb201Arch}'s e0..e5 are 0->1, 0->2,
 * 1->2, 0->3, 1->3, 2->3).
 */
public final class OpMatrix {
    /** Nodes of a cell. */
    public static final int NODES = 4;
    /** Distinct op codes (0 to 4). */
    public static final int OPS = 5;
    /** Row (target node) of the k-th lower-triangular entry in row-major order. */
    static final int[] ROW = {1, 2, 2, 3, 3, 3};
    /** Column (source node) of the k-th lower-triangular entry. */
    static final int[] COLUMN = {0, 0, 1, 0, 1, 2};

    private OpMatrix() {
    }

    /** The code of {@code op}: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3. */
    public static int code(Nb201Op op) {
        return switch (Objects.requireNonNull(op, "op")) {
            case NONE -> 0;
            case SKIP_CONNECT -> 1;
            case NOR_CONV_1X1 -> 2;
            case NOR_CONV_3X3 -> 3;
            case AVG_POOL_3X3 -> 4;
        };
    }

    /** The op matrix of one cell, {@code [to][from]}. */
    public static int[][] of(Nb201Arch arch) {
        var a = new int[NODES][NODES];
        for (int e = 0; e < Nb201Arch.EDGES; e++) {
            a[Nb201Arch.to(e)][Nb201Arch.from(e)] = code(arch.op(e));
        }
        return a;
    }

    /** The six lower-triangular entries of a cell's matrix in {@code tril_indices} order. */
    public static int[] sequence(Nb201Arch arch) {
        var s = new int[ROW.length];
        for (int k = 0; k < ROW.length; k++) {
            s[k] = code(arch.op(COLUMN[k], ROW[k]));
        }
        return s;
    }

    /** The matrices of {@code archs} as one INT64 array of shape (B, 4, 4), in {@code manager}. */
    public static NDArray batch(NDManager manager, List<Nb201Arch> archs) {
        Objects.requireNonNull(manager, "manager");
        var flat = new long[archs.size() * NODES * NODES];
        for (int b = 0; b < archs.size(); b++) {
            int[][] a = of(archs.get(b));
            for (int i = 0; i < NODES; i++) {
                for (int j = 0; j < NODES; j++) {
                    flat[(b * NODES + i) * NODES + j] = a[i][j];
                }
            }
        }
        return manager.create(flat, new Shape(archs.size(), NODES, NODES));
    }
}
