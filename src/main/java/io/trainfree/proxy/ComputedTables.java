package io.trainfree.proxy;

import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.KeyedJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The proxy tables computed so far, found through the data resolver: {@code proxies/<name>.csv} under its roots (the
 * committed ones are in the project's {@code data/proxies}), or, while a table's run is unfinished, the rows its
 * journal holds.
 *
 * {@snippet :
 * ProxyTable c10 = ComputedTables.of(Dataset.CIFAR10);             // proxies/nb201-cifar10.csv
 * ProxyTable swap = ComputedTables.of("nb201-cifar10-swap");
 * }
 */
public final class ComputedTables {
    private ComputedTables() {
    }

    /**
     * The computed NAS-Bench-201 table of a dataset, {@code proxies/nb201-<dataset>.csv}, or the rows its unfinished
     * run has so far ({@link #load}).
     *
     * @throws FileFormatException if there is neither
     */
    public static ProxyTable of(Dataset dataset) {
        return of("nb201-" + dataset.id().toLowerCase(Locale.ROOT));
    }

    /** A computed table by name ({@code nb201-cifar10-swap} for {@code proxies/nb201-cifar10-swap.csv}), as above. */
    public static ProxyTable of(String table) {
        return load(path(table));
    }

    /**
     * Where a computed table is, or would be written: {@code proxies/<table>.csv} under the first data root holding
     * it or its journal, else under the first root.
     */
    public static Path path(String table) {
        String name = "proxies/" + table + ".csv";
        var resolver = DataResolver.standard();
        return resolver.find(name)
                .or(() -> resolver.find(name + ".partial").map(j -> j.resolveSibling(Path.of(name).getFileName())))
                .orElseGet(() -> resolver.roots().get(0).resolve(name));
    }

    /**
     * A table by its target file: the finished table if there is one, else the rows its job's journal
     * ({@code <target>.partial}) holds so far, so an unfinished run can be looked at while it computes or after an
     * interruption ({@link ProxyTable#rowCount()} says how far it got).
     *
     * @throws FileFormatException if neither exists or a line is bad
     */
    public static ProxyTable load(Path target) {
        Objects.requireNonNull(target, "target");
        if (Files.exists(target)) {
            return ProxyTableCsv.read(target);
        }
        Path journal = KeyedJob.journalOf(target);
        if (Files.exists(journal)) {
            return ProxyJournalRows.tableSoFar(journal);
        }
        throw new FileFormatException(target, 0, "no such proxy table, and no unfinished run's journal " + journal
                + " (data/proxies/README.md gives the committed tables' commands)");
    }
}
