package io.trainfree.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Low-fidelity labels for DELE's step 1: one column per expert (an LF type: a zero-cost proxy, FLOPs, latency, ...),
 * one row per architecture, higher meaning better for every column (the reference flips no sign). NaN and infinite
 * values are allowed: those cells form no pair for that expert ({@link #nonFinite()} counts them).
 *
 * @param names  the experts' names, one per column, distinct
 * @param values {@code values[arch][column]}
 */
public record LowFidelity(List<String> names, double[][] values) {
    public LowFidelity {
        names = List.copyOf(names);
        Objects.requireNonNull(values, "values");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("low-fidelity labels need at least one column");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("low-fidelity column names repeat: " + names);
        }
        var copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != names.size()) {
                throw new IllegalArgumentException("low-fidelity row " + r + " has "
                        + (values[r] == null ? "no values" : values[r].length + " values") + ", expected "
                        + names.size() + " (" + String.join(", ", names) + ")");
            }
            copy[r] = values[r].clone();
        }
        values = copy;
        for (int c = 0; c < names.size(); c++) {
            double seen = Double.NaN;
            boolean twoDistinct = false;
            for (double[] row : values) {
                double v = row[c];
                if (Double.isFinite(v)) {
                    if (Double.isNaN(seen)) {
                        seen = v;
                    } else if (v != seen) {
                        twoDistinct = true;
                        break;
                    }
                }
            }
            if (!twoDistinct) {
                throw new IllegalArgumentException("low-fidelity column '" + names.get(c) + "' has "
                        + (Double.isNaN(seen) ? "no finite value" : "one distinct finite value (" + seen + ")")
                        + " in " + values.length + " rows: no pair can be formed from it");
            }
        }
    }

    /** From columns: {@code columns[k]} holds expert k's value for every architecture. */
    public static LowFidelity ofColumns(List<String> names, double[]... columns) {
        if (columns.length != names.size()) {
            throw new IllegalArgumentException(columns.length + " low-fidelity columns for " + names.size()
                    + " names " + names);
        }
        int rows = columns.length == 0 ? 0 : columns[0].length;
        var values = new double[rows][columns.length];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != rows) {
                throw new IllegalArgumentException("low-fidelity column '" + names.get(c) + "' has "
                        + columns[c].length + " values, column '" + names.get(0) + "' " + rows);
            }
            for (int r = 0; r < rows; r++) {
                values[r][c] = columns[c][r];
            }
        }
        return new LowFidelity(names, values);
    }

    /** Number of architectures (rows). */
    public int size() {
        return values.length;
    }

    /** Number of experts (columns). */
    public int experts() {
        return names.size();
    }

    /** Column {@code k}. */
    public double[] column(int k) {
        var c = new double[values.length];
        for (int r = 0; r < values.length; r++) {
            c[r] = values[r][k];
        }
        return c;
    }

    /** The labels of these rows, experts x rows. */
    double[][] columns(int[] rows) {
        var c = new double[names.size()][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < names.size(); k++) {
                c[k][i] = values[rows[i]][k];
            }
        }
        return c;
    }

    /**
     * These columns only, in this order.
     *
     * @throws IllegalArgumentException for a name not among the columns, listing them
     */
    public LowFidelity select(String... columns) {
        var idx = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            idx[i] = names.indexOf(columns[i]);
            if (idx[i] < 0) {
                throw new IllegalArgumentException("no low-fidelity column '" + columns[i] + "'; columns: "
                        + String.join(", ", names));
            }
        }
        var v = new double[values.length][columns.length];
        for (int r = 0; r < values.length; r++) {
            for (int i = 0; i < columns.length; i++) {
                v[r][i] = values[r][idx[i]];
            }
        }
        return new LowFidelity(List.of(columns), v);
    }

    /** How many rows of each column are NaN or infinite (they form no pairs). */
    public int[] nonFinite() {
        var n = new int[names.size()];
        for (double[] row : values) {
            for (int c = 0; c < row.length; c++) {
                if (!Double.isFinite(row[c])) {
                    n[c]++;
                }
            }
        }
        return n;
    }

    @Override
    public double[][] values() {
        var copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = values[r].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LowFidelity l && names.equals(l.names) && Arrays.deepEquals(values, l.values);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        var nf = nonFinite();
        var cols = new ArrayList<String>();
        for (int c = 0; c < names.size(); c++) {
            cols.add(names.get(c) + (nf[c] > 0 ? " (" + nf[c] + " non-finite)" : ""));
        }
        return "LowFidelity[" + values.length + " rows: " + String.join(", ", cols) + "]";
    }
}
