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

    /**
     * None of several interchangeable files (any one would do, e.g. the CIFAR-10 training batches) was found.
     * {@link #file()} is the first of them.
     */
    public MissingDataException(List<DataFile> anyOf, List<Path> roots) {
        super(message(anyOf, roots));
        this.file = anyOf.getFirst();
    }

    /** The file that is missing (the first one, when any of several would have done). */
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

    private static String message(List<DataFile> anyOf, List<Path> roots) {
        if (anyOf.size() == 1) {
            return message(anyOf.getFirst(), roots);
        }
        String names = anyOf.stream().map(DataFile::path).collect(Collectors.joining(", "));
        String looked = roots.stream().map(r -> "  " + r).collect(Collectors.joining("\n"));
        String sources = anyOf.stream().map(DataFile::source).distinct().collect(Collectors.joining("; "));
        DataFile first = anyOf.getFirst();
        return "missing data: none of " + names + " is present (at least one is needed)\n"
                + "looked under:\n" + looked + "\n"
                + "download: " + sources + "\n"
                + "then put them at data/" + first.path().substring(0, first.path().lastIndexOf('/') + 1)
                + " or point " + DataResolver.ENV + " at a directory that holds them";
    }
}
