package io.trainfree.eval;

import io.trainfree.job.FileFormatException;
import io.trainfree.job.RowCodec;
import java.nio.file.Path;
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
}
