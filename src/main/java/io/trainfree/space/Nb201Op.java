package io.trainfree.space;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The five NAS-Bench-201 edge operations, in the vocabulary order of the benchmark's own op list. Each knows its
 * string id and the integer codes two reference code bases use for it.
 */
public enum Nb201Op {
    NONE("none", 1, 0),
    SKIP_CONNECT("skip_connect", 0, 1),
    NOR_CONV_1X1("nor_conv_1x1", 3, 2),
    NOR_CONV_3X3("nor_conv_3x3", 2, 3),
    AVG_POOL_3X3("avg_pool_3x3", 4, 4);

    private static final Nb201Op[] BY_NASLIB = new Nb201Op[5];
    private static final Nb201Op[] BY_ROBOT = new Nb201Op[5];

    static {
        for (Nb201Op op : values()) {
            BY_NASLIB[op.naslibCode] = op;
            BY_ROBOT[op.robotCode] = op;
        }
    }

    private final String id;
    private final int naslibCode;
    private final int robotCode;

    Nb201Op(String id, int naslibCode, int robotCode) {
        this.id = id;
        this.naslibCode = naslibCode;
        this.robotCode = robotCode;
    }

    /** The op's name in arch strings, e.g. {@code nor_conv_3x3}. */
    public String id() {
        return id;
    }

    /** NASLib's code: 0 skip_connect, 1 none, 2 nor_conv_3x3, 3 nor_conv_1x1, 4 avg_pool_3x3. */
    public int naslibCode() {
        return naslibCode;
    }

    /** RoBoT's code (REA/REINFORCE): 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3. */
    public int robotCode() {
        return robotCode;
    }

    /** Whether the op has weights (a ReLU-conv-BN). */
    public boolean isConv() {
        return this == NOR_CONV_1X1 || this == NOR_CONV_3X3;
    }

    public static Nb201Op fromNaslib(int code) {
        if (code < 0 || code >= 5) {
            throw new IllegalArgumentException("NASLib op code " + code + " is not in 0..4");
        }
        return BY_NASLIB[code];
    }

    public static Nb201Op fromRobot(int code) {
        if (code < 0 || code >= 5) {
            throw new IllegalArgumentException("RoBoT op code " + code + " is not in 0..4");
        }
        return BY_ROBOT[code];
    }

    /** The op with this id; unknown ids list the known ones. */
    public static Nb201Op of(String id) {
        for (Nb201Op op : values()) {
            if (op.id.equals(id)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown NAS-Bench-201 op '" + id + "'; known: " + knownIds());
    }

    static String knownIds() {
        return Arrays.stream(values()).map(Nb201Op::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
