package io.trainfree.eval;

import io.trainfree.data.Dataset;
import java.util.Map;
import java.util.OptionalDouble;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Reference numbers from the papers and their official code, to set beside ours. Sources are the specs
 * (docs/proxies.md §9.1-§9.2) and measurements of the official implementations recorded with issue #4 (§9.4).
 */
public final class Published {
    /**
     * |Spearman rho| of each zero-cost proxy with 200-epoch test accuracy over all 15,625 NAS-Bench-201 cells, proxies
     * computed on the dataset itself: the official zero-cost-nas notebook (Abdelfattah et al., ICLR 2021;
     * docs/proxies.md §9.1), and #params/FLOPs recomputed with scipy on the published accuracies (docs/proxies.md
     * §9.2). The notebook's CIFAR-10 accuracy is that of the {@code cifar10-valid} models (trained on 25k images),
     * which no file here holds; their validation accuracy ({@code Metric.VAL_ACCURACY}) is the closest column, while
     * {@code Metric.TEST_ACCURACY} (and the #params/FLOPs figures) are of the train+valid models.
     */
    private static final Map<Dataset, Map<String, Double>> ZERO_COST_SPEARMAN = Map.of(
            Dataset.CIFAR10, Map.of("grad_norm", 0.594, "snip", 0.596, "grasp", 0.514, "fisher", 0.360,
                    "synflow", 0.737, "jacob_cov", 0.731, "params", 0.751, "flops", 0.751),
            Dataset.CIFAR100, Map.of("grad_norm", 0.637, "snip", 0.637, "grasp", 0.547, "fisher", 0.385,
                    "synflow", 0.763, "jacob_cov", 0.704, "params", 0.727, "flops", 0.727),
            Dataset.IMAGENET16_120, Map.of("grad_norm", 0.578, "snip", 0.578, "grasp", 0.549, "fisher", 0.327,
                    "synflow", 0.751, "jacob_cov", 0.701, "params", 0.690, "flops", 0.690));

    /**
     * Spearman rho, architecture by architecture, between the official zero-cost-nas implementation's CIFAR-10
     * values and NAS-Bench-Suite-Zero's, over 241 shared cells (measured for issue #4): how closely two runs of the
     * same code agree, given a fresh batch and initialisation per run. grasp is the noisiest.
     */
    private static final Map<String, Double> OFFICIAL_SUITE_ZERO_AGREEMENT = Map.of("grad_norm", 0.984, "snip", 0.985,
            "fisher", 0.982, "synflow", 1.000, "jacob_cov", 0.953, "grasp", 0.710);

    private Published() {
    }

    /** The published |Spearman rho| of a proxy with test accuracy on a dataset, if there is one. */
    public static OptionalDouble zeroCostSpearman(String proxy, Dataset dataset) {
        Double v = ZERO_COST_SPEARMAN.getOrDefault(dataset, Map.of()).get(proxy);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** How well the official implementation's values agree with NAS-Bench-Suite-Zero's for a proxy, if measured. */
    public static OptionalDouble officialSuiteZeroAgreement(String proxy) {
        Double v = OFFICIAL_SUITE_ZERO_AGREEMENT.get(proxy);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Our correlations beside the published ones: a table with columns {@code proxy} and {@code rho} (as
     * {@code ProxyCorrelations.spearman} gives) gains {@code abs_rho}, {@code published} (|rho|, NaN where none is
     * published), {@code difference} (ours minus published) and {@code within} (|difference| &lt;= tolerance).
     */
    public static Table besideSpearman(Table ours, Dataset dataset, double tolerance) {
        Table t = ours.copy().setName(ours.name() + ", beside the published |rho|");
        var abs = DoubleColumn.create("abs_rho");
        var published = DoubleColumn.create("published");
        var difference = DoubleColumn.create("difference");
        var within = BooleanColumn.create("within_" + tolerance);
        for (int r = 0; r < t.rowCount(); r++) {
            double a = Math.abs(t.doubleColumn("rho").get(r));
            double p = zeroCostSpearman(t.stringColumn("proxy").get(r), dataset).orElse(Double.NaN);
            abs.append(a);
            published.append(p);
            difference.append(a - p);
            appendWithin(within, a - p, tolerance);
        }
        return t.addColumns(abs, published, difference, within);
    }

    /**
     * Our agreement with NAS-Bench-Suite-Zero beside the official implementation's: a table with columns
     * {@code proxy} and {@code rho} (as {@code ProxyCorrelations.publishedAgreement} gives) gains {@code official} (NaN
     * where not measured), {@code target} (official minus margin) and {@code met} (rho &gt;= target).
     */
    public static Table besideOfficialAgreement(Table ours, double margin) {
        Table t = ours.copy().setName(ours.name() + ", beside the official implementation's");
        var official = DoubleColumn.create("official");
        var target = DoubleColumn.create("target");
        var met = BooleanColumn.create("met");
        for (int r = 0; r < t.rowCount(); r++) {
            double o = officialSuiteZeroAgreement(t.stringColumn("proxy").get(r)).orElse(Double.NaN);
            official.append(o);
            target.append(o - margin);
            if (Double.isNaN(o)) {
                met.appendMissing();
            } else {
                met.append(t.doubleColumn("rho").get(r) >= o - margin);
            }
        }
        return t.addColumns(official, target, met);
    }

    private static void appendWithin(BooleanColumn c, double difference, double tolerance) {
        if (Double.isNaN(difference)) {
            c.appendMissing();
        } else {
            c.append(Math.abs(difference) <= tolerance);
        }
    }
}
