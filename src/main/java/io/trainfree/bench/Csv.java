package io.trainfree.bench;

import io.trainfree.data.CorruptDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A published CSV file read strictly: a header, then rows with exactly as many fields; fields may be quoted with
 * {@code "} (pandas quotes the NASLib tuples, which hold commas). Every failure names the file and the line (counted
 * from 1, the header being line 1), so a truncated or hand-edited file is found at once. Empty fields and pandas'
 * {@code nan} read as NaN; {@code inf}/{@code -inf} as infinities.
 */
final class Csv {
    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> columns;
    private final List<String[]> rows;
    private final int[] lines;

    private Csv(Path file, List<String> header, List<String[]> rows, int[] lines) {
        this.file = file;
        this.header = List.copyOf(header);
        this.columns = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            if (columns.put(header.get(c), c) != null) {
                throw new CorruptDataException(file, "line 1: the column '" + header.get(c) + "' appears twice");
            }
        }
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads the whole file. */
    static Csv read(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int last = text.size();
        while (last > 0 && text.get(last - 1).isEmpty()) { // trailing newlines only
            last--;
        }
        if (last == 0) {
            throw new CorruptDataException(file, "the file is empty, expected a header line");
        }
        String head = text.get(0);
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        List<String> header = List.of(split(file, 1, head));
        var rows = new ArrayList<String[]>(last - 1);
        var lines = new int[last - 1];
        for (int i = 1; i < last; i++) {
            int line = i + 1;
            String s = text.get(i);
            if (s.isEmpty()) {
                throw new CorruptDataException(file, "line " + line + " is empty");
            }
            String[] fields = split(file, line, s);
            if (fields.length != header.size()) {
                throw new CorruptDataException(file, "line " + line + " has " + fields.length + " fields, expected "
                        + header.size() + " (" + String.join(",", header) + ")");
            }
            lines[rows.size()] = line;
            rows.add(fields);
        }
        return new Csv(file, header, rows, lines);
    }

    private static String[] split(Path file, int line, String s) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new CorruptDataException(file, "line " + line + " has an unterminated quoted field");
                    }
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < s.length() && s.charAt(i) != ',') {
                    throw new CorruptDataException(file, "line " + line + ", character " + (i + 1)
                            + ": expected ',' after a quoted field, found '" + s.charAt(i) + "'");
                }
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    field.append(s.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= s.length()) {
                return fields.toArray(String[]::new);
            }
            i++; // the comma
        }
    }

    Path file() {
        return file;
    }

    List<String> header() {
        return header;
    }

    int rowCount() {
        return rows.size();
    }

    /** The file line of a row (row 0 is line 2). */
    int line(int row) {
        return lines[row];
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The position of a column; an unknown name lists the columns there are. */
    int column(String name) {
        Integer c = columns.get(name);
        if (c == null) {
            throw new CorruptDataException(file, "line 1: no column '" + name + "'; columns: "
                    + String.join(", ", header));
        }
        return c;
    }

    String text(int row, int column) {
        return rows.get(row)[column];
    }

    /** A number; empty and {@code nan} are NaN. */
    double number(int row, int column) {
        String s = rows.get(row)[column].strip();
        switch (s) {
            case "", "nan", "NaN", "NAN" -> {
                return Double.NaN;
            }
            case "inf", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    if (s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                        throw new NumberFormatException(); // Java suffixes are not CSV numbers
                    }
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw error(row, column, "'" + s + "' is not a number");
                }
            }
        }
    }

    int integer(int row, int column) {
        String s = rows.get(row)[column].strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(row, column, "'" + s + "' is not an integer");
        }
    }

    /** A failure at one field, naming line and column. */
    CorruptDataException error(int row, int column, String problem) {
        return new CorruptDataException(file, "line " + line(row) + ", column '" + header.get(column) + "': "
                + problem);
    }

    /** A failure at one row, naming the line. */
    CorruptDataException error(int row, String problem) {
        return new CorruptDataException(file, "line " + line(row) + ": " + problem);
    }
}
