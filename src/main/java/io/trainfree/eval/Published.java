package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import java.util.Map;
import java.util.OptionalDouble;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
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

    /**
     * The benchmark column closest to the accuracy a published |rho| ({@link #zeroCostSpearman}) was measured
     * against. On CIFAR-10 the official notebook's proxies are ranked against the 200-epoch test accuracy of the
     * {@code cifar10-valid} models (trained on the 25,000-image train half), which no file here holds: the closest is
     * those same models' validation accuracy, {@link Metric#VAL_ACCURACY} (the same trained networks, scored on the
     * other 25,000 training images instead of the 10,000 test images), while {@link Metric#TEST_ACCURACY} is another
     * training run (on train+valid) of the same cells. The #params and FLOPs
     * figures were recomputed against {@code TEST_ACCURACY}, and on CIFAR-100 and ImageNet16-120 every figure is
     * against the 200-epoch test accuracy: {@code TEST_ACCURACY} for those.
     */
    public static Metric closestMetric(String proxy, Dataset dataset) {
        boolean size = proxy.equals("params") || proxy.equals("flops");
        return dataset == Dataset.CIFAR10 && !size ? Metric.VAL_ACCURACY : Metric.TEST_ACCURACY;
    }

    /** What the accuracy behind a published |rho| is, in words (see {@link #closestMetric}). */
    public static String publishedAccuracy(String proxy, Dataset dataset) {
        boolean size = proxy.equals("params") || proxy.equals("flops");
        if (size) {
            return "test_accuracy (recomputed)";
        }
        return dataset == Dataset.CIFAR10 ? "cifar10-valid test" : "test_accuracy";
    }

    /**
     * The reproduction of the published |Spearman rho| ({@link #zeroCostSpearman}), each proxy's rho against the
     * column closest to its published figure's ({@link #closestMetric}). See
     * {@link #reproduction(ProxyTable, Nb201, Dataset, Metric, String, double)}.
     */
    public static Table reproduction(ProxyTable table, Nb201 nb201, Dataset dataset, String protocol,
            double tolerance) {
        return reproduction(table, nb201, dataset, null, protocol, tolerance);
    }

    /**
     * Our |Spearman rho| beside each published figure, one row per proxy of the table with a published figure for the
     * dataset: {@code proxy | paper | paper_accuracy | ours | ours_accuracy | ci_low | ci_high | difference | n | nan |
     * inf | verdict}. {@code ours} is |rho| against {@code metric} ({@link #closestMetric} per proxy when null), with
     * its 95 % Fisher-z interval (of |rho|), NaN cells left out and counted, infinities ranked
     * ({@link Correlation}'s policy); {@code difference} is ours minus paper. {@code verdict}: {@code consistent} when
     * the paper's figure lies inside our interval; else {@code within <tolerance>} when the difference is no larger
     * than the tolerance (which happens only when the interval is narrower than the tolerance); else
     * {@code differs}. The table's name is its caption: what is compared and the {@code protocol} (say seed, batch,
     * cells).
     */
    public static Table reproduction(ProxyTable table, Nb201 nb201, Dataset dataset, Metric metric, String protocol,
            double tolerance) {
        var proxy = StringColumn.create("proxy");
        var paper = DoubleColumn.create("paper");
        var paperAccuracy = StringColumn.create("paper_accuracy");
        var ours = DoubleColumn.create("ours");
        var oursAccuracy = StringColumn.create("ours_accuracy");
        var low = DoubleColumn.create("ci_low");
        var high = DoubleColumn.create("ci_high");
        var difference = DoubleColumn.create("difference");
        var n = IntColumn.create("n");
        var nan = IntColumn.create("nan");
        var inf = IntColumn.create("inf");
        var verdict = StringColumn.create("verdict");
        var byMetric = new java.util.HashMap<Metric, Table>();
        for (String p : table.proxies()) {
            OptionalDouble published = zeroCostSpearman(p, dataset);
            if (published.isEmpty()) {
                continue;
            }
            Metric m = metric != null ? metric : closestMetric(p, dataset);
            Table rho = byMetric.computeIfAbsent(m, k -> ProxyCorrelations.spearman(table, nb201, dataset, k));
            int r = rho.stringColumn("proxy").indexOf(p);
            double v = rho.doubleColumn("rho").get(r);
            double lo = rho.doubleColumn("ci_low").get(r);
            double hi = rho.doubleColumn("ci_high").get(r);
            double a = Math.abs(v);
            double aLo = v >= 0 ? lo : -hi;
            double aHi = v >= 0 ? hi : -lo;
            double pub = published.getAsDouble();
            proxy.append(p);
            paper.append(pub);
            paperAccuracy.append(publishedAccuracy(p, dataset));
            ours.append(a);
            oursAccuracy.append(m.id());
            low.append(aLo);
            high.append(aHi);
            difference.append(a - pub);
            n.append(rho.intColumn("n").get(r));
            nan.append(rho.intColumn("nan").get(r));
            inf.append(rho.intColumn("inf").get(r));
            verdict.append(verdict(pub, a, aLo, aHi, tolerance));
        }
        String against = metric != null ? metric.id() : "the column closest to the paper's";
        return Table.create(String.format("|Spearman rho| on %s, ours (against %s, 95%% Fisher-z CI) beside Abdelfattah"
                + " et al. 2021; %s", dataset.id(), against, protocol), proxy, paper, paperAccuracy, ours,
                oursAccuracy, low, high, difference, n, nan, inf, verdict);
    }

    /**
     * {@code consistent} when {@code paper} is in [low, high], else {@code within <tolerance>} when |ours - paper|
     * &lt;= tolerance, else {@code differs}; {@code no interval} when the interval is NaN.
     */
    static String verdict(double paper, double ours, double low, double high, double tolerance) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return "no interval";
        }
        if (paper >= low && paper <= high) {
            return "consistent";
        }
        return Math.abs(ours - paper) <= tolerance ? "within " + tolerance : "differs";
    }

    private static void appendWithin(BooleanColumn c, double difference, double tolerance) {
        if (Double.isNaN(difference)) {
            c.appendMissing();
        } else {
            c.append(Math.abs(difference) <= tolerance);
        }
    }
}
