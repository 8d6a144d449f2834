package io.trainfree.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One DARTS cell as a genotype lists it: eight (op, input) edges, two per intermediate node. Nodes 0 and 1 are the
 * cell's inputs (the outputs of the two previous cells); node {@code i} in 2..5 sums its two edges
 * {@code edges[2(i-2)]} and {@code edges[2(i-2)+1]}, whose inputs are earlier nodes (0 to i-1, the same node twice
 * allowed, as in the genotypes of the SWAP paper's 1,000 cells); the cell's output concatenates {@code concat}.
 *
 * @param edges  the eight edges, node by node
 * @param concat the nodes concatenated into the output (DARTS: 2, 3, 4, 5)
 */
public record DartsCell(List<Edge> edges, List<Integer> concat) {
    /** Intermediate nodes per cell. */
    public static final int NODES = 4;
    /** Edges per cell: two per intermediate node. */
    public static final int EDGES = 2 * NODES;
    /** The concatenation every DARTS genotype uses. */
    public static final List<Integer> DARTS_CONCAT = List.of(2, 3, 4, 5);

    /**
     * One edge.
     *
     * @param op    the operation
     * @param input the node it reads
     */
    public record Edge(DartsOp op, int input) {
        public Edge {
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String toString() {
            return "('" + op.id() + "', " + input + ")";
        }
    }

    /**
     * @throws IllegalArgumentException unless there are eight edges, each reading an earlier node, and the
     *                                  concatenated nodes are distinct intermediate nodes in ascending order
     */
    public DartsCell {
        edges = List.copyOf(edges);
        concat = List.copyOf(concat);
        if (edges.size() != EDGES) {
            throw new IllegalArgumentException("a DARTS cell has " + EDGES + " edges (two per node), got "
                    + edges.size());
        }
        for (int k = 0; k < EDGES; k++) {
            int node = node(k);
            int input = edges.get(k).input();
            if (input < 0 || input >= node) {
                throw new IllegalArgumentException("edge " + k + " of node " + node + " reads node " + input
                        + ": a node reads only earlier nodes (0 to " + (node - 1) + ")");
            }
        }
        for (int i = 0; i < concat.size(); i++) {
            int n = concat.get(i);
            if (n < 2 || n > NODES + 1 || (i > 0 && n <= concat.get(i - 1))) {
                throw new IllegalArgumentException("a cell concatenates distinct intermediate nodes (2 to "
                        + (NODES + 1) + ") in ascending order, got " + concat);
            }
        }
    }

    /** The node (2 to 5) that edge {@code k} feeds. */
    public static int node(int k) {
        return 2 + k / 2;
    }

    /** A cell whose ops and inputs are drawn uniformly (inputs independently from the earlier nodes). */
    public static DartsCell random(RandomGenerator rng) {
        DartsOp[] ops = DartsOp.values();
        List<Edge> edges = new ArrayList<>(EDGES);
        for (int k = 0; k < EDGES; k++) {
            edges.add(new Edge(ops[rng.nextInt(ops.length)], rng.nextInt(node(k))));
        }
        return new DartsCell(edges, DARTS_CONCAT);
    }

    /**
     * The cell with one change, drawn uniformly: an edge, then either its op (another of the eight) or its input
     * (another earlier node; the two edges of node 2 can only swap 0 and 1).
     */
    public DartsCell mutate(RandomGenerator rng) {
        List<Edge> out = new ArrayList<>(edges);
        int k = rng.nextInt(EDGES);
        Edge e = out.get(k);
        if (rng.nextBoolean()) {
            DartsOp[] ops = DartsOp.values();
            int other = rng.nextInt(ops.length - 1);
            out.set(k, new Edge(ops[other >= e.op().ordinal() ? other + 1 : other], e.input()));
        } else {
            int other = rng.nextInt(node(k) - 1);
            out.set(k, new Edge(e.op(), other >= e.input() ? other + 1 : other));
        }
        return new DartsCell(out, concat);
    }

    /** Node-wise crossover: each intermediate node (its two edges) from this cell or from {@code other}, evenly. */
    public DartsCell crossover(DartsCell other, RandomGenerator rng) {
        List<Edge> out = new ArrayList<>(EDGES);
        for (int n = 0; n < NODES; n++) {
            DartsCell from = rng.nextBoolean() ? this : other;
            out.add(from.edges.get(2 * n));
            out.add(from.edges.get(2 * n + 1));
        }
        return new DartsCell(out, concat);
    }

    /** The edge list as a genotype prints it: {@code [('none', 0), ('sep_conv_3x3', 1), ...]}. */
    public String edgesText() {
        var b = new StringBuilder("[");
        for (int k = 0; k < EDGES; k++) {
            b.append(k == 0 ? "" : ", ").append(edges.get(k));
        }
        return b.append(']').toString();
    }

    /** The concatenation as a genotype prints it: {@code [2, 3, 4, 5]}. */
    public String concatText() {
        var b = new StringBuilder("[");
        for (int i = 0; i < concat.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(concat.get(i));
        }
        return b.append(']').toString();
    }
}
