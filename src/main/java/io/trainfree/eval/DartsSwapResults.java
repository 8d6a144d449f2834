package io.trainfree.eval;

import io.trainfree.bench.DartsCells;
import io.trainfree.data.DataResolver;
import io.trainfree.job.FileFormatException;
import io.trainfree.model.DartsProxyNet;
import io.trainfree.proxy.DartsSwapJob;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * SWAP on the SWAP paper's 1,000 DARTS cells as notebook 06 reads it: the committed table
 * ({@code proxies/darts-cifar10-swap.csv}) beside the cells' CIFAR-10 validation accuracy and the proxy network's
 * parameter counts.
 *
 * @param swap          mean &Psi; per cell, in the file's order
 * @param std           its standard deviation over the repeats
 * @param paramsK       the proxy network's parameters per cell, thousands
 * @param validAccuracy the released CIFAR-10 validation accuracy (%)
 */
public record DartsSwapResults(double[] swap, double[] std, double[] paramsK, double[] validAccuracy) {
    /** The follow-up README's Spearman of SWAP with the validation accuracy on these cells. */
    public static final double PAPER_SPEARMAN = 0.93;

    public DartsSwapResults {
        swap = swap.clone();
        std = std.clone();
        paramsK = paramsK.clone();
        validAccuracy = validAccuracy.clone();
    }

    /** The committed table and the cells, through the standard resolver. */
    public static DartsSwapResults load() {
        Path file = StudyTables.locate("proxies/darts-cifar10-swap.csv",
                "trainfree proxies compute --space darts --proxies swap");
        List<DartsSwapJob.Row> rows = DartsSwapJob.read(file);
        DartsCells cells = DartsCells.load(DataResolver.standard());
        if (rows.size() != cells.size()) {
            throw new FileFormatException(file, 0, rows.size() + " rows for " + cells.size() + " DARTS cells");
        }
        return new DartsSwapResults(rows.stream().mapToDouble(DartsSwapJob.Row::swap).toArray(),
                rows.stream().mapToDouble(DartsSwapJob.Row::std).toArray(),
                cells.genotypes().stream().mapToDouble(g -> DartsProxyNet.of(g).paramCount() / 1e3).toArray(),
                cells.validAccuracy());
    }

    /** Spearman and Kendall of SWAP and of the parameter count with the validation accuracy, beside the paper. */
    public Table correlation() {
        var what = StringColumn.create("score");
        var n = IntColumn.create("cells");
        var spearman = DoubleColumn.create("spearman");
        var kendall = DoubleColumn.create("kendall");
        var paper = DoubleColumn.create("paper");
        var diff = DoubleColumn.create("difference");
        for (String s : List.of("swap", "params")) {
            double[] v = s.equals("swap") ? swap : paramsK;
            Correlation c = Correlation.of(v, validAccuracy);
            what.append(s);
            n.append(c.n());
            spearman.append(c.spearman());
            kendall.append(c.kendall());
            double p = s.equals("swap") ? PAPER_SPEARMAN : Double.NaN;
            paper.append(p);
            diff.append(c.spearman() - p);
        }
        return Printing.fixed(Table.create("SWAP on the 1,000 DARTS cells against their CIFAR-10 validation accuracy "
                + "(32 repeats, 16 images)", what, n, spearman, kendall, paper, diff), 3);
    }

    /** The cells as a table: swap, its std, parameters (K) and validation accuracy, for charts. */
    public Table cells() {
        return Table.create("DARTS cells", DoubleColumn.create("swap", swap), DoubleColumn.create("swap_std", std),
                DoubleColumn.create("params_k", paramsK), DoubleColumn.create("valid_accuracy", validAccuracy));
    }

    /** Regularised SWAP's Spearman over a grid of &mu; (K) and &sigma;. */
    public SwapRegSweep sweep(double[] musK, double[] sigmas) {
        return SwapRegSweep.of(swap, paramsK, validAccuracy, musK, sigmas,
                "rho of log swap_reg with the DARTS cells' CIFAR-10 validation accuracy");
    }
}
