package io.trainfree.space;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The eight DARTS candidate operations, in the order of DARTS's {@code PRIMITIVES} list. */
public enum DartsOp {
    NONE("none"),
    MAX_POOL_3X3("max_pool_3x3"),
    AVG_POOL_3X3("avg_pool_3x3"),
    SKIP_CONNECT("skip_connect"),
    SEP_CONV_3X3("sep_conv_3x3"),
    SEP_CONV_5X5("sep_conv_5x5"),
    DIL_CONV_3X3("dil_conv_3x3"),
    DIL_CONV_5X5("dil_conv_5x5");

    private final String id;

    DartsOp(String id) {
        this.id = id;
    }

    /** The op's name in genotype strings, e.g. {@code sep_conv_3x3}. */
    public String id() {
        return id;
    }

    /**
     * The op named {@code id}.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static DartsOp of(String id) {
        for (DartsOp op : values()) {
            if (op.id.equals(id)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown DARTS op '" + id + "'; known: " + knownIds());
    }

    /** The ids, comma-separated, for messages. */
    public static String knownIds() {
        return Arrays.stream(values()).map(DartsOp::id).collect(Collectors.joining(", "));
    }
}
