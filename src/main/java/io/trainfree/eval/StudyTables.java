package io.trainfree.eval;

import io.trainfree.data.DataResolver;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.Journal;
import io.trainfree.job.KeyedJob;
import io.trainfree.job.RowCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a study's committed table under the data roots, or, while its job is unfinished, the journal beside it: a
 * notebook shows the finished runs so far rather than nothing.
 */
final class StudyTables {
    private StudyTables() {
    }

    /**
     * The rows of {@code relative} (e.g. {@code dele/nb201-cifar10-gates.csv}) if the table exists, else the finished
     * rows of its journal ({@code .partial}).
     *
     * @throws IllegalStateException if neither is under any data root, naming the roots and the command that makes it
     */
    static <R> List<R> load(String relative, String kind, RowCodec<R> codec, Function<Path, List<R>> readTable,
            String howToMake) {
        return find(relative, kind, codec, readTable).orElseThrow(() -> new IllegalStateException("no " + relative
                + " (nor its journal with a finished row) under " + DataResolver.standard().roots() + "; "
                + howToMake));
    }

    /**
     * Where the committed file {@code relative} is under the data roots.
     *
     * @param writer the command that writes it, for the message
     * @throws FileFormatException if it is under no root, naming the roots and {@code writer}
     */
    static Path locate(String relative, String writer) {
        var resolver = DataResolver.standard();
        return resolver.find(relative).orElseThrow(() -> new FileFormatException(Path.of(relative), 0,
                "not found under " + resolver.roots() + "; " + writer + " writes it"));
    }

    /** As {@link #load}, empty where neither the table nor a journal with a finished row exists. */
    static <R> Optional<List<R>> find(String relative, String kind, RowCodec<R> codec,
            Function<Path, List<R>> readTable) {
        var resolver = DataResolver.standard();
        Optional<Path> table = resolver.find(relative);
        if (table.isPresent()) {
            return Optional.of(readTable.apply(table.get()));
        }
        Optional<Path> journal = resolver.find(KeyedJob.journalOf(Path.of(relative)).toString());
        if (journal.isEmpty() || Journal.header(journal.get(), kind).rows() == 0) {
            return Optional.empty();
        }
        return Optional.of(Journal.read(journal.get(), kind, codec).rows());
    }
}
