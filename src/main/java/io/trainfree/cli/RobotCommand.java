package io.trainfree.cli;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.data.Dataset;
import io.trainfree.eval.ProxyCorrelations;
import io.trainfree.eval.RobotDiagnosis;
import io.trainfree.job.AtomicFiles;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.search.OfficialRea;
import io.trainfree.search.ProxyMetrics;
import io.trainfree.search.RandomSearch;
import io.trainfree.search.Rea;
import io.trainfree.search.Reinforce;
import io.trainfree.search.Robot;
import io.trainfree.search.RobotPaper;
import io.trainfree.search.SearchProblem;
import io.trainfree.search.SearchStrategy;
import io.trainfree.search.SearchSummary;
import io.trainfree.space.Tnb101Space;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code trainfree robot}: RoBoT or a baseline over seeds on NAS-Bench-201, as the paper's Table 2 reports it. */
@Command(name = "robot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs RoBoT (or a baseline) over seeds on NAS-Bench-201 and prints the mean +- std of the "
            + "picked cell's 200-epoch test accuracy, the mean T0 (BO queries) and the mean cost in benchmark seconds, "
            + "then one row per seed. The objective is the 12-epoch CIFAR-10 validation accuracy for every dataset, "
            + "as in the official code; the proxies are those of --proxies."})
final class RobotCommand implements Callable<Integer> {
    /** RoBoT's default metrics, in the official list order (scores are summed in this order). */
    static final List<String> ROBOT_METRICS = List.of("grad_norm", "snip", "grasp", "fisher", "synflow", "jacob_cov");

    @Spec
    CommandSpec spec;

    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb201",
            description = "nb201 (default), or tnb101-micro / tnb101-macro for the paper's Table 3: RoBoT with the "
                + "proxies released per task, RS and REA, reporting the validation rank of the pick")
    String space;

    @Option(names = "--task", paramLabel = "TASKS", defaultValue = "all", split = ",",
            description = "TransNAS-Bench-101 tasks (default: all seven)")
    List<String> tasks;

    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", defaultValue = "cifar10",
            converter = BenchCommand.DatasetConverter.class,
            description = "whose test accuracy is reported: cifar10, cifar100 or ImageNet16-120 (default: cifar10)")
    Dataset dataset;

    @Option(names = {"-T", "--budget"}, paramLabel = "T",
            description = "distinct architectures queried (default: 20 on nb201, 100 on TransNAS-Bench-101)")
    Integer budgetOption;

    int budget;

    @Option(names = "--seeds", paramLabel = "SEEDS", defaultValue = "10..19",
            description = "seeds: a range FROM..TO (inclusive) or a comma-separated list (default: ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", defaultValue = "robot",
            description = "robot, rs, rea (the official code's), rea-regularized (population 10, tournament 3) or "
                + "reinforce (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--proxies", paramLabel = "SOURCE", defaultValue = "suite-zero",
            description = "RoBoT's metric values: suite-zero (NAS-Bench-Suite-Zero's published values; CIFAR-100 has "
                + "none, so CIFAR-10's are used), computed (trainfree's table for the dataset, data/proxies), or a "
                + "CSV file written by trainfree proxies compute (default: ${DEFAULT-VALUE})")
    String proxies;

    @Option(names = "--metrics", paramLabel = "NAMES", split = ",",
            description = "RoBoT's metrics, in summation order "
                + "(default: grad_norm,snip,grasp,fisher,synflow,jacob_cov)")
    List<String> metrics;

    @Option(names = "--normalisation", paramLabel = "N", defaultValue = "min-max",
            converter = NormalisationConverter.class,
            description = "how RoBoT scales each metric before weighting: min-max (the official code, default) or "
                + "ranks (min-max of the average ranks, beyond the paper: an outlier cannot flatten a metric; "
                + "docs/robot.md section 11)")
    Robot.Normalisation normalisation;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "also write the per-seed rows as CSV")
    Path out;

    @Option(names = "--curves", paramLabel = "FILE",
            description = "TransNAS-Bench-101: also write Figure 2's curves of every task as CSV (RoBoT over --seeds, "
                + "RS, REA and REINFORCE over --baseline-seeds, the greedy BEST and AVERAGE)")
    Path curves;

    @Option(names = "--baseline-seeds", paramLabel = "SEEDS", defaultValue = "10..59",
            description = "the baselines' seeds for --curves; the paper's Figure 2 has 50 runs (default: "
                + "${DEFAULT-VALUE})")
    String baselineSeeds;

    @Option(names = "--findings", paramLabel = "FILE",
            description = "TransNAS-Bench-101: also write, per task, why RoBoT's rank differs from the paper's "
                + "(metrics, their rho, NASLib failure markers, the best single-metric rank, T0, BO's best rank)")
    Path findings;

    @Option(names = "--objective", paramLabel = "[-]METRIC",
            description = "what a query returns, maximised: a NAS-Bench-201 metric of the dataset, '-' to minimise it "
                + "(e.g. val_accuracy, -edgegpu_latency; default: the official 12-epoch CIFAR-10 validation accuracy)")
    String objective;

    @Option(names = "--constraint", paramLabel = "METRIC<=BOUND",
            description = "hardware-aware search: search only the cells with this NAS-Bench-201 metric at most BOUND "
                + "(e.g. edgegpu_latency<=5, in the dataset's HW-NAS-Bench units; a latency table is free to look "
                + "up, so infeasible cells are never queried); methods robot and rs")
    String constraint;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        long[] seedList = parseSeeds(seeds);
        if (space.toLowerCase(Locale.ROOT).startsWith("tnb101-")) {
            return transNas(w, Tnb101Space.parse(space.substring("tnb101-".length())), seedList);
        }
        if (!space.equalsIgnoreCase("nb201")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --space " + space
                    + "; known: nb201, tnb101-micro, tnb101-macro");
        }
        budget = budgetOption == null ? 20 : budgetOption;
        var nb201 = Nb201.load();
        SearchProblem problem = SearchProblem.nb201(nb201, dataset);
        if (objective != null) {
            boolean minimise = objective.startsWith("-");
            Metric metric = Metric.of(minimise ? objective.substring(1) : objective);
            double[] values = nb201.values(dataset, metric);
            problem = problem.withObjective(objective, minimise
                    ? Arrays.stream(values).map(v -> -v).toArray() : values);
        }
        int[] feasible = constraint == null ? null : feasibleCells(nb201);
        if (feasible != null) {
            problem = problem.subset(constraint, feasible);
        }
        SearchStrategy strategy = strategy(nb201, feasible);
        long start = System.nanoTime();
        SearchSummary summary = SearchSummary.run(strategy, problem, budget, seedList);
        double seconds = (System.nanoTime() - start) / 1e9;
        String source = strategy instanceof Robot r ? r.metrics().source() + ": " + String.join(",",
                r.metrics().names()) : "-";
        Table head = Table.create(summary.strategy() + " on NAS-Bench-201 " + dataset.id(),
                StringColumn.create("method", summary.strategy()), StringColumn.create("dataset", dataset.id()),
                IntColumn.create("T", new int[] {budget}), IntColumn.create("seeds", new int[] {seedList.length}),
                DoubleColumn.create("mean", summary.mean()), DoubleColumn.create("std", summary.std()),
                DoubleColumn.create("mean_T0", summary.meanExplored()),
                DoubleColumn.create("mean_cost", summary.meanCost()), StringColumn.create("proxies", source));
        w.println(BenchCommand.rounded(head, 4).printAll());
        w.println("mean, std: test accuracy (%) of the pick (best 12-epoch CIFAR-10 validation accuracy among the "
                + "queried), population std; mean_T0: queries made by the exploration (all T for baselines); "
                + "mean_cost: benchmark seconds of the queried cells' 12-epoch training");
        w.println();
        Table rows = summary.table();
        w.println(BenchCommand.rounded(rows, 4).printAll());
        if (feasible != null) {
            SearchProblem p = problem;
            int oracle = IntStream.range(0, p.size()).boxed().max(Comparator.comparingDouble(p::reported))
                    .orElseThrow();
            w.printf(Locale.ROOT, "searched the %,d cells meeting %s; the best of them is %s (%.4f)%n", p.size(),
                    constraint, p.arch(oracle), p.reported(oracle));
        }
        w.printf(Locale.ROOT, "%d runs in %.2f s%n", seedList.length, seconds);
        if (out != null) {
            AtomicFiles.write(out, rows.write().toString("csv"));
            w.println("wrote " + out);
        }
        w.flush();
        return 0;
    }

    /** The indices of the cells meeting {@code --constraint METRIC<=BOUND}. */
    private int[] feasibleCells(Nb201 nb201) {
        int at = constraint.indexOf("<=");
        if (at <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--constraint " + constraint
                    + ": expected METRIC<=BOUND, e.g. edgegpu_latency<=5");
        }
        double[] values = nb201.values(dataset, Metric.of(constraint.substring(0, at).strip()));
        double bound = Double.parseDouble(constraint.substring(at + 2).strip());
        return IntStream.range(0, values.length).filter(i -> values[i] <= bound).toArray();
    }

    /** Table 3 on a TransNAS-Bench-101 space. */
    private int transNas(PrintWriter w, Tnb101Space tnbSpace, long[] seedList) {
        budget = budgetOption == null ? 100 : budgetOption;
        var bench = Tnb101.load(tnbSpace);
        List<Tnb101Task> chosen = tasks.size() == 1 && tasks.get(0).equalsIgnoreCase("all") ? bench.tasks()
                : tasks.stream().map(Tnb101Task::parse).toList();
        long start = System.nanoTime();
        long[] baselines = curves == null ? seedList : parseSeeds(baselineSeeds);
        var baselineSet = Arrays.stream(baselines).boxed().collect(Collectors.toSet());
        if (!Arrays.stream(seedList).allMatch(baselineSet::contains)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline-seeds " + baselineSeeds
                    + " must include every seed of --seeds " + seeds + ": Table 3's baseline rows use those runs");
        }
        var runs = new ArrayList<RobotPaper.Tnb101Runs>();
        for (Tnb101Task task : chosen) {
            runs.add(RobotPaper.tnb101Runs(bench, task, budget, seedList, baselines,
                    new Robot.Options().withNormalisation(normalisation)));
            w.printf(Locale.ROOT, "%s done (%d of %d), %.0f s%n", task.id(), runs.size(), chosen.size(),
                    (System.nanoTime() - start) / 1e9);
            w.flush();
        }
        Table t = RobotPaper.table3(tnbSpace.id(), runs, seedList);
        w.println(BenchCommand.rounded(t, 1).printAll());
        w.printf(Locale.ROOT, "mean_rank: validation rank of the pick among the task's %,d architectures (1 = best), "
                + "mean and population std over %d seeds; metrics: the released proxies RoBoT used; lacking: the "
                + "official six it had to do without; %.1f s%n", bench.archs().size(), seedList.length,
                (System.nanoTime() - start) / 1e9);
        if (out != null) {
            AtomicFiles.write(out, t.write().toString("csv"));
            w.println("wrote " + out);
        }
        if (findings != null) {
            Table f = RobotDiagnosis.table3Findings(tnbSpace.id(), runs);
            w.println(f.printAll());
            AtomicFiles.write(findings, f.write().toString("csv"));
            w.println("wrote " + findings);
        }
        if (curves != null) {
            Table all = RobotPaper.figure2(runs.get(0));
            for (RobotPaper.Tnb101Runs r : runs.subList(1, runs.size())) {
                all.append(RobotPaper.figure2(r));
            }
            AtomicFiles.write(curves, all.write().toString("csv"));
            w.println("wrote " + curves);
        }
        w.flush();
        return 0;
    }

    /** The strategy; with a constraint, over the feasible cells only (evolution and REINFORCE mutate NB201 cells). */
    private SearchStrategy strategy(Nb201 nb201, int[] feasible) {
        String m = method.toLowerCase(Locale.ROOT);
        if (feasible != null && !m.equals("robot") && !m.equals("rs")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--constraint works with --method robot or "
                    + "rs (the others move through the whole space)");
        }
        if (normalisation != Robot.Normalisation.MIN_MAX && !m.equals("robot")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--normalisation is RoBoT's; --method "
                    + method + " uses no metrics");
        }
        return switch (m) {
            case "robot" -> new Robot(feasible == null ? metricValues(nb201) : metricValues(nb201).subset(feasible),
                    new Robot.Options().withNormalisation(normalisation));
            case "rs" -> new RandomSearch();
            case "rea" -> new OfficialRea(nb201.space());
            case "rea-regularized", "rea-regularised" -> new Rea(nb201.space());
            case "reinforce" -> new Reinforce(nb201.space());
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown --method " + method
                    + "; known: robot, rs, rea, rea-regularized, reinforce");
        };
    }

    private ProxyMetrics metricValues(Nb201 nb201) {
        List<String> names = metrics == null ? ROBOT_METRICS : metrics;
        return switch (proxies.toLowerCase(Locale.ROOT)) {
            case "suite-zero" -> {
                try {
                    yield suiteZero(nb201, dataset, names);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            case "computed" -> ProxyMetrics.of(ComputedTables.of(dataset), Nb201.SIZE, names.toArray(String[]::new));
            default -> {
                Path file = Path.of(proxies);
                if (!Files.exists(file) && !Files.exists(Path.of(proxies + ".partial"))) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--proxies " + proxies
                            + ": no such file, and not suite-zero or computed");
                }
                yield ProxyMetrics.of(ComputedTables.load(file), Nb201.SIZE, names.toArray(String[]::new));
            }
        };
    }

    /**
     * NAS-Bench-Suite-Zero's values under our names (its jacov is our jacob_cov); it has none for CIFAR-100, whose
     * runs use CIFAR-10's (the objective is CIFAR-10's for every dataset anyway).
     *
     * @throws IllegalArgumentException naming a metric Suite-Zero does not publish
     */
    static ProxyMetrics suiteZero(Nb201 nb201, Dataset dataset, List<String> names) {
        Dataset from = dataset == Dataset.CIFAR100 ? Dataset.CIFAR10 : dataset;
        Metric[] published = names.stream().map(n -> ProxyCorrelations.publishedMetric(n).orElseThrow(() ->
                new IllegalArgumentException("NAS-Bench-Suite-Zero publishes no " + n + "; it has "
                        + Metric.ofKind(Metric.Kind.PROXY).stream().map(Metric::id).toList())))
                .toArray(Metric[]::new);
        return ProxyMetrics.published(nb201, from, published).renamed(names.toArray(String[]::new));
    }

    /** {@code --normalisation}: a {@link Robot.Normalisation} by its id. */
    static final class NormalisationConverter implements CommandLine.ITypeConverter<Robot.Normalisation> {
        @Override
        public Robot.Normalisation convert(String value) {
            try {
                return Robot.Normalisation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 10..19} (inclusive), {@code 10,12,15} or {@code 7}. */
    static long[] parseSeeds(String text) {
        String s = text.strip();
        try {
            int range = s.indexOf("..");
            if (range >= 0) {
                long from = Long.parseLong(s.substring(0, range).strip());
                long to = Long.parseLong(s.substring(range + 2).strip());
                if (to < from) {
                    throw new IllegalArgumentException("--seeds " + text + ": the range ends before it starts");
                }
                return SearchSummary.seeds(from, to + 1);
            }
            return Arrays.stream(s.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds " + text + ": expected FROM..TO or a comma-separated list of "
                    + "integers", e);
        }
    }
}
