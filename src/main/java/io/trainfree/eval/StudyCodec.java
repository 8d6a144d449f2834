package io.trainfree.eval;

import io.trainfree.job.FileFormatException;
import io.trainfree.job.RowCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The journal codec of a study table: one fixed header, a row per line, a key that names the run in messages.
 *
 * @param what   what a row is, for the message about a foreign header ({@code DELE}, {@code search study})
 * @param header the header line
 * @param format a row as its line
 * @param parse  a line as its row, naming the file and line of a bad one
 * @param key    what identifies a row (its {@code toString} names it)
 */
record StudyCodec<R>(String what, String header, Function<R, String> format, LineParser<R> parse,
        Function<R, Object> key) implements RowCodec<R> {
    /** Reads one line of a file. */
    @FunctionalInterface
    interface LineParser<R> {
        R parse(Path file, int line, String text);
    }

    @Override
    public String format(R row) {
        return format.apply(row);
    }

    @Override
    public Reader<R> reader(Path file, int line, String found) {
        if (!found.equals(header)) {
            throw new FileFormatException(file, line, "is not a " + what + " journal header: expected " + header);
        }
        return (n, text) -> parse.parse(file, n, text);
    }

    @Override
    public Object key(R row) {
        return key.apply(row);
    }

    @Override
    public String describe(Object k) {
        return k.toString();
    }

    /** The table's text: the header, then a line per row. */
    String tableText(List<R> rows) {
        StringBuilder s = new StringBuilder(header).append('\n');
        rows.forEach(r -> s.append(format(r)).append('\n'));
        return s.toString();
    }

    /** Reads a finished table: the header, then a row per line (blank lines skipped), naming the file and line. */
    List<R> readTable(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(header)) {
            throw new FileFormatException(file, 1, "is not a " + what + " table: expected the header " + header);
        }
        List<R> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(parse.parse(file, i + 1, lines.get(i)));
            }
        }
        return rows;
    }
}
