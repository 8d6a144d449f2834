package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.search.OfficialRea;
import io.trainfree.search.RandomSearch;
import io.trainfree.search.Robot;
import io.trainfree.search.SearchProblem;
import io.trainfree.search.SearchStrategy;
import io.trainfree.search.SearchSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code trainfree bench robot}: wall-clock seconds of the Table 2 protocol (10 seeds x T = 20) per method. */
@Command(name = "robot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Times RoBoT (NAS-Bench-Suite-Zero's six proxies), RS and REA on NAS-Bench-201 CIFAR-10 over "
            + "seeds 10..19 with T = 20: the whole protocol, repeated, after a warm-up run. Target: RoBoT under 10 s."})
final class BenchRobotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "timed repeats of the protocol per method (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var nb201 = Nb201.load();
        SearchProblem problem = SearchProblem.nb201(nb201, Dataset.CIFAR10);
        List<SearchStrategy> strategies = List.of(new Robot(RobotCommand.suiteZero(nb201, Dataset.CIFAR10,
                RobotCommand.ROBOT_METRICS)), new RandomSearch(),
                new OfficialRea(nb201.space()));
        long[] seeds = SearchSummary.seeds(10, 20);
        var method = StringColumn.create("method");
        var best = DoubleColumn.create("best_s");
        var mean = DoubleColumn.create("mean_s");
        var result = StringColumn.create("result");
        for (SearchStrategy s : strategies) {
            SearchSummary summary = SearchSummary.run(s, problem, 20, seeds); // warm-up
            double min = Double.POSITIVE_INFINITY;
            double sum = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                summary = SearchSummary.run(s, problem, 20, seeds);
                double sec = (System.nanoTime() - t0) / 1e9;
                min = Math.min(min, sec);
                sum += sec;
            }
            method.append(s.name());
            best.append(min);
            mean.append(sum / repeats);
            result.append(String.format(java.util.Locale.ROOT, "%.4f +- %.4f, T0 %.1f", summary.mean(),
                    summary.std(), summary.meanExplored()));
        }
        out.println(BenchCommand.rounded(Table.create("10 seeds x T = 20 on NAS-Bench-201 cifar10", method, best,
                mean, result), 3).printAll());
        out.printf("seconds for the whole protocol (10 runs) after one warm-up, %d repeats; %d cores%n", repeats,
                Runtime.getRuntime().availableProcessors());
        out.flush();
        return 0;
    }
}
