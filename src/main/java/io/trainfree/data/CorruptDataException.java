package io.trainfree.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A published data file is there but cannot be read as published: a truncated or corrupt pickle, a CSV row with the
 * wrong number of fields, a number that does not parse, an architecture that is not in the space. The message names
 * the file and the record (pickles: the element of the top-level list, counted from 0 like the benchmark index) or
 * the line (CSVs: counted from 1 like an editor does), and the fix is to download the file again.
 */
public final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    /** {@code problem} says where in the file and what is wrong, e.g. {@code "record 812 has no 'valacc'"}. */
    public CorruptDataException(Path file, String problem) {
        this(file, problem, null);
    }

    public CorruptDataException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + problem
                + " (the file is corrupt or truncated: download it again)", cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
