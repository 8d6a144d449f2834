package io.trainfree.job;

import java.nio.file.Path;

/**
 * How a job's rows are lines of its journal: one header line naming the columns (comma-separated), then one line
 * per row. The journal only stores and finds lines; the codec says what is in them.
 *
 * @param <R> a finished row of the job
 */
public interface RowCodec<R> {
    /** The header line of a journal this job writes (without a line break). */
    String header();

    /** A row as one line, without its line break (and without one inside it). */
    String format(R row);

    /**
     * A reader of the rows under a header found in a file; a journal being resumed has this codec's
     * {@link #header()}, one only read may have been written by another job of the same kind.
     *
     * @param line the header's line number, counted from 1
     * @throws FileFormatException if the header cannot be read
     */
    Reader<R> reader(Path file, int line, String header);

    /** What identifies a row; a key appears once in a journal. */
    Object key(R row);

    /** The key as a message names it ({@code index 3}). */
    default String describe(Object key) {
        return "key " + key;
    }

    /** Reads the lines under one header. */
    @FunctionalInterface
    interface Reader<R> {
        /**
         * @param line the line number, counted from 1
         * @throws FileFormatException naming the file and line of a bad line
         */
        R read(int line, String text);
    }
}
