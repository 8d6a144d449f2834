package io.trainfree.search;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The RoBoT paper's NAS-Bench-201 experiment (He et al., ICLR 2024, Table 2) run here, each row beside the number it
 * should be compared with: the paper's for RoBoT and the training-free rows, and the official code's own RS and REA
 * (docs/robot.md §4: the paper's RS/REA rows are literature numbers with a 12,000 s budget, not this protocol).
 */
public final class RobotPaper {
    /** A number to compare with and where it comes from. */
    public record Reference(double mean, double std, String source) {
        static final Reference NONE = new Reference(Double.NaN, Double.NaN, "-");
    }

    private static final String TABLE2 = "paper, Table 2";
    private static final String CODE = "official code re-run (docs/robot.md §4)";
    private static final Map<String, Map<Dataset, Reference>> REFERENCES = Map.of(
            "RoBoT", Map.of(Dataset.CIFAR10, new Reference(94.36, 0, TABLE2),
                    Dataset.CIFAR100, new Reference(73.51, 0, TABLE2),
                    Dataset.IMAGENET16_120, new Reference(46.34, 0, TABLE2)),
            TrainingFree.AVERAGE, Map.of(Dataset.CIFAR10, new Reference(91.71, 2.37, TABLE2),
                    Dataset.CIFAR100, new Reference(66.48, 4.94, TABLE2),
                    Dataset.IMAGENET16_120, new Reference(35.46, 9.90, TABLE2)),
            TrainingFree.BEST, Map.of(Dataset.CIFAR10, new Reference(94.36, Double.NaN, TABLE2),
                    Dataset.CIFAR100, new Reference(73.51, Double.NaN, TABLE2),
                    Dataset.IMAGENET16_120, new Reference(46.34, Double.NaN, TABLE2)),
            "RS", Map.of(Dataset.CIFAR10, new Reference(93.0363, 0.5650, CODE),
                    Dataset.CIFAR100, new Reference(69.7173, 1.1378, CODE),
                    Dataset.IMAGENET16_120, new Reference(42.9833, 1.7179, CODE)),
            "REA", Map.of(Dataset.CIFAR10, new Reference(92.6338, 1.1155, CODE),
                    Dataset.CIFAR100, new Reference(68.9070, 1.7738, CODE),
                    Dataset.IMAGENET16_120, new Reference(41.9294, 3.1327, CODE)));

    /**
     * Table 3 of the paper: validation rank (lower is better), mean and std over 10 runs, by space, task (in
     * {@link Tnb101Task} order) and method.
     */
    private static final Map<String, double[][]> TABLE3 = Map.of(
            "micro RoBoT", new double[][] {{2, 0}, {1, 0}, {17, 34}, {17, 5}, {4, 1}, {8, 8}, {66, 70}},
            "micro RS", new double[][] {{40, 35}, {34, 32}, {42, 43}, {57, 67}, {41, 40}, {43, 41}, {49, 51}},
            "micro REA", new double[][] {{26, 22}, {23, 28}, {28, 23}, {24, 22}, {22, 28}, {22, 20}, {18, 16}},
            "macro RoBoT", new double[][] {{1, 0}, {6, 3}, {6, 6}, {3, 1}, {2, 2}, {2, 0}, {5, 1}},
            "macro RS", new double[][] {{35, 32}, {26, 24}, {29, 29}, {33, 39}, {33, 38}, {26, 23}, {31, 26}},
            "macro REA", new double[][] {{23, 24}, {22, 21}, {21, 20}, {21, 16}, {17, 20}, {23, 22}, {19, 17}});

    private RobotPaper() {
    }

    /**
     * The committed result of {@code trainfree robot --space tnb101-<space> --out data/robot/tnb101-<space>.csv}
     * (a long job: minutes per task), found by the data resolver.
     *
     * @throws IllegalStateException saying how to compute it when it is missing
     */
    public static Table committedTable3(String space) {
        String name = "robot/tnb101-" + space + ".csv";
        var file = DataResolver.standard().find(name).orElseThrow(() -> new IllegalStateException("no " + name
                + " under " + DataResolver.standard().roots() + "; compute it with: trainfree robot --space tnb101-"
                + space + " --out data/" + name));
        try {
            return Table.read().csv(file.toFile()).setName("RoBoT Table 3 on TransNAS-Bench-101 " + space
                    + " (" + file.getFileName() + ")");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The paper's Table 3 value for a space ({@code micro}/{@code macro}), task and method, if it has one. */
    public static Reference table3Reference(String space, Tnb101Task task, String method) {
        double[][] row = TABLE3.get(space + " " + method);
        return row == null ? Reference.NONE : new Reference(row[task.ordinal()][0], row[task.ordinal()][1],
                "paper, Table 3");
    }

    /**
     * Table 3 on one TransNAS-Bench-101 space: RoBoT with the proxies released for each task
     * ({@link ProxyMetrics#tnb101}), RS and the official REA, over the seeds, reporting the validation rank of the
     * pick (1 = best of the task), beside the paper's; {@code metrics} and {@code lacking} say what each task's
     * RoBoT used and which of the official six it had to do without.
     */
    public static Table table3(Tnb101 bench, List<Tnb101Task> tasks, int budget, long[] seeds) {
        return table3(bench, tasks, budget, seeds, new Robot.Options());
    }

    /**
     * {@link #table3(Tnb101, List, int, long[])} with RoBoT under other options; its rows carry the strategy's name
     * (e.g. {@code RoBoT ranks}) and are still set beside the paper's RoBoT.
     */
    public static Table table3(Tnb101 bench, List<Tnb101Task> tasks, int budget, long[] seeds, Robot.Options robot) {
        String space = bench.space().id();
        var task = StringColumn.create("task");
        var method = StringColumn.create("method");
        var mean = DoubleColumn.create("mean_rank");
        var std = DoubleColumn.create("std");
        var t0 = DoubleColumn.create("mean_T0");
        var reference = DoubleColumn.create("paper");
        var referenceStd = DoubleColumn.create("paper_std");
        var used = StringColumn.create("metrics");
        var lacking = StringColumn.create("lacking");
        for (Tnb101Task t : tasks) {
            SearchProblem problem = SearchProblem.tnb101(bench, t);
            ProxyMetrics metrics = ProxyMetrics.tnb101(bench, t);
            String lack = String.join(",", ProxyMetrics.tnb101Lacking(bench, t).stream().map(Metric::id).toList());
            var strategy = new Robot(metrics, robot);
            var runs = List.of(SearchSummary.run(strategy, problem, budget, seeds),
                    SearchSummary.run(new RandomSearch(), problem, budget, seeds),
                    SearchSummary.run(OfficialRea.tnb101(bench), problem, budget, seeds));
            for (int r = 0; r < runs.size(); r++) {
                String name = List.of("RoBoT", "RS", "REA").get(r);
                Reference ref = table3Reference(space, t, name);
                task.append(t.id());
                method.append(r == 0 ? strategy.name() : name);
                mean.append(runs.get(r).mean());
                std.append(runs.get(r).std());
                t0.append(runs.get(r).meanExplored());
                reference.append(ref.mean());
                referenceStd.append(ref.std());
                used.append(r == 0 ? String.join(",", metrics.names()) : "-");
                lacking.append(r == 0 ? lack : "-");
            }
        }
        return Table.create("RoBoT Table 3 on TransNAS-Bench-101 " + space + ", T=" + budget + ", " + seeds.length
                + " seeds (validation rank, lower is better)", task, method, mean, std, t0, reference, referenceStd,
                used, lacking);
    }

    /** The number a row of Table 2 is compared with (NaN and "-" where there is none). */
    public static Reference reference(String method, Dataset dataset) {
        return REFERENCES.getOrDefault(method, Map.of()).getOrDefault(dataset, Reference.NONE);
    }

    /**
     * Table 2 on the three datasets: RoBoT with the metrics given per dataset, the training-free rows (greedy top-T of
     * each single metric: Avg. over metrics, Best in hindsight), RS, the official REA and REINFORCE, each over the
     * seeds (the greedy rows are deterministic), with mean, population std, mean T0 and mean cost, and the reference.
     *
     * @param metrics RoBoT's metric values for a dataset (e.g. NAS-Bench-Suite-Zero's six)
     */
    public static Table table2(Nb201 nb201, Function<Dataset, ProxyMetrics> metrics, int budget, long[] seeds) {
        Objects.requireNonNull(metrics, "metrics");
        var dataset = StringColumn.create("dataset");
        var method = StringColumn.create("method");
        var mean = DoubleColumn.create("mean");
        var std = DoubleColumn.create("std");
        var t0 = DoubleColumn.create("mean_T0");
        var cost = DoubleColumn.create("mean_cost");
        var reference = DoubleColumn.create("reference");
        var referenceStd = DoubleColumn.create("reference_std");
        var source = StringColumn.create("reference_source");
        for (Dataset d : List.of(Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120)) {
            SearchProblem problem = SearchProblem.nb201(nb201, d);
            ProxyMetrics m = metrics.apply(d);
            TrainingFree greedy = TrainingFree.run(m, problem, budget);
            var rows = List.of(SearchSummary.run(new Robot(m), problem, budget, seeds), greedy.average(),
                    SearchSummary.of(problem, List.of(greedy.best())),
                    SearchSummary.run(new RandomSearch(), problem, budget, seeds),
                    SearchSummary.run(new OfficialRea(nb201.space()), problem, budget, seeds),
                    SearchSummary.run(new Reinforce(nb201.space()), problem, budget, seeds));
            List<String> names = List.of("RoBoT", TrainingFree.AVERAGE, TrainingFree.BEST, "RS", "REA", "REINFORCE");
            for (int r = 0; r < rows.size(); r++) {
                SearchSummary s = rows.get(r);
                Reference ref = reference(names.get(r), d);
                dataset.append(d.id());
                method.append(names.get(r) + (r == 2 ? " (" + greedy.best().strategy() + ")" : ""));
                mean.append(s.mean());
                std.append(r == 2 ? Double.NaN : s.std());
                t0.append(s.meanExplored());
                cost.append(s.meanCost());
                reference.append(ref.mean());
                referenceStd.append(ref.std());
                source.append(ref.source());
            }
        }
        return Table.create("RoBoT Table 2 on NAS-Bench-201, T=" + budget + ", " + seeds.length + " seeds", dataset,
                method, mean, std, t0, cost, reference, referenceStd, source);
    }
}
