package io.trainfree.cli;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trainfree data ...}: where data comes from. */
@Command(name = "data", description = "Find and check data files.", subcommands = DataCommand.Check.class)
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Files a user can do without: extra CIFAR-10 training batches beyond the first. */
    static final Set<DataFile> OPTIONAL = EnumSet.of(DataFile.CIFAR10_TRAIN_2, DataFile.CIFAR10_TRAIN_3,
            DataFile.CIFAR10_TRAIN_4, DataFile.CIFAR10_TRAIN_5);

    @Command(name = "check", description = "List every data file: where it was found, or where to download it. "
            + "Exits 1 if a required file is missing.")
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return check(DataResolver.standard(), spec.commandLine().getOut());
        }
    }

    static int check(DataResolver resolver, PrintWriter out) {
        out.println("data roots, searched in this order" + (System.getenv(DataResolver.ENV) == null
                ? " ($" + DataResolver.ENV + " is not set):" : ":"));
        int n = 1;
        for (Path root : resolver.roots()) {
            out.println("  " + n++ + ". " + root + (Files.isDirectory(root) ? "" : "  (absent)"));
        }
        List<DataFile> missing = new ArrayList<>();
        int found = 0;
        out.println();
        for (DataFile file : DataFile.values()) {
            Optional<Path> at = resolver.find(file);
            if (at.isPresent()) {
                found++;
                out.printf("  found    %-62s %s%n", file.path(), at.get());
            } else {
                boolean optional = OPTIONAL.contains(file);
                out.printf("  %-8s %-62s %s%n", optional ? "optional" : "MISSING", file.path(), file.description());
                if (!optional) {
                    missing.add(file);
                }
            }
        }
        out.println();
        out.printf("%d of %d files found; %d required file(s) missing.%n", found, DataFile.values().length,
                missing.size());
        for (DataFile file : missing) {
            out.println("  " + file.path() + ": download " + file.source());
        }
        if (!missing.isEmpty()) {
            out.println("put missing files under data/ (same relative paths) or set " + DataResolver.ENV + ".");
        }
        out.flush();
        return missing.isEmpty() ? 0 : 1;
    }
}
