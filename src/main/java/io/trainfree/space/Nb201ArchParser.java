package io.trainfree.space;

import java.util.ArrayList;

/**
 * Reads {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|} strictly, so that a malformed string fails with the character
 * position (0-based) and the token expected there.
 */
final class Nb201ArchParser {
    private final String text;
    private int pos;

    private Nb201ArchParser(String text) {
        this.text = text;
    }

    static Nb201Arch parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("arch string is null");
        }
        return new Nb201ArchParser(text).cell();
    }

    private Nb201Arch cell() {
        var ops = new ArrayList<Nb201Op>(Nb201Arch.EDGES);
        for (int node = 1; node <= 3; node++) {
            if (node > 1) {
                expect('+', "'+' between node groups");
            }
            expect('|', "'|' opening node " + node + "'s group");
            for (int input = 0; input < node; input++) {
                ops.add(op());
                expect('~', "'~' after the op");
                expect((char) ('0' + input), "input node " + input + " of node " + node);
                expect('|', "'|' after input " + input);
            }
        }
        if (pos != text.length()) {
            throw error("end of string after node 3's group");
        }
        // the string lists node groups in target order, which is exactly the edge order e0..e5
        return new Nb201Arch(ops);
    }

    private Nb201Op op() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '~' && text.charAt(pos) != '|') {
            pos++;
        }
        String id = text.substring(start, pos);
        for (Nb201Op op : Nb201Op.values()) {
            if (op.id().equals(id)) {
                return op;
            }
        }
        pos = start;
        throw error("an op (" + Nb201Op.knownIds() + ")");
    }

    private void expect(char c, String what) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error(what);
        }
        pos++;
    }

    private IllegalArgumentException error(String expected) {
        String found = pos >= text.length() ? "end of string"
                : "'" + text.substring(pos, Math.min(text.length(), pos + 16)) + "'";
        return new IllegalArgumentException("malformed NAS-Bench-201 arch string at position " + pos
                + ": expected " + expected + ", found " + found + " in \"" + text + "\"");
    }
}
