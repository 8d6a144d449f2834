package io.trainfree.search;

import io.trainfree.bench.Tnb101;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Space;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Every architecture of a space as the list of integer codes the reference code mutates (its "spec"), and the
 * values a code may take (the alphabet), so that one REA ({@link OfficialRea}) serves NAS-Bench-201 and both
 * TransNAS-Bench-101 spaces. A mutation replaces one position's code by an alphabet value; the result may lie
 * outside the space (TNB macro: not every 4-6 long code is a net), which {@link #index(int[])} says by returning
 * empty. Code lists may differ in length between architectures (TNB macro has 4 to 6 modules).
 *
 * {@snippet :
 * var codes = ArchCodes.tnb101(Tnb101.load(Tnb101Space.MACRO));
 * codes.alphabet();          // [1, 2, 3, 4]
 * codes.index(new int[] {1, 2, 3, 4});   // the idx of 64-1234-basic
 * }
 */
public final class ArchCodes {
    private final String name;
    private final int[][] codes;
    private final Map<List<Integer>, Integer> indexOf;
    private final int[] alphabet;

    private ArchCodes(String name, int[][] codes, Map<List<Integer>, Integer> indexOf, int[] alphabet) {
        this.name = name;
        this.codes = codes;
        this.indexOf = indexOf;
        this.alphabet = alphabet;
    }

    /**
     * A space from its code lists, by index, and its alphabet in the order the reference code draws from it.
     *
     * @throws IllegalArgumentException if there are no architectures, the alphabet is empty or repeats a value, a
     *         code list is empty or holds a value outside the alphabet, or two indices share a code list
     */
    public static ArchCodes of(String name, List<int[]> codesByIndex, int... alphabet) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codesByIndex, "codesByIndex");
        if (codesByIndex.isEmpty()) {
            throw new IllegalArgumentException(name + ": no architectures");
        }
        if (alphabet.length == 0 || Arrays.stream(alphabet).distinct().count() != alphabet.length) {
            throw new IllegalArgumentException(name + ": the alphabet " + Arrays.toString(alphabet)
                    + " must be non-empty without repeats");
        }
        int[] sortedAlphabet = alphabet.clone();
        Arrays.sort(sortedAlphabet);
        int[][] copy = new int[codesByIndex.size()][];
        var indexOf = new HashMap<List<Integer>, Integer>();
        for (int i = 0; i < copy.length; i++) {
            int[] c = Objects.requireNonNull(codesByIndex.get(i), "codes of index " + i).clone();
            if (c.length == 0) {
                throw new IllegalArgumentException(name + ": index " + i + " has no codes");
            }
            for (int v : c) {
                if (Arrays.binarySearch(sortedAlphabet, v) < 0) {
                    throw new IllegalArgumentException(name + ": index " + i + " has codes " + Arrays.toString(c)
                            + ", but " + v + " is not in the alphabet " + Arrays.toString(alphabet));
                }
            }
            Integer before = indexOf.putIfAbsent(key(c), i);
            if (before != null) {
                throw new IllegalArgumentException(name + ": indices " + before + " and " + i + " share the codes "
                        + Arrays.toString(c));
            }
            copy[i] = c;
        }
        return new ArchCodes(name, copy, indexOf, alphabet.clone());
    }

    /**
     * NAS-Bench-201 in RoBoT's op codes ({@link io.trainfree.space.Nb201Op#robotCode()}), edges in arch-string
     * order, alphabet 0..4: the spec {@code search_nb201.py} mutates.
     */
    public static ArchCodes nb201(Nb201Space space) {
        Objects.requireNonNull(space, "space");
        var list = new ArrayList<int[]>(space.size());
        for (Nb201Arch a : space.archs()) {
            int[] c = new int[Nb201Arch.EDGES];
            for (int e = 0; e < c.length; e++) {
                c[e] = a.op(e).robotCode();
            }
            list.add(c);
        }
        return of("NAS-Bench-201", list, 0, 1, 2, 3, 4);
    }

    /**
     * A TransNAS-Bench-101 space in the benchmark's codes ({@link Tnb101Arch#codes()}), by idx, with the alphabet
     * {@code search_tnb101.py} mutates to: 0..3 (micro ops), 1..4 (macro modules). The reference code indexes its
     * REA by the json's {@code id} field and everything else by json position (docs/robot.md §10.13); here both are the
     * published {@code idx}.
     */
    public static ArchCodes tnb101(Tnb101 bench) {
        Objects.requireNonNull(bench, "bench");
        List<int[]> list = bench.archs().stream()
                .map(a -> a.codes().stream().mapToInt(Integer::intValue).toArray()).toList();
        int[] alphabet = bench.space() == Tnb101Space.MICRO ? new int[] {0, 1, 2, 3} : new int[] {1, 2, 3, 4};
        return of(bench.name(), list, alphabet);
    }

    private static List<Integer> key(int[] c) {
        return Arrays.stream(c).boxed().toList();
    }

    /** What the codes describe, e.g. {@code TransNAS-Bench-101 macro}. */
    public String name() {
        return name;
    }

    /** Number of architectures. */
    public int size() {
        return codes.length;
    }

    /** The code list of architecture {@code index} (a copy). */
    public int[] codes(int index) {
        return codes[check(index)].clone();
    }

    /** The values a code may take, in the order the reference code draws from them (a copy). */
    public int[] alphabet() {
        return alphabet.clone();
    }

    /** The index of the architecture with exactly these codes, or empty when the space has none. */
    public OptionalInt index(int[] codes) {
        Integer i = indexOf.get(key(codes));
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /**
     * The architectures one code change away from {@code index} (one position set to another alphabet value), that
     * the space has, by position then alphabet order.
     */
    public int[] neighbours(int index) {
        int[] c = codes(index);
        var out = new ArrayList<Integer>();
        for (int p = 0; p < c.length; p++) {
            int old = c[p];
            for (int v : alphabet) {
                if (v == old) {
                    continue;
                }
                c[p] = v;
                index(c).ifPresent(out::add);
            }
            c[p] = old;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int check(int index) {
        if (index < 0 || index >= codes.length) {
            throw new IllegalArgumentException(name + ": index " + index + " is not in 0.." + (codes.length - 1));
        }
        return index;
    }

    @Override
    public String toString() {
        return "ArchCodes[" + name + ", " + codes.length + " architectures, alphabet " + Arrays.toString(alphabet)
                + "]";
    }
}
