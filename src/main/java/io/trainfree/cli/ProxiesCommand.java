package io.trainfree.cli;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.data.Images;
import io.trainfree.eval.ProxyCorrelations;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.Journal;
import io.trainfree.job.KeyedJob;
import io.trainfree.job.SettingsMismatchException;
import io.trainfree.notebook.JobProgress;
import io.trainfree.proxy.ArchSelection;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.Proxies;
import io.trainfree.proxy.Proxy;
import io.trainfree.proxy.ProxyJob;
import io.trainfree.proxy.ProxyRunner;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.proxy.ProxyTableCsv;
import io.trainfree.proxy.ThreadScoring;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code trainfree proxies ...}: compute proxy tables over a space, and look at them. */
@Command(name = "proxies", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compute training-free proxies for many architectures, inspect and correlate the tables.",
        subcommands = {ProxiesCommand.Compute.class, ProxiesCommand.ListProxies.class, ProxiesCommand.Show.class,
            ProxiesCommand.Correlate.class})
final class ProxiesCommand implements Runnable {
    /** Spaces a job runs on. */
    static final List<String> SPACES = List.of(ProxyJob.SPACE, "darts");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code trainfree proxies compute}. */
    @Command(name = "compute", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Compute proxies for all 15,625 NAS-Bench-201 architectures, a sample or given indices, "
                + "into a CSV (index, arch, one column per proxy) with a JSON sidecar of the settings.",
                "Finished rows go to <out>.partial as they are done: after an interruption (Ctrl-C) run the same "
                + "command again to resume; other settings are refused unless --restart."})
    static final class Compute implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb201",
                description = "search space: nb201, or darts (the SWAP paper's 1,000 DARTS cells; swap only)")
        String space;

        @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", defaultValue = "cifar10",
                converter = BenchCommand.DatasetConverter.class,
                description = "cifar10, cifar100 or ImageNet16-120 (default: ${DEFAULT-VALUE})")
        Dataset dataset;

        @Option(names = {"-p", "--proxies"}, paramLabel = "NAMES", required = true, split = ",",
                description = "proxy names, comma-separated (trainfree proxies list shows them)")
        List<String> proxies;

        @Option(names = "--sample", paramLabel = "N", description = "a uniform sample of N architectures")
        Integer sample;

        @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "0",
                description = "seed of --sample (default: ${DEFAULT-VALUE})")
        long sampleSeed;

        @Option(names = "--indices", paramLabel = "LIST", description = "indices and ranges, e.g. 0-99,6111")
        String indices;

        @Option(names = "--seed", defaultValue = "42",
                description = "base seed: architecture i gets seed + i for its batch and weights (default: "
                        + "${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
                description = "images per batch (default: ${DEFAULT-VALUE}, the reference's)")
        int batchSize;

        @Mixin
        EngineOptions engine;

        @Option(names = "--iso", paramLabel = "MODE", defaultValue = "none",
                description = "none, nb201, functional or gradient-safe: compute each isomorphism class once "
                        + "(at its smallest index, with that index's seed) and copy its values, naming it in "
                        + "computed_from; "
                        + "functional suits forward-only proxies (naswot, swap, zen); gradient-safe (the benchmark's "
                        + "classes with zero-fed convs apart) gradient ones "
                        + "(default: none)")
        String iso;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE",
                description = "the CSV to write (default: data/proxies/<space>-<dataset>.csv)")
        Path outFile;

        @Option(names = "--restart", description = "discard an unfinished run's journal (or replace a finished "
                + "table) and start over")
        boolean restart;

        @Option(names = "--no-augment", description = "plain batches instead of the reference's random crop and flip")
        boolean noAugment;

        @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
                description = "cells scored at once on N threads of this process, each with its own network and "
                        + "runner; the values do not change. With --threads 1, one worker per core (default: 1)")
        int workers;

        @Option(names = "--spark", paramLabel = "MASTER",
                description = "split the cells over a Spark cluster's executors (local[2], spark://host:7077, yarn, "
                        + "...), merging the rows here: needs the trainfree-spark jar (README: Proxy jobs on Apache "
                        + "Spark)")
        String spark;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!SPACES.contains(space.strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown or unsupported space '"
                        + space + "'; supported: " + String.join(", ", SPACES));
            }
            if (sample != null && indices != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sample and --indices exclude each other: give one (or neither for all architectures)");
            }
            if (space.strip().equalsIgnoreCase("darts")) {
                return darts(out);
            }
            ProxyJob.Iso isoMode = ProxyJob.Iso.parse(iso);
            List<Proxy> chosen = Proxies.list(proxies.toArray(String[]::new));
            int[] selected = indices != null ? ArchSelection.parse(indices, Nb201.SIZE)
                    : sample != null ? ArchSelection.sample(sample, sampleSeed, Nb201.SIZE)
                    : ArchSelection.all(Nb201.SIZE);
            // the default lives in the project's data/, wherever the command is run from
            Path target = outFile != null ? outFile : Main.projectData("proxies",
                    ProxyJob.SPACE + "-" + dataset.id() + ".csv");
            var nb201 = Nb201.load();
            var options = new ProxyRunner.Options(batchSize, seed, engine.device, !noAugment);
            String command = "trainfree " + spec.commandLine().getParseResult().originalArgs().stream()
                    .map(Compute::quote).collect(Collectors.joining(" "));
            out.printf("%s %s: %,d architectures, proxies %s -> %s%n", ProxyJob.SPACE, dataset.id(), selected.length,
                    chosen.stream().map(Proxy::name).collect(Collectors.joining(",")), target);
            if (isoMode != ProxyJob.Iso.NONE) {
                out.println("--iso " + isoMode.id() + ": values are copied within classes of cells that compute the "
                        + "same function (params and flops are computed for each cell; l2_norm, which also sees dead "
                        + "edges' weights, is copied), and copies carry the representative's initialisation");
            }
            engine.applyThreads();
            out.flush();
            if (spark != null && workers != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--workers is for this process; under "
                        + "--spark each executor scores as many cells at once as it has task slots");
            }
            var images = Images.train(dataset);
            try (var runner = ProxyRunner.of(dataset, chosen, images, options)) {
                var job = ProxyJob.of(runner, nb201.space(), selected, target,
                        new ProxyJob.Options().withIso(isoMode).withRestart(restart).withCommand(command));
                ProxyJob.Result r = spark != null ? runOnBackend(job, "spark", spark)
                        : run(job, workers == 1 ? null : new ThreadScoring(workers, nb201.space(),
                                () -> ProxyRunner.of(dataset, chosen, images, options)));
                out.printf("%,d rows: %,d resumed, %,d computed, %,d copied in this session (%s); %.3f s per computed "
                        + "architecture over all sessions%n", r.table().rowCount(), r.resumed(), r.computed(),
                        r.copied(), clock(r.seconds()), r.secondsPerArch());
                var proxy = StringColumn.create("proxy");
                var secs = DoubleColumn.create("mean_s");
                var nan = IntColumn.create("nan");
                r.proxySeconds().forEach((name, s) -> {
                    proxy.append(name);
                    secs.append(s);
                    nan.append(r.table().nanCount(name));
                });
                out.println(BenchCommand.rounded(Table.create("seconds per architecture (shared passes charged to "
                        + "the first proxy needing them)", proxy, secs, nan), 4).printAll());
                out.println("next: trainfree proxies correlate " + target);
            }
            out.flush();
            return 0;
        }

        /** SWAP on the SWAP paper's 1,000 DARTS cells: the official 32 repeats of the first 16 training images. */
        private int darts(PrintWriter out) {
            if (!proxies.equals(List.of("swap"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the DARTS space has one proxy so far: "
                        + "--proxies swap");
            }
            var cells = io.trainfree.bench.DartsCells.load();
            Path target = outFile != null ? outFile : Main.projectData("proxies",
                    "darts-" + dataset.id() + "-swap.csv");
            String command = "trainfree " + spec.commandLine().getParseResult().originalArgs().stream()
                    .map(Compute::quote).collect(Collectors.joining(" "));
            out.printf("darts %s: %,d genotypes, swap (%d repeats of the first %d training images) -> %s%n",
                    dataset.id(), cells.size(), io.trainfree.proxy.Swap.REPEATS, io.trainfree.proxy.Swap.SAMPLES,
                    target);
            engine.applyThreads();
            out.flush();
            var rows = io.trainfree.proxy.DartsSwapJob.run(cells.genotypes(), Images.train(dataset),
                    io.trainfree.proxy.Swap.SAMPLES, io.trainfree.proxy.Swap.REPEATS, seed, target,
                    new KeyedJob.Options(restart, 20, java.time.Duration.ofSeconds(10), command),
                    JobProgress.standard());
            double[] swap = rows.stream().mapToDouble(io.trainfree.proxy.DartsSwapJob.Row::swap).toArray();
            out.printf("%,d rows; Spearman with the CIFAR-10 validation accuracy %.4f (the authors report 0.93)%n",
                    rows.size(), io.trainfree.eval.Correlation.spearman(swap, cells.validAccuracy()));
            out.flush();
            return 0;
        }

        /** Runs the job on the backend named (found on the class path), which is closed after. */
        private static ProxyJob.Result runOnBackend(ProxyJob job, String name, String master) {
            ProxyJob.Backend backend = ServiceLoader.load(ProxyJob.Backend.class).stream()
                    .map(ServiceLoader.Provider::get).filter(b -> b.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("--" + name + " needs the trainfree-" + name
                            + " jar on the class path: build it with spark/build and run spark/trainfree-spark "
                            + "(or spark-submit spark/target/trainfree-spark.jar) with the same arguments"));
            try (var session = backend.open(job, master)) {
                return run(job, session);
            }
        }

        /**
         * Runs the job showing its progress (scored in this process, or by {@code scoring}), and adds to its
         * refusals the flags that resolve them.
         */
        private static ProxyJob.Result run(ProxyJob job, ProxyJob.Scoring scoring) {
            try {
                return scoring == null ? job.run(JobProgress.standard()) : job.run(JobProgress.standard(), scoring);
            } catch (SettingsMismatchException e) {
                throw new IllegalStateException(SettingsMismatchException.describe(e.journal(), e.rows())
                        + e.differences().stream().map(d -> d + hint(d.key())).collect(Collectors.joining("; "))
                        + ". Rerun with the journal's settings to resume it, or add --restart to discard it and start "
                        + "over", e);
            } catch (KeyedJob.TargetExistsException e) {
                throw new IllegalStateException(e.target() + " exists already (a finished table; its settings are in "
                        + e.sidecar() + "). Add --restart to compute it again and replace it, or write to another "
                        + "file", e);
            } catch (FileFormatException e) {
                if (!e.file().equals(job.journal())) {
                    throw e;
                }
                throw new IllegalStateException(e.getMessage() + "; move the journal away or pass --restart to "
                        + "discard it", e);
            }
        }

        /** The flag that sets a recorded setting. */
        static String hint(String key) {
            return switch (key) {
                case "archs", "archs_sha256" -> " (the requested architectures differ: same --sample/--sample-seed "
                        + "or --indices as before)";
                case "batch_size" -> " (--batch-size)";
                case "augment" -> " (--no-augment)";
                case "iso" -> " (--iso)";
                case "device" -> " (--device)";
                case "threads" -> " (--threads)";
                case "trainfree" -> " (another trainfree build computed the rows)";
                default -> "";
            };
        }

        private static String quote(String arg) {
            return arg.matches("[\\w./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
        }
    }

    /** {@code trainfree proxies list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The proxies trainfree computes, with what each is and its NAS-Bench-Suite-Zero column.")
    static final class ListProxies implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var name = StringColumn.create("proxy");
            var published = StringColumn.create("suite_zero");
            var what = StringColumn.create("description");
            for (String n : Proxies.names()) {
                name.append(n);
                published.append(ProxyCorrelations.publishedMetric(n).map(Metric::id).orElse("-"));
                what.append(DESCRIPTIONS.getOrDefault(n, ""));
            }
            out.println(Table.create("proxies", name, published, what).printAll());
            out.println("suite_zero: the NAS-Bench-Suite-Zero column trainfree proxies correlate compares with");
            out.flush();
            return 0;
        }
    }

    /** One line per stock proxy; a proxy added without one is listed with an empty description. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("grad_norm", "sum over layers of the weight gradients' norms"),
            Map.entry("snip", "sum of |W * dL/dW| (connection sensitivity)"),
            Map.entry("grasp", "-sum of W * (H dL/dW) (gradient signal preservation)"),
            Map.entry("fisher", "channel Fisher information of the activations"),
            Map.entry("jacob_cov", "correlation of the input Jacobians (NASWOT v1); NaN for disconnected cells"),
            Map.entry("plain", "sum of W * dL/dW (signed)"),
            Map.entry("synflow", "synaptic flow on |W| with an all-ones input, data-free"),
            Map.entry("synflow_bn", "synflow with every batch norm kept"),
            Map.entry("l2_norm", "sum of the weights' norms over the layers the cell runs"),
            Map.entry("l2_norm_supernet", "l2_norm over all 188 layers of the reference's supernet"),
            Map.entry("params", "parameters of the official network (millions, closed form)"),
            Map.entry("flops", "FLOPs of the official network (millions, closed form)"),
            Map.entry("naswot", "log-determinant of the ReLU codes' Hamming kernel (NASWOT)"),
            Map.entry("zen", "Zen-score: expected Gaussian complexity"),
            Map.entry("epe_nas", "per-class correlation of input Jacobians (EPE-NAS)"),
            Map.entry("ntk", "condition number of the neural tangent kernel (TE-NAS)"),
            Map.entry("swap", "sample-wise activation patterns"),
            Map.entry("gradalign", "agreement of per-sample gradients"));

    /** {@code trainfree proxies show FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Summary of a proxy table: rows, NaN and infinite values per proxy, settings.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a CSV written by trainfree proxies compute")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path journal = ProxyJob.journalOf(file);
            if (Files.exists(journal)) {
                out.println(journalSummary(journal));
            }
            if (!Files.exists(file)) {
                if (Files.exists(journal)) {
                    out.flush();
                    return 0;
                }
                throw new IllegalArgumentException(file + " does not exist (nor its journal " + journal + ")");
            }
            ProxyTable t = ProxyTableCsv.read(file);
            int[] idx = t.indices();
            out.printf("%s: %,d rows%s, %d proxies%s%n", file, t.rowCount(), idx.length == 0 ? ""
                    : " (indices " + idx[0] + ".." + idx[idx.length - 1] + ")", t.proxies().size(),
                    t.hasComputedFrom() ? String.format(", %,d rows copied within isomorphism classes",
                            t.rows().stream().filter(ProxyTable.Row::copied).count()) : "");
            Optional<Map<String, Object>> sidecar = ProxyJob.readSidecar(file);
            sidecar.ifPresentOrElse(m -> {
                out.println("settings (" + ProxyJob.sidecarOf(file).getFileName() + "):");
                m.forEach((k, v) -> out.println("  " + k + ": " + (v instanceof List<?> l
                        ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : v)));
            }, () -> out.println("no sidecar " + ProxyJob.sidecarOf(file).getFileName() + ": settings unknown"));
            var proxy = StringColumn.create("proxy");
            var nan = IntColumn.create("nan");
            var inf = IntColumn.create("inf");
            var min = StringColumn.create("min");
            var median = StringColumn.create("median");
            var max = StringColumn.create("max");
            for (String p : t.proxies()) {
                double[] v = t.column(p);
                double[] finite = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
                proxy.append(p);
                nan.append((int) Arrays.stream(v).filter(Double::isNaN).count());
                inf.append((int) Arrays.stream(v).filter(Double::isInfinite).count());
                min.append(finite.length == 0 ? "-" : BenchCommand.format(finite[0]));
                median.append(finite.length == 0 ? "-" : BenchCommand.format(finite[finite.length / 2]));
                max.append(finite.length == 0 ? "-" : BenchCommand.format(finite[finite.length - 1]));
            }
            out.println(Table.create("values (min, median, max of the finite ones)", proxy, nan, inf, min, median,
                    max).printAll());
            out.flush();
            return 0;
        }

        private static String journalSummary(Path journal) {
            // a last line without its line break was cut by an interruption: the resumed run drops it
            Journal.Header h = Journal.header(journal, ProxyJob.JOURNAL_KIND);
            return String.format("unfinished run: %s has %,d of %s rows done; to resume, run again: %s", journal,
                    h.rows(), h.settings().getOrDefault("archs", "?"), h.settings().getOrDefault("command", ""));
        }
    }

    /** {@code trainfree proxies correlate FILE}. */
    @Command(name = "correlate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Spearman and Kendall of each proxy column with the benchmark's test accuracy, and "
                + "architecture by architecture with the values NAS-Bench-Suite-Zero publishes for the same proxy."})
    static final class Correlate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a CSV written by trainfree proxies compute")
        Path file;

        @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", converter = BenchCommand.DatasetConverter.class,
                description = "the dataset the values were computed on (default: from the sidecar)")
        Dataset dataset;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ProxyTable t;
            try {
                t = ComputedTables.load(file);
            } catch (FileFormatException e) {
                if (Files.exists(file) || Files.exists(KeyedJob.journalOf(file))) {
                    throw e;
                }
                throw new IllegalArgumentException(e.getMessage() + "; compute it with: trainfree proxies compute "
                        + "--out " + file + " (see trainfree proxies compute --help)", e);
            }
            Dataset d = dataset;
            if (d == null) {
                String id = ProxyJob.recordedSettings(file).map(m -> m.get("dataset")).orElseThrow(() ->
                        new CommandLine.ParameterException(spec.commandLine(), "no sidecar "
                                + ProxyJob.sidecarOf(file) + " to take the dataset from: give --dataset"));
                d = Dataset.parse(id);
            }
            var nb201 = Nb201.load();
            out.printf("%s: %,d rows%s, %s%n%n", file, t.rowCount(), Files.exists(file) ? ""
                    : " so far (an unfinished run's journal)", d.id());
            out.println(BenchCommand.rounded(ProxyCorrelations.spearman(t, nb201, d, Metric.TEST_ACCURACY), 4)
                    .printAll());
            out.println("test_accuracy: " + Metric.TEST_ACCURACY.description() + "; NaN pairs omitted");
            out.println();
            Table agreement = ProxyCorrelations.publishedAgreement(t, nb201, d);
            var none = new ArrayList<String>();
            for (String p : t.proxies()) {
                if (!agreement.stringColumn("proxy").contains(p)) {
                    none.add(p);
                }
            }
            if (agreement.rowCount() > 0) {
                out.println(BenchCommand.rounded(agreement, 4).printAll());
                out.println("per-architecture rank agreement with NAS-Bench-Suite-Zero's values (it covers the "
                        + "9,445 cells without a dead op; its -1e8 failure markers omitted)");
                out.println();
                out.println(BenchCommand.rounded(ProxyCorrelations.spearmanBesideSuiteZero(t, nb201, d,
                        Metric.TEST_ACCURACY), 4).printAll());
                out.println("Spearman with test_accuracy of our values and of Suite-Zero's over the cells both have: "
                        + "where they agree, a gap to a published rho is not in how the proxy is computed");
            }
            if (!none.isEmpty()) {
                out.println("not published by NAS-Bench-Suite-Zero for " + d.id() + " (or its file is missing): "
                        + String.join(", ", none));
            }
            out.flush();
            return 0;
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
