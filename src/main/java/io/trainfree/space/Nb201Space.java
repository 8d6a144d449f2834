package io.trainfree.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The NAS-Bench-201 space in the benchmark's own index order (the NB201 API order, which no formula gives: it comes
 * from a published file, see {@code Nb201.load()}). Maps index to cell and back.
 */
public final class Nb201Space {
    private final List<Nb201Arch> archs;
    private final int[] indexByCode;

    private Nb201Space(List<Nb201Arch> archs) {
        this.archs = List.copyOf(archs);
        this.indexByCode = new int[Nb201Arch.SPACE_SIZE];
        Arrays.fill(indexByCode, -1);
        for (int i = 0; i < this.archs.size(); i++) {
            int code = this.archs.get(i).code();
            if (indexByCode[code] >= 0) {
                throw new IllegalArgumentException("cell " + this.archs.get(i) + " appears at index "
                        + indexByCode[code] + " and again at index " + i);
            }
            indexByCode[code] = i;
        }
    }

    /**
     * The space with cells in this index order.
     *
     * @throws IllegalArgumentException if the list does not hold each of the 15,625 cells exactly once
     */
    public static Nb201Space of(List<Nb201Arch> inIndexOrder) {
        Objects.requireNonNull(inIndexOrder, "inIndexOrder");
        if (inIndexOrder.size() != Nb201Arch.SPACE_SIZE) {
            throw new IllegalArgumentException("NAS-Bench-201 has 15625 cells, the index order lists "
                    + inIndexOrder.size());
        }
        return new Nb201Space(inIndexOrder);
    }

    /** Same as {@link #of(List)} from arch strings; a malformed string names its index. */
    public static Nb201Space ofStrings(List<String> archStrings) {
        var archs = new ArrayList<Nb201Arch>(archStrings.size());
        for (int i = 0; i < archStrings.size(); i++) {
            try {
                archs.add(Nb201Arch.parse(archStrings.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("index " + i + ": " + e.getMessage(), e);
            }
        }
        return of(archs);
    }

    public int size() {
        return archs.size();
    }

    /** The cell at this benchmark index. */
    public Nb201Arch arch(int index) {
        if (index < 0 || index >= archs.size()) {
            throw new IllegalArgumentException("NAS-Bench-201 index " + index + " is not in 0.." + (archs.size() - 1));
        }
        return archs.get(index);
    }

    /** The benchmark index of this cell. */
    public int index(Nb201Arch arch) {
        return indexByCode[arch.code()];
    }

    /** All cells in index order. */
    public List<Nb201Arch> archs() {
        return archs;
    }

    /** A cell's one-edge neighbours as benchmark indices. */
    public int[] neighbourIndices(int index) {
        return arch(index).neighbours().stream().mapToInt(this::index).toArray();
    }

    /** {@code n} distinct indices drawn uniformly without replacement. */
    public int[] sample(int n, RandomGenerator rng) {
        if (n < 0 || n > archs.size()) {
            throw new IllegalArgumentException("cannot sample " + n + " of " + archs.size() + " cells");
        }
        int[] pool = new int[archs.size()];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < n; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return Arrays.copyOf(pool, n);
    }

    /**
     * Parses an architecture given either as a benchmark index or as an arch string (or NASLib tuple), as a user
     * types it on a command line.
     */
    public int lookup(String indexOrArch) {
        String s = indexOrArch.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("NAS-Bench-201 index " + s + " is not in 0.." + (size() - 1), e);
            }
            arch(index);
            return index;
        }
        return index(s.startsWith("(") ? Nb201Arch.parseNaslib(s) : Nb201Arch.parse(s));
    }
}
