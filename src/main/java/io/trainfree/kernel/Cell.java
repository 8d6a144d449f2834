package io.trainfree.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell split into Java code and line magics, in order, each knowing its (0-based) line in the cell, plus an
 * optional cell magic on the first line. As in IJava, a line magic is a line whose first non-blank character is
 * {@code %}; a cell magic is a first line starting with {@code %%}.
 *
 * @param cellMagic the {@code %%name args} of the first line, if any
 * @param parts     code and line magics in cell order
 */
record Cell(Optional<Magic> cellMagic, List<Part> parts) {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(?!%)([A-Za-z_][\\w-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z_][\\w-]*)(.*)$");

    Cell {
        parts = List.copyOf(parts);
    }

    /** A piece of a cell. */
    sealed interface Part permits Code, Magic {
        /** 0-based line of the cell where the part starts. */
        int line();
    }

    /** Java code (one or more lines). */
    record Code(String text, int line) implements Part {
    }

    /** A magic: {@code %name args...} (quotes group an argument). */
    record Magic(String name, List<String> args, int line) implements Part {
        Magic {
            args = List.copyOf(args);
        }
    }

    static Cell parse(String source) {
        String[] lines = source.split("\\R", -1);
        Optional<Magic> cellMagic = Optional.empty();
        int from = 0;
        while (from < lines.length && lines[from].isBlank()) {
            from++;
        }
        if (from < lines.length) {
            Matcher m = CELL_MAGIC.matcher(lines[from]);
            if (m.matches()) {
                cellMagic = Optional.of(new Magic(m.group(1), split(m.group(2)), from));
                from++;
            } else {
                from = 0;
            }
        }
        List<Part> parts = new ArrayList<>();
        var code = new StringBuilder();
        int codeStart = from;
        for (int i = from; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                flush(parts, code, codeStart);
                parts.add(new Magic(m.group(1), split(m.group(2)), i));
                codeStart = i + 1;
            } else {
                if (code.length() > 0 || i > codeStart) {
                    code.append('\n');
                }
                code.append(lines[i]);
            }
        }
        flush(parts, code, codeStart);
        return new Cell(cellMagic, parts);
    }

    private static void flush(List<Part> parts, StringBuilder code, int start) {
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), start));
        }
        code.setLength(0);
    }

    /** Splits magic arguments at blanks; single or double quotes keep blanks inside an argument. */
    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        var cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < args.length(); i++) {
            char ch = args.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                any = true;
            } else if (Character.isWhitespace(ch)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
