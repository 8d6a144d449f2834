package io.trainfree.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Which architectures a job computes, as sorted distinct benchmark indices: all of them, a seeded uniform sample, or
 * a list of indices and ranges as typed on a command line ({@code 0-99,6111}).
 *
 * {@snippet :
 * ArchSelection.parse("0-99,6111", 15625);   // 101 indices
 * ArchSelection.sample(200, 0, 15625);       // the same 200 indices on every machine
 * }
 */
public final class ArchSelection {
    private ArchSelection() {
    }

    /** Every index of a space of {@code size} architectures. */
    public static int[] all(int size) {
        checkSize(size);
        int[] a = new int[size];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /**
     * {@code n} distinct indices drawn uniformly without replacement with {@code SplittableRandom(seed)} (a partial
     * Fisher-Yates shuffle, as {@code Nb201Space.sample} draws), sorted.
     */
    public static int[] sample(int n, long seed, int size) {
        checkSize(size);
        if (n < 1 || n > size) {
            throw new IllegalArgumentException("cannot sample " + n + " of " + size + " architectures: the sample "
                    + "size must be in 1.." + size);
        }
        var rng = new SplittableRandom(seed);
        int[] pool = all(size);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(size - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] s = Arrays.copyOf(pool, n);
        Arrays.sort(s);
        return s;
    }

    /**
     * Indices and inclusive ranges separated by commas ({@code 0-99,6111,200-203}), sorted, duplicates merged.
     *
     * @throws IllegalArgumentException naming the bad item: not a number, a range backwards, an index out of
     *         {@code 0..size-1}
     */
    public static int[] parse(String spec, int size) {
        checkSize(size);
        var set = new BitSet(size);
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no indices given; expected e.g. 0-99,6111");
        }
        for (String item : s.split(",")) {
            String t = item.strip();
            int dash = t.indexOf('-', 1);
            int from;
            int to;
            try {
                from = Integer.parseInt((dash < 0 ? t : t.substring(0, dash)).strip());
                to = dash < 0 ? from : Integer.parseInt(t.substring(dash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' in '" + spec + "' is neither an index nor a range "
                        + "like 0-99", e);
            }
            if (from > to) {
                throw new IllegalArgumentException("range '" + t + "' in '" + spec + "' runs backwards");
            }
            if (from < 0 || to >= size) {
                throw new IllegalArgumentException("'" + t + "' in '" + spec + "' is outside the space's indices 0.."
                        + (size - 1));
            }
            set.set(from, to + 1);
        }
        return set.stream().toArray();
    }

    /** Sorted indices written back compactly, ranges joined: {@code 0-99,6111}. */
    public static String format(int[] sortedIndices) {
        var b = new StringBuilder();
        for (int i = 0; i < sortedIndices.length; ) {
            int j = i;
            while (j + 1 < sortedIndices.length && sortedIndices[j + 1] == sortedIndices[j] + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(sortedIndices[i]);
            if (j > i) {
                b.append('-').append(sortedIndices[j]);
            }
            i = j + 1;
        }
        return b.toString();
    }

    /**
     * A short fingerprint of a set of indices (the first 16 hex digits of the SHA-256 of {@link #format}): two
     * selections with the same fingerprint are the same set.
     */
    public static String fingerprint(int[] sortedIndices) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(format(sortedIndices)
                    .getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("space size must be >= 1, got " + size);
        }
    }
}
