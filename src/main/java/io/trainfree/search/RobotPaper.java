package io.trainfree.search;

import io.trainfree.bench.Nb201;
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
 * (robot.md 4: the paper's RS/REA rows are literature numbers with a 12,000 s budget, not this protocol).
 */
public final class RobotPaper {
    /** A number to compare with and where it comes from. */
    public record Reference(double mean, double std, String source) {
        static final Reference NONE = new Reference(Double.NaN, Double.NaN, "-");
    }

    private static final String TABLE2 = "paper, Table 2";
    private static final String CODE = "official code re-run (robot.md 4)";
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

    private RobotPaper() {
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
