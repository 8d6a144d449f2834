package io.trainfree.space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Equivalence of NAS-Bench-201 cells that compute the same function. Two rules are offered:
 * <ul>
 *   <li>{@link #nb201()}: the benchmark's own rule ({@code CellStructure.to_unique_str(consider_zero=True)}): a node
 *   is the sorted list of its incoming terms, skip_connect passes its input's string through, none and anything fed
 *   by a zero node is the zero term {@code #}. It yields the 6,466 unique cells the NAS-Bench-201 paper reports.
 *   <li>{@link #functional()}: the same algebra carried to its end: sums are flattened (skip_connect of a sum adds
 *   its terms, addition being associative) and zero terms are dropped, so all 341 disconnected cells are one class.
 *   It yields 4,930 classes (4,929 connected + 1 zero).
 * </ul>
 * Both assume that an op applied to a zero input gives zero, as the benchmark's rule does.
 */
public final class Nb201Isomorphism {
    private final String name;
    private final Map<Nb201Arch, String> keys;
    private final Map<String, Nb201Arch> representatives;
    private final int[] canonicalCode;

    private Nb201Isomorphism(String name, Function<Nb201Arch, String> keyFunction) {
        this.name = name;
        this.keys = new HashMap<>();
        this.representatives = new HashMap<>();
        this.canonicalCode = new int[Nb201Arch.SPACE_SIZE];
        for (Nb201Arch arch : Nb201Arch.all()) { // code order: the first member seen is the smallest code
            String key = keyFunction.apply(arch);
            keys.put(arch, key);
            canonicalCode[arch.code()] = representatives.computeIfAbsent(key, k -> arch).code();
        }
    }

    /** The benchmark's rule (6,466 classes). */
    public static Nb201Isomorphism nb201() {
        return Holder.NB201;
    }

    /** Flattened sums, zero terms dropped (4,930 classes). */
    public static Nb201Isomorphism functional() {
        return Holder.FUNCTIONAL;
    }

    public String name() {
        return name;
    }

    /** The class key (a string form of the cell's function). */
    public String key(Nb201Arch arch) {
        return keys.get(arch);
    }

    /** The class representative: the member with the smallest {@link Nb201Arch#code()}. */
    public Nb201Arch canonical(Nb201Arch arch) {
        return Nb201Arch.fromCode(canonicalCode[arch.code()]);
    }

    public boolean isomorphic(Nb201Arch a, Nb201Arch b) {
        return canonicalCode[a.code()] == canonicalCode[b.code()];
    }

    /** Number of classes over the whole space. */
    public int classCount() {
        return representatives.size();
    }

    @Override
    public String toString() {
        return name + " (" + classCount() + " classes)";
    }

    static String nb201Key(Nb201Arch arch) {
        var nodes = new String[4];
        nodes[0] = "0";
        for (int node = 1; node <= 3; node++) {
            var terms = new ArrayList<String>();
            for (int input = 0; input < node; input++) {
                Nb201Op op = arch.op(input, node);
                if (op == Nb201Op.NONE || nodes[input].equals("#")) {
                    terms.add("#");
                } else if (op == Nb201Op.SKIP_CONNECT) {
                    terms.add(nodes[input]);
                } else {
                    terms.add("(" + nodes[input] + ")@" + op.id());
                }
            }
            terms.sort(null); // Python's sorted() on str compares code points, as String.compareTo does
            nodes[node] = String.join("+", terms);
        }
        return nodes[3];
    }

    static String functionalKey(Nb201Arch arch) {
        List<List<String>> nodes = new ArrayList<>();
        nodes.add(List.of("0"));
        for (int node = 1; node <= 3; node++) {
            var terms = new ArrayList<String>();
            for (int input = 0; input < node; input++) {
                Nb201Op op = arch.op(input, node);
                List<String> in = nodes.get(input);
                if (op == Nb201Op.NONE || in.isEmpty()) {
                    continue;
                }
                if (op == Nb201Op.SKIP_CONNECT) {
                    terms.addAll(in);
                } else {
                    terms.add("(" + String.join("+", in) + ")@" + op.id());
                }
            }
            terms.sort(null);
            nodes.add(List.copyOf(terms));
        }
        return nodes.get(3).isEmpty() ? "#" : String.join("+", nodes.get(3));
    }

    /** Built on first use: each table costs a pass over the 15,625 cells. Immutable once built. */
    private static final class Holder {
        static final Nb201Isomorphism NB201 = new Nb201Isomorphism("nb201", Nb201Isomorphism::nb201Key);
        static final Nb201Isomorphism FUNCTIONAL =
                new Nb201Isomorphism("functional", Nb201Isomorphism::functionalKey);
    }
}
