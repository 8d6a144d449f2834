package io.trainfree.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A TransNAS-Bench-101 architecture: its space and the integer codes NASLib lists for it (the {@code arch} column of
 * the published CSVs). The string form is the benchmark's own net code:
 * <ul>
 *   <li>micro: a 4-node cell (as NAS-Bench-201's, no pooling) inside the fixed skeleton {@code 41414}; six op codes
 *   in the cell string's edge order (0->1, 0->2, 1->2, 0->3, 1->3, 2->3), 0 = none, 1 = skip_connect,
 *   2 = nor_conv_1x1, 3 = nor_conv_3x3. Codes (1, 0, 2, 3, 3, 3) are {@code 64-41414-1_02_333}. (Checked on the
 *   data: with this reading, all 169 cells without an input-output path share one score per task.)
 *   <li>macro: 4 to 6 modules of ResNet basic blocks, each coded 1 = keep, 2 = double the channels, 3 = halve the
 *   resolution, 4 = both. Codes (1, 2, 3, 4) are {@code 64-1234-basic}.
 * </ul>
 *
 * @param space micro or macro
 * @param codes the op codes (micro) or module codes (macro)
 */
public record Tnb101Arch(Tnb101Space space, List<Integer> codes) {
    private static final Pattern MICRO = Pattern.compile("64-41414-([0-3])_([0-3]{2})_([0-3]{3})");
    private static final Pattern MACRO = Pattern.compile("64-([1-4]{4,6})-basic");
    private static final int[] FROM = {0, 0, 1, 0, 1, 2};
    private static final int[] TO = {1, 2, 2, 3, 3, 3};
    private static final Nb201Op[] MICRO_OPS = {Nb201Op.NONE, Nb201Op.SKIP_CONNECT, Nb201Op.NOR_CONV_1X1,
        Nb201Op.NOR_CONV_3X3};

    public Tnb101Arch {
        Objects.requireNonNull(space, "space");
        codes = List.copyOf(Objects.requireNonNull(codes, "codes"));
        boolean micro = space == Tnb101Space.MICRO;
        int lo = micro ? 0 : 1;
        int hi = micro ? 3 : 4;
        boolean lengthOk = micro ? codes.size() == 6 : codes.size() >= 4 && codes.size() <= 6;
        if (!lengthOk || codes.stream().anyMatch(c -> c < lo || c > hi)) {
            throw new IllegalArgumentException("TransNAS-Bench-101 " + space.id() + " codes " + codes + " are not "
                    + (micro ? "6 op codes in 0..3" : "4 to 6 module codes in 1..4"));
        }
    }

    /** An architecture from its codes. */
    public static Tnb101Arch of(Tnb101Space space, int... codes) {
        var list = new ArrayList<Integer>(codes.length);
        for (int c : codes) {
            list.add(c);
        }
        return new Tnb101Arch(space, list);
    }

    /**
     * Parses the benchmark's net code, {@code 64-41414-1_02_333} (micro) or {@code 64-1234-basic} (macro); the space
     * follows from the form.
     */
    public static Tnb101Arch parse(String netCode) {
        String s = netCode.strip();
        var m = MICRO.matcher(s);
        if (m.matches()) {
            String digits = m.group(1) + m.group(2) + m.group(3);
            return of(Tnb101Space.MICRO, digits.chars().map(c -> c - '0').toArray());
        }
        m = MACRO.matcher(s);
        if (m.matches()) {
            return of(Tnb101Space.MACRO, m.group(1).chars().map(c -> c - '0').toArray());
        }
        throw new IllegalArgumentException("'" + netCode + "' is not a TransNAS-Bench-101 net code: expected "
                + "64-41414-a_bc_def with ops 0..3 (micro, e.g. 64-41414-1_02_333) or 64- followed by 4 to 6 "
                + "modules 1..4 and -basic (macro, e.g. 64-1234-basic)");
    }

    /** Parses NASLib's tuple as Python prints it, e.g. {@code (1, 0, 2, 3, 3, 3)}. */
    public static Tnb101Arch parseNaslib(Tnb101Space space, String tuple) {
        String t = tuple.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            throw new IllegalArgumentException("NASLib tuple '" + tuple + "' is not of the form (a, b, ...)");
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        var codes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                codes[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("NASLib tuple '" + tuple + "': entry " + i + " '"
                        + parts[i].strip() + "' is not an integer", e);
            }
        }
        return of(space, codes);
    }

    /** The benchmark's net code, e.g. {@code 64-41414-1_02_333} or {@code 64-1234-basic}. */
    public String archString() {
        String digits = codes.stream().map(String::valueOf).collect(Collectors.joining());
        if (space == Tnb101Space.MICRO) {
            return "64-41414-" + digits.charAt(0) + "_" + digits.substring(1, 3) + "_" + digits.substring(3);
        }
        return "64-" + digits + "-basic";
    }

    /** NASLib's tuple as the CSVs print it, e.g. {@code (1, 0, 2, 3, 3, 3)}. */
    public String naslibString() {
        return codes.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Whether information flows from input to output: micro cells need a path of non-none edges; macro always. */
    public boolean isConnected() {
        if (space == Tnb101Space.MACRO) {
            return true;
        }
        var reached = new boolean[4];
        reached[0] = true;
        for (int e = 0; e < 6; e++) { // edges are in topological order of their target
            if (reached[FROM[e]] && codes.get(e) != 0) {
                reached[TO[e]] = true;
            }
        }
        return reached[3];
    }

    /**
     * A micro cell as the NAS-Bench-201 cell with the same graph and ops (none, skip_connect, nor_conv_1x1,
     * nor_conv_3x3; the edge orders agree), so that what reads NB201 cells (the DELE encoders, say) reads it too.
     *
     * @throws IllegalStateException for a macro architecture, which is no cell
     */
    public Nb201Arch asNb201Cell() {
        if (space != Tnb101Space.MICRO) {
            throw new IllegalStateException(archString() + " is a macro skeleton, not a cell");
        }
        var ops = new ArrayList<Nb201Op>(codes.size());
        for (int c : codes) {
            ops.add(MICRO_OPS[c]);
        }
        return new Nb201Arch(ops);
    }

    @Override
    public String toString() {
        return archString();
    }
}
