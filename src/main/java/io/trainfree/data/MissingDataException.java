package io.trainfree.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A data file was not found under any root; the message says where it was looked for and how to get it. */
public final class MissingDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DataFile file;

    public MissingDataException(DataFile file, List<Path> roots) {
        super(message(file, roots));
        this.file = file;
    }

    /** The file that is missing. */
    public DataFile file() {
        return file;
    }

    private static String message(DataFile file, List<Path> roots) {
        String looked = roots.stream()
                .map(r -> "  " + r.resolve(file.path()))
                .collect(Collectors.joining("\n"));
        return "missing data file " + file.path() + " (" + file.description() + ")\n"
                + "looked for it at:\n" + looked + "\n"
                + "download: " + file.source() + "\n"
                + "then put it at data/" + file.path() + " or point " + DataResolver.ENV
                + " at a directory that holds " + file.path();
    }
}
