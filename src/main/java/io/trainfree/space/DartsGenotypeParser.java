package io.trainfree.space;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DARTS genotype string strictly (the spacing Python prints), so that a malformed string fails with the
 * character position (0-based) and the token expected there.
 */
final class DartsGenotypeParser {
    private final String text;
    private int pos;

    private DartsGenotypeParser(String text) {
        this.text = text;
    }

    static DartsGenotype parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("genotype string is null");
        }
        return new DartsGenotypeParser(text).genotype();
    }

    private DartsGenotype genotype() {
        expect("Genotype(normal=");
        DartsCell normal = cell("normal");
        expect(", reduce=");
        DartsCell reduce = cell("reduce");
        expect(")");
        if (pos != text.length()) {
            throw error("end of string after the genotype");
        }
        return new DartsGenotype(normal, reduce);
    }

    private DartsCell cell(String name) {
        int start = pos;
        List<DartsCell.Edge> edges = new ArrayList<>();
        expect("[");
        for (int k = 0; k < DartsCell.EDGES; k++) {
            if (k > 0) {
                expect(", ");
            }
            expect("('");
            DartsOp op = op();
            expect("', ");
            int inputAt = pos;
            int input = number("the input node of edge " + k);
            int node = DartsCell.node(k);
            if (input >= node) {
                pos = inputAt;
                throw error("an earlier node (0 to " + (node - 1) + ") as edge " + k + "'s input: node " + node
                        + " reads only earlier nodes");
            }
            edges.add(new DartsCell.Edge(op, input));
            expect(")");
        }
        expect("], " + name + "_concat=[");
        List<Integer> concat = new ArrayList<>();
        concat.add(number("a concatenated node"));
        while (pos < text.length() && text.startsWith(", ", pos)) {
            pos += 2;
            concat.add(number("a concatenated node"));
        }
        expect("]");
        try {
            return new DartsCell(edges, concat);
        } catch (IllegalArgumentException e) {
            pos = start;
            throw error("a valid " + name + " cell (" + e.getMessage() + ")");
        }
    }

    private DartsOp op() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '\'') {
            pos++;
        }
        String id = text.substring(start, pos);
        for (DartsOp op : DartsOp.values()) {
            if (op.id().equals(id)) {
                return op;
            }
        }
        pos = start;
        throw error("an op (" + DartsOp.knownIds() + ")");
    }

    private int number(String what) {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start || pos - start > 2) {
            pos = start;
            throw error(what);
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private void expect(String token) {
        if (!text.startsWith(token, pos)) {
            throw error("'" + token + "'");
        }
        pos += token.length();
    }

    private IllegalArgumentException error(String expected) {
        String found = pos >= text.length() ? "end of string"
                : "'" + text.substring(pos, Math.min(text.length(), pos + 16)) + "'";
        return new IllegalArgumentException("malformed DARTS genotype string at position " + pos + ": expected "
                + expected + ", found " + found);
    }
}
