package io.trainfree.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A NAS-Bench-201 cell: one op on each of the six edges of a 4-node DAG. Edges are in arch-string order
 * {@code e0=(0->1), e1=(0->2), e2=(1->2), e3=(0->3), e4=(1->3), e5=(2->3)}; node 0 is the cell input, node 3 its
 * output. The string form is the benchmark's own:
 *
 * {@snippet :
 * var best = Nb201Arch.parse(
 *         "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
 * best.naslibString();   // "(2, 2, 0, 2, 2, 3)"
 * }
 *
 * @param ops the six edge ops in edge order
 */
public record Nb201Arch(List<Nb201Op> ops) implements Comparable<Nb201Arch> {
    /** Number of edges in a cell. */
    public static final int EDGES = 6;
    /** Number of architectures in the space: 5^6. */
    public static final int SPACE_SIZE = 15_625;

    private static final int[] FROM = {0, 0, 1, 0, 1, 2};
    private static final int[] TO = {1, 2, 2, 3, 3, 3};
    /** NASLib orders edges (0->1, 0->2, 0->3, 1->2, 1->3, 2->3); entry k is the edge index of its k-th position. */
    private static final int[] NASLIB_TO_EDGE = {0, 1, 3, 2, 4, 5};

    public Nb201Arch {
        Objects.requireNonNull(ops, "ops");
        if (ops.size() != EDGES) {
            throw new IllegalArgumentException("a NAS-Bench-201 cell has 6 edges, got " + ops.size() + ": " + ops);
        }
        ops = List.copyOf(ops);
    }

    /** A cell from its six edge ops in edge order. */
    public static Nb201Arch of(Nb201Op... ops) {
        return new Nb201Arch(List.of(ops));
    }

    /** Parses a benchmark arch string; see {@link Nb201ArchParser} for the messages of malformed strings. */
    public static Nb201Arch parse(String archString) {
        return Nb201ArchParser.parse(archString);
    }

    /**
     * A cell from NASLib's op tuple: six codes in NASLib's edge order (0->1, 0->2, 0->3, 1->2, 1->3, 2->3), ops
     * coded as in {@link Nb201Op#naslibCode()}.
     */
    public static Nb201Arch fromNaslib(int... tuple) {
        if (tuple.length != EDGES) {
            throw new IllegalArgumentException("a NASLib op tuple has 6 entries, got " + tuple.length);
        }
        var ops = new Nb201Op[EDGES];
        for (int k = 0; k < EDGES; k++) {
            ops[NASLIB_TO_EDGE[k]] = Nb201Op.fromNaslib(tuple[k]);
        }
        return of(ops);
    }

    /** Parses NASLib's tuple as Python prints it, e.g. {@code "(4, 3, 3, 0, 0, 0)"}. */
    public static Nb201Arch parseNaslib(String tuple) {
        String t = tuple.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            throw new IllegalArgumentException("NASLib op tuple '" + tuple + "' is not of the form (a, b, c, d, e, f)");
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        if (parts.length != EDGES) {
            throw new IllegalArgumentException("NASLib op tuple '" + tuple + "' has " + parts.length
                    + " entries, expected 6");
        }
        var codes = new int[EDGES];
        for (int k = 0; k < EDGES; k++) {
            try {
                codes[k] = Integer.parseInt(parts[k].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("NASLib op tuple '" + tuple + "': entry " + k + " '"
                        + parts[k].strip() + "' is not an integer", e);
            }
        }
        return fromNaslib(codes);
    }

    /** The cell with this {@link #code()}. */
    public static Nb201Arch fromCode(int code) {
        if (code < 0 || code >= SPACE_SIZE) {
            throw new IllegalArgumentException("cell code " + code + " is not in 0.." + (SPACE_SIZE - 1));
        }
        var ops = new Nb201Op[EDGES];
        Nb201Op[] all = Nb201Op.values();
        for (int e = EDGES - 1; e >= 0; e--) {
            ops[e] = all[code % 5];
            code /= 5;
        }
        return of(ops);
    }

    /** All 15,625 cells in {@link #code()} order (not the benchmark's index order: see {@link Nb201Space}). */
    public static List<Nb201Arch> all() {
        var all = new ArrayList<Nb201Arch>(SPACE_SIZE);
        for (int c = 0; c < SPACE_SIZE; c++) {
            all.add(fromCode(c));
        }
        return List.copyOf(all);
    }

    /** A cell drawn uniformly from the whole space. */
    public static Nb201Arch random(RandomGenerator rng) {
        return fromCode(rng.nextInt(SPACE_SIZE));
    }

    /** Source node of edge {@code e}. */
    public static int from(int edge) {
        return FROM[checkEdge(edge)];
    }

    /** Target node of edge {@code e}. */
    public static int to(int edge) {
        return TO[checkEdge(edge)];
    }

    /** The index of edge {@code from -> to}. */
    public static int edge(int from, int to) {
        for (int e = 0; e < EDGES; e++) {
            if (FROM[e] == from && TO[e] == to) {
                return e;
            }
        }
        throw new IllegalArgumentException("no edge " + from + "->" + to + " in a NAS-Bench-201 cell");
    }

    private static int checkEdge(int edge) {
        if (edge < 0 || edge >= EDGES) {
            throw new IllegalArgumentException("edge " + edge + " is not in 0..5");
        }
        return edge;
    }

    /** The op on edge {@code e}. */
    public Nb201Op op(int edge) {
        return ops.get(checkEdge(edge));
    }

    /** The op on edge {@code from -> to}. */
    public Nb201Op op(int from, int to) {
        return ops.get(edge(from, to));
    }

    /** This cell with one edge's op replaced. */
    public Nb201Arch withOp(int edge, Nb201Op op) {
        Objects.requireNonNull(op, "op");
        var copy = new ArrayList<>(ops);
        copy.set(checkEdge(edge), op);
        return new Nb201Arch(copy);
    }

    /** The 24 cells that differ from this one on exactly one edge, edge by edge, ops in vocabulary order. */
    public List<Nb201Arch> neighbours() {
        var result = new ArrayList<Nb201Arch>(EDGES * 4);
        for (int e = 0; e < EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                if (op != ops.get(e)) {
                    result.add(withOp(e, op));
                }
            }
        }
        return List.copyOf(result);
    }

    /** A uniformly chosen neighbour (one edge changed to one of the four other ops). */
    public Nb201Arch mutate(RandomGenerator rng) {
        int edge = rng.nextInt(EDGES);
        int shift = 1 + rng.nextInt(4);
        Nb201Op[] all = Nb201Op.values();
        return withOp(edge, all[(ops.get(edge).ordinal() + shift) % all.length]);
    }

    /** NASLib's op tuple (see {@link #fromNaslib(int...)}). */
    public int[] naslibTuple() {
        var tuple = new int[EDGES];
        for (int k = 0; k < EDGES; k++) {
            tuple[k] = ops.get(NASLIB_TO_EDGE[k]).naslibCode();
        }
        return tuple;
    }

    /** NASLib's op tuple as Python prints it, e.g. {@code "(4, 3, 3, 0, 0, 0)"}. */
    public String naslibString() {
        var sb = new StringBuilder("(");
        int[] t = naslibTuple();
        for (int k = 0; k < EDGES; k++) {
            sb.append(k == 0 ? "" : ", ").append(t[k]);
        }
        return sb.append(')').toString();
    }

    /** A dense code in 0..15624: the edges' ops as base-5 digits (vocabulary order), edge 0 most significant. */
    public int code() {
        int c = 0;
        for (Nb201Op op : ops) {
            c = c * 5 + op.ordinal();
        }
        return c;
    }

    /** Whether some path of non-{@code none} edges leads from the cell input to its output. */
    public boolean isConnected() {
        var reached = new boolean[4];
        reached[0] = true;
        for (int e = 0; e < EDGES; e++) { // edges are in topological order of their target
            if (reached[FROM[e]] && ops.get(e) != Nb201Op.NONE) {
                reached[TO[e]] = true;
            }
        }
        return reached[3];
    }

    /**
     * Whether some convolution's input is identically zero: its source node is reached from the cell input by no
     * path of non-{@code none} edges. Such a conv changes nothing in the forward pass of the zero-cost reference
     * network (ReLU, conv with bias, batch-norm of a constant give zeros), but its bias and that batch-norm, which
     * scales gradients by 1/sqrt(eps), change gradient proxies: cells that are isomorphic otherwise still differ.
     */
    public boolean hasZeroFedConv() {
        var reached = new boolean[4];
        reached[0] = true;
        for (int e = 0; e < EDGES; e++) {
            Nb201Op op = ops.get(e);
            if (!reached[FROM[e]] && (op == Nb201Op.NOR_CONV_1X1 || op == Nb201Op.NOR_CONV_3X3)) {
                return true;
            }
            if (reached[FROM[e]] && op != Nb201Op.NONE) {
                reached[TO[e]] = true;
            }
        }
        return false;
    }

    /** How many edges carry this op (dead edges count too). */
    public int count(Nb201Op op) {
        int n = 0;
        for (Nb201Op o : ops) {
            if (o == op) {
                n++;
            }
        }
        return n;
    }

    /** The benchmark arch string, e.g. {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|...|}. */
    public String archString() {
        var sb = new StringBuilder();
        for (int e = 0; e < EDGES; e++) {
            if (FROM[e] == 0) {
                sb.append(e == 0 ? "|" : "+|");
            }
            sb.append(ops.get(e).id()).append('~').append(FROM[e]).append('|');
        }
        return sb.toString();
    }

    @Override
    public int compareTo(Nb201Arch other) {
        return Integer.compare(code(), other.code());
    }

    @Override
    public String toString() {
        return archString();
    }
}
