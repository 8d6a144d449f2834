package io.trainfree.job;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A table or journal that cannot be read: a row with the wrong number of fields, a value that is not a number,
 * an arch string that does not parse, an index twice or out of the space. The message names the file and the line
 * (counted from 1 like an editor does).
 */
public final class FileFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;

    /**
     * @param line    the line, counted from 1; 0 for a problem of the whole file
     * @param problem what is wrong, e.g. {@code "'abc' in column snip is not a number"}
     */
    public FileFormatException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public FileFormatException(Path file, int line, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + (line > 0 ? ": line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The line, counted from 1; 0 when the problem is the whole file's. */
    public int line() {
        return line;
    }
}
