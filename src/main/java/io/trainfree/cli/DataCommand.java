package io.trainfree.cli;

import io.trainfree.data.DataDownloader;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.Download;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainfree data ...}: where data comes from. */
@Command(name = "data", description = "Find, check, download and import data files.",
        subcommands = {DataCommand.Check.class, DataCommand.DownloadFiles.class, DataCommand.ImportFiles.class})
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
            DataSource source = DataSource.of(file);
            out.println("  " + file.path() + ": " + (source.downloadable()
                    ? "./trainfree data download " + file.path() + "  (" + file.source() + ")" : source.byHand()));
        }
        if (!missing.isEmpty()) {
            out.println("or put the files under data/ (same relative paths), or set " + DataResolver.ENV
                    + " to a folder that has them.");
        }
        out.flush();
        return missing.isEmpty() ? 0 : 1;
    }

    @Command(name = "download", description = "Download data files from their public sources into the data directory "
            + "($" + DataResolver.ENV + ", else data/): checksums verified, partial downloads resumed, CIFAR-10 "
            + "unpacked. Files present with the right checksum are skipped. Exits 1 if a file is still missing.")
    static final class DownloadFiles implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "files, by path (nb201/robot/nb2_cf10_hp12_info.p), name "
                + "(NB201_HP12_INFO) or folder (nb201/robot)")
        List<String> names = new ArrayList<>();

        @Option(names = "--all", description = "every data file")
        boolean all;

        @Option(names = "--to", paramLabel = "DIR", description = "data directory to write to")
        Path to;

        @Override
        public Integer call() {
            if (all == !names.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "name files to download, or give --all");
            }
            List<DataFile> files = all ? List.of(DataFile.values()) : select(names);
            PrintWriter out = spec.commandLine().getOut();
            if (to == null) { // a file any root already has is not fetched again into the first one
                DataResolver resolver = DataResolver.standard();
                List<DataFile> elsewhere = files.stream().filter(f -> resolver.find(f).isPresent()).toList();
                for (DataFile f : elsewhere) {
                    out.printf("  %-8s %-62s %s%n", "present", f.path(), "at " + resolver.find(f).orElseThrow());
                }
                files = files.stream().filter(f -> !elsewhere.contains(f)).toList();
                if (files.isEmpty()) {
                    out.println("every file asked for is in place; --to DIR fetches copies into DIR");
                    out.flush();
                    return 0;
                }
            }
            Path root = to != null ? to : DataResolver.standard().roots().getFirst();
            return download(new DataDownloader(Download.standard()), files, root, out);
        }

        private List<DataFile> select(List<String> wanted) {
            List<DataFile> files = new ArrayList<>();
            for (String name : wanted) {
                String folder = name.endsWith("/") ? name : name + "/";
                int before = files.size();
                for (DataFile f : DataFile.values()) {
                    boolean match = f.name().equalsIgnoreCase(name) || f.path().equals(name)
                            || f.path().startsWith(folder);
                    if (match && !files.contains(f)) {
                        files.add(f);
                    }
                }
                if (files.size() == before) {
                    throw new ParameterException(spec.commandLine(), "no data file '" + name
                            + "'; ./trainfree data check lists them");
                }
            }
            return files;
        }
    }

    @Command(name = "import", description = "Convert published files you downloaded by hand (those 'data download' "
            + "reports as BY HAND, or any artefact of a converted file) into the data directory ($" + DataResolver.ENV
            + ", else data/). Exits 1 if a given file was not converted.")
    static final class ImportFiles implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "downloaded files, or folders holding them, "
                + "under their published names (zc_nasbench201.json, ...)")
        List<Path> given = new ArrayList<>();

        @Option(names = "--to", paramLabel = "DIR", description = "data directory to write to")
        Path to;

        @Override
        public Integer call() throws java.io.IOException {
            List<Path> files = new ArrayList<>();
            for (Path p : given) {
                if (Files.isDirectory(p)) {
                    try (var entries = Files.list(p)) {
                        entries.filter(Files::isRegularFile).sorted().forEach(files::add);
                    }
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    throw new ParameterException(spec.commandLine(), "no such file: " + p);
                }
            }
            Path root = to != null ? to : DataResolver.standard().roots().getFirst();
            PrintWriter out = spec.commandLine().getOut();
            out.println("importing into " + root.toAbsolutePath().normalize());
            var result = new DataDownloader(Download.standard()).importFiles(files, List.of(DataFile.values()), root);
            for (DataDownloader.Outcome o : result.outcomes()) {
                out.printf("  %-8s %-62s %s%n", o.status() == DataDownloader.Status.FAILED ? "FAILED" : "imported",
                        o.file().path(), o.message());
            }
            for (Path p : result.unused()) {
                out.printf("  %-8s %-62s %s%n", "unused", p, "no data file is converted from a file of this name; "
                        + "./trainfree data check lists the files and their sources");
            }
            boolean failed = result.outcomes().stream().anyMatch(o -> o.status() == DataDownloader.Status.FAILED);
            out.flush();
            return failed || !result.unused().isEmpty() || result.outcomes().isEmpty() ? 1 : 0;
        }
    }

    static int download(DataDownloader downloader, List<DataFile> files, Path root, PrintWriter out) {
        out.println("downloading into " + root.toAbsolutePath().normalize());
        out.flush();
        List<DataDownloader.Outcome> outcomes = downloader.fetch(files, root, new ProgressLine(out));
        int missing = 0;
        for (DataDownloader.Outcome o : outcomes) {
            boolean ok = o.status() == DataDownloader.Status.PRESENT || o.status() == DataDownloader.Status.DOWNLOADED;
            String tag = switch (o.status()) {
                case PRESENT -> "present";
                case DOWNLOADED -> "fetched";
                case BY_HAND -> "BY HAND";
                case FAILED -> "FAILED";
            };
            out.printf("  %-8s %-62s %s%n", tag, o.file().path(), o.message());
            if (!ok && !OPTIONAL.contains(o.file())) {
                missing++;
            }
        }
        out.printf("%d of %d file(s) in place; %d required file(s) still missing.%n",
                outcomes.stream().filter(o -> o.status() == DataDownloader.Status.PRESENT
                        || o.status() == DataDownloader.Status.DOWNLOADED).count(), outcomes.size(), missing);
        out.flush();
        return missing == 0 ? 0 : 1;
    }

    /** Renders download progress: one line per second at most, and one when a download ends. */
    static final class ProgressLine implements Download.Listener {
        private final PrintWriter out;
        private long last;

        ProgressLine(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void progress(Download.Progress p) {
            long now = System.nanoTime();
            boolean first = p.bytes() == p.resumedFrom() && !p.done();
            if (!first && !p.done() && now - last < 1_000_000_000L) {
                return;
            }
            last = now;
            String size = p.total() >= 0 ? size(p.bytes()) + " of " + size(p.total()) : size(p.bytes());
            String state = first ? (p.resumedFrom() > 0 ? "resuming at " + size(p.resumedFrom()) : "starting")
                    : p.done() ? "done" : p.etaSeconds() >= 0 ? "ETA " + eta(p.etaSeconds()) : "";
            out.printf("  %s  %s  %s%n", p.url(), size, state);
            out.flush();
        }

        static String size(long bytes) {
            if (bytes < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
            }
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }

        static String eta(long seconds) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
    }
}
