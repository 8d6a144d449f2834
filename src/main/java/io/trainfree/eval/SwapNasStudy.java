package io.trainfree.eval;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.search.OfficialRea;
import io.trainfree.search.ProxyMetrics;
import io.trainfree.search.RandomSearch;
import io.trainfree.search.Robot;
import io.trainfree.search.Search;
import io.trainfree.search.SearchProblem;
import io.trainfree.search.SearchStrategy;
import io.trainfree.search.SwapNas;
import io.trainfree.search.SwapNasSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * SWAP-NAS on NAS-Bench-201 beside RS, REA and RoBoT at the same number of evaluated cells (issue 18; docs/swap.md
 * §4 and §9). SWAP-NAS scores a cell with regularised SWAP from a committed table (SWAP computed on CIFAR-10 images,
 * the closed-form parameter count of the task's network in thousands):
 * log &Psi; &minus; (&Theta; &minus; &mu;)<sup>2</sup> / &sigma; with &mu; = &sigma;, which ranks as &Psi;&prime;
 * does and never underflows; it trains nothing. RS and REA query the 12-epoch CIFAR-10 validation accuracy, RoBoT its
 * six proxies and that accuracy (RoBoT's Table 2 protocol).
 * Every method reports the found cell's 200-epoch test accuracy on the task.
 */
public final class SwapNasStudy {
    private SwapNasStudy() {
    }

    /**
     * One search.
     *
     * @param dataset   the task
     * @param method    {@code SWAP-NAS mu=400} or a baseline's name
     * @param seed      its seed
     * @param accuracy  the found cell's test accuracy (%)
     * @param paramsM   the found cell's parameters (millions)
     * @param evaluated distinct cells it evaluated (the budget)
     */
    public record Run(String dataset, String method, long seed, double accuracy, double paramsM, int evaluated) {
    }

    /** SWAP-NAS's objective on {@code task}: log-regularised SWAP with &mu; = &sigma; = {@code mu} (K parameters). */
    public static SearchProblem problem(Nb201 nb201, ProxyTable swapTable, Dataset task, double mu) {
        SearchProblem base = SearchProblem.nb201(nb201, task);
        double[] swap = swapTable.values("swap");
        double[] objective = new double[Nb201.SIZE];
        for (int i = 0; i < objective.length; i++) {
            double k = Nb201.params(nb201.space().arch(i), task) * 1e3;
            objective[i] = Math.log(swap[i]) - (k - mu) * (k - mu) / mu;
        }
        return new SearchProblem(base.name() + " (regularised SWAP, mu = sigma = " + trim(mu) + " K)", objective,
                new double[Nb201.SIZE], base.reported(), List.of());
    }

    /**
     * Every method on every task over the seeds: SWAP-NAS at each &mu; = &sigma; in {@code mus} (and with plain SWAP,
     * {@code mu} NaN), RS, REA and RoBoT (its six proxies from {@code robotProxies}), each evaluating {@code budget}
     * cells for each budget.
     */
    public static List<Run> run(Nb201 nb201, ProxyTable swapTable, ProxyTable robotProxies, List<Dataset> tasks,
            double[] mus, int[] budgets, long[] seeds) {
        List<Run> runs = new ArrayList<>();
        var swapNas = new SwapNasSearch(nb201.space(), SwapNas.Settings.standard());
        var robot = new Robot(ProxyMetrics.of(robotProxies, Nb201.SIZE, "grad_norm", "snip", "grasp", "fisher",
                "synflow", "jacob_cov"));
        for (Dataset task : tasks) {
            SearchProblem queried = SearchProblem.nb201(nb201, task);
            List<Object[]> methods = new ArrayList<>();
            for (double mu : mus) {
                methods.add(new Object[] {"SWAP-NAS mu=" + trim(mu), swapNas, problem(nb201, swapTable, task, mu)});
            }
            methods.add(new Object[] {"SWAP-NAS plain", swapNas, plain(swapTable, queried)});
            methods.add(new Object[] {"RS", new RandomSearch(), queried});
            methods.add(new Object[] {"REA", new OfficialRea(nb201.space()), queried});
            methods.add(new Object[] {"RoBoT", robot, queried});
            for (int budget : budgets) {
                for (Object[] m : methods) {
                    for (long seed : seeds) {
                        Search s = ((SearchStrategy) m[1]).run((SearchProblem) m[2], budget, seed);
                        runs.add(new Run(task.id(), (String) m[0], seed, s.reported(),
                                Nb201.params(nb201.space().arch(s.pick()), task), s.queried().length));
                    }
                }
            }
        }
        return runs;
    }

    private static String group(Run r) {
        return r.dataset() + "/" + r.evaluated() + "/" + r.method();
    }

    private static SearchProblem plain(ProxyTable swapTable, SearchProblem queried) {
        return new SearchProblem(queried.name() + " (plain SWAP)", swapTable.values("swap"), new double[Nb201.SIZE],
                queried.reported(), List.of());
    }

    /** Per task and method: mean and sample std over seeds of the found cell's test accuracy, and its mean size. */
    public static Table summary(List<Run> runs) {
        var task = StringColumn.create("dataset");
        var method = StringColumn.create("method");
        var n = IntColumn.create("runs");
        var acc = DoubleColumn.create("test_accuracy");
        var std = DoubleColumn.create("std");
        var params = DoubleColumn.create("params_m");
        var evaluated = IntColumn.create("evaluated");
        List<String> keys = runs.stream().map(SwapNasStudy::group).distinct().toList();
        for (String key : keys) {
            List<Run> group = runs.stream().filter(r -> group(r).equals(key)).toList();
            double[] a = group.stream().mapToDouble(Run::accuracy).toArray();
            task.append(group.get(0).dataset());
            method.append(group.get(0).method());
            n.append(group.size());
            acc.append(SampleStats.mean(a));
            std.append(SampleStats.std(a));
            params.append(group.stream().mapToDouble(Run::paramsM).average().orElse(Double.NaN));
            evaluated.append(group.stream().mapToInt(Run::evaluated).min().orElse(0));
        }
        return Printing.fixed(Table.create("NAS-Bench-201: test accuracy (%) of the cell found, mean and std over "
                + "seeds, and its parameters (M)", task, method, n, acc, std, params, evaluated), 3);
    }

    /**
     * Size control: for every SWAP-NAS run with a regulariser, its &mu; (K) and the found cell's parameters (K), per
     * dataset and budget.
     */
    public static Table sizes(List<Run> runs) {
        var task = StringColumn.create("dataset");
        var evaluated = IntColumn.create("evaluated");
        var mu = DoubleColumn.create("mu_k");
        var params = DoubleColumn.create("params_k");
        for (Run r : runs) {
            if (r.method().startsWith("SWAP-NAS mu=")) {
                task.append(r.dataset() + ", " + r.evaluated() + " cells");
                evaluated.append(r.evaluated());
                mu.append(Double.parseDouble(r.method().substring("SWAP-NAS mu=".length())));
                params.append(r.paramsM() * 1e3);
            }
        }
        return Printing.fixed(Table.create("SWAP-NAS size control: mu = sigma against the found cell's parameters",
                task, evaluated, mu, params), 1);
    }

    /**
     * The DARTS searches {@code trainfree swap darts} wrote ({@code swap/darts-swapnas.csv}): per &mu; = &sigma;, the
     * genotypes scored, seconds, and the best genotype's parameters, log regularised SWAP, SWAP and string.
     */
    public static Table dartsSearches() {
        java.nio.file.Path file = StudyTables.locate("swap/darts-swapnas.csv", "trainfree swap darts");
        try {
            return Printing.fixed(Table.read().csv(tech.tablesaw.io.csv.CsvReadOptions.builder(file.toFile())
                    .tableName("SWAP-NAS on DARTS, scored live").build()), 3);
        } catch (RuntimeException e) {
            throw new io.trainfree.job.FileFormatException(file, 0, e.getMessage(), e);
        }
    }

    /** One row per run. */
    public static Table table(List<Run> runs) {
        var task = StringColumn.create("dataset");
        var method = StringColumn.create("method");
        var seed = IntColumn.create("seed");
        var acc = DoubleColumn.create("test_accuracy");
        var params = DoubleColumn.create("params_m");
        for (Run r : runs) {
            task.append(r.dataset());
            method.append(r.method());
            seed.append((int) r.seed());
            acc.append(r.accuracy());
            params.append(r.paramsM());
        }
        return Printing.fixed(Table.create("SWAP-NAS study runs", task, method, seed, acc, params), 3);
    }

    /** The runs as CSV ({@code dataset,evaluated,method,seed,test_accuracy,params_m}), doubles exact. */
    public static String csv(List<Run> runs) {
        var b = new StringBuilder("dataset,evaluated,method,seed,test_accuracy,params_m\n");
        for (Run r : runs) {
            b.append(r.dataset()).append(',').append(r.evaluated()).append(',').append(r.method()).append(',')
                    .append(r.seed()).append(',').append(r.accuracy()).append(',').append(r.paramsM()).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads what {@link #csv} wrote, under the data roots ({@code swap/nb201-swapnas.csv}).
     *
     * @throws io.trainfree.job.FileFormatException naming the file and line of a bad line, or the roots searched
     */
    public static List<Run> load(String relative) {
        java.nio.file.Path file = StudyTables.locate(relative, "trainfree swap nas");
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                runs.add(new Run(f[0], f[2], Long.parseLong(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]), Integer.parseInt(f[1])));
            } catch (RuntimeException e) {
                throw new io.trainfree.job.FileFormatException(file, i + 1, "expected dataset,evaluated,method,seed,"
                        + "test_accuracy,params_m: " + e.getMessage(), e);
            }
        }
        return runs;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
