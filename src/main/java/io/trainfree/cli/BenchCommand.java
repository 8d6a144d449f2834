package io.trainfree.cli;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** {@code trainfree bench ...}: look at the published benchmark tables. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Query the published NAS benchmarks.",
        subcommands = {BenchCommand.Nb201Command.class, BenchCommand.Tnb101Command.class, BenchProxiesCommand.class,
            BenchRobotCommand.class, BenchDeleCommand.class, BenchTrainCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code trainfree bench nb201 info|show}. */
    @Command(name = "nb201", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "NAS-Bench-201: 15,625 cells, accuracies, costs, hardware metrics, published proxies.")
    static final class Nb201Command implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Counts, accuracy ranges and the best architecture per dataset.")
        void info() {
            PrintWriter out = spec.commandLine().getOut();
            var nb201 = Nb201.load();
            List<Nb201Arch> archs = nb201.archs();
            var disconnected = new ArrayList<Integer>();
            for (int i = 0; i < archs.size(); i++) {
                if (!archs.get(i).isConnected()) {
                    disconnected.add(i);
                }
            }
            double[] c10 = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
            Set<Double> disconnectedAcc = disconnected.stream().map(i -> c10[i])
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            out.printf("NAS-Bench-201: %d architectures, %d disconnected (no path from input to output; CIFAR-10 "
                    + "test accuracy %s)%n", archs.size(), disconnected.size(), disconnectedAcc.size() == 1
                            ? "of all of them " + format(disconnectedAcc.iterator().next()) + "%"
                            : disconnectedAcc.stream().map(BenchCommand::format).collect(Collectors.joining(", ")));
            out.printf("index order from %s%n%n", DataResolver.standard().resolve(DataFile.NB201_HP12_INFO));
            out.println(rounded(nb201.summary(Metric.TEST_ACCURACY), 3).printAll());
            out.println();
            double[] val12 = nb201.values(Dataset.CIFAR10, Metric.VAL_ACCURACY_12);
            int best12 = 0;
            for (int i = 1; i < val12.length; i++) {
                best12 = val12[i] > val12[best12] ? i : best12;
            }
            var v12 = Arrays.stream(val12).summaryStatistics();
            out.printf("%n12-epoch CIFAR-10 validation accuracy (val_accuracy_12, %%; RoBoT's objective): min %.3f, "
                    + "max %.3f (index %d), mean %.3f%n", v12.getMin(), v12.getMax(), best12, v12.getAverage());
            var cost = Arrays.stream(nb201.values(Dataset.CIFAR10, Metric.TRAIN_COST_12)).summaryStatistics();
            out.printf("12-epoch CIFAR-10 training cost (train_cost_12, s): min %.1f, max %.1f, mean %.1f, "
                    + "total %.0f%n", cost.getMin(), cost.getMax(), cost.getAverage(), cost.getSum());
            out.println("more: trainfree bench nb201 show ARCH|INDEX (every metric of one architecture)");
            out.flush();
        }

        @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Every metric of one architecture on each dataset.")
        void show(@Parameters(paramLabel = "ARCH|INDEX",
                        description = "benchmark index (0..15624), arch string |op~0|+|op~0|op~1|+|...| "
                                + "or NASLib tuple \"(4, 3, 3, 0, 0, 0)\"") String arch,
                @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", converter = DatasetConverter.class,
                        description = "only this dataset: cifar10, cifar100, ImageNet16-120") Dataset only) {
            PrintWriter out = spec.commandLine().getOut();
            var nb201 = Nb201.load();
            int index = nb201.space().lookup(arch);
            Nb201Arch a = nb201.space().arch(index);
            out.printf("NAS-Bench-201 index %d: %s%nNASLib tuple %s, %s%n%n", index, a, a.naslibString(),
                    a.isConnected() ? "connected" : "disconnected (no path from input to output)");
            List<Dataset> datasets = only == null ? List.of(Dataset.values()) : List.of(only);
            var metricColumn = StringColumn.create("metric");
            var columns = new ArrayList<StringColumn>();
            for (Dataset d : datasets) {
                columns.add(StringColumn.create(d.id()));
            }
            var missing = new LinkedHashSet<String>();
            for (Metric m : Metric.values()) {
                boolean any = false;
                var cells = new ArrayList<String>();
                for (Dataset d : datasets) {
                    if (!nb201.metrics(d).contains(m)) {
                        cells.add("-");
                    } else if (!nb201.available(d).contains(m)) {
                        cells.add("?");
                        missing.add(nb201.file(m, d).map(DataFile::path).orElseThrow());
                    } else {
                        cells.add(format(nb201.query(index, d, m)));
                        any = true;
                    }
                }
                if (any) {
                    metricColumn.append(m.id());
                    for (int k = 0; k < cells.size(); k++) {
                        columns.get(k).append(cells.get(k));
                    }
                }
            }
            var table = Table.create("index " + index, metricColumn);
            columns.forEach(table::addColumns);
            out.println(table.printAll());
            out.println("- not published for the dataset; NaN: the file has no value for this architecture");
            if (!missing.isEmpty()) {
                out.println("not shown, data file missing: " + String.join(", ", missing)
                        + " (trainfree data shows where to get it)");
            }
            out.flush();
        }
    }

    /** {@code trainfree bench tnb101 info|show}. */
    @Command(name = "tnb101", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "TransNAS-Bench-101 (micro: 4,096 cells, macro: 3,256 skeletons; 7 tasks).")
    static final class Tnb101Command implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Counts, validation score ranges, best architecture and released proxies per task.")
        void info(@Option(names = {"-s", "--space"}, paramLabel = "SPACE", converter = SpaceConverter.class,
                description = "micro or macro (default: both)") Tnb101Space only) {
            PrintWriter out = spec.commandLine().getOut();
            List<Tnb101Space> spaces = only == null ? List.of(Tnb101Space.values()) : List.of(only);
            for (Tnb101Space space : spaces) {
                var bench = Tnb101.load(space);
                long disconnected = bench.archs().stream().filter(a -> !a.isConnected()).count();
                out.printf("%s: %d architectures, %d tasks%s%n", bench.name(), bench.archs().size(),
                        bench.tasks().size(), space == Tnb101Space.MICRO
                                ? ", " + disconnected + " disconnected cells (no path from input to output)" : "");
                Table summary = rounded(bench.summary(Metric.VAL_ACCURACY), 4);
                var released = StringColumn.create("proxies");
                for (Tnb101Task t : bench.tasks()) {
                    var proxies = EnumSet.copyOf(bench.metrics(t));
                    proxies.remove(Metric.VAL_ACCURACY);
                    released.append(proxies.stream().map(Metric::id).collect(Collectors.joining(" ")));
                }
                out.println(summary.addColumns(released).printAll());
                out.println();
            }
            out.println("val_accuracy is each task's own score (higher is better); proxies: released for the task");
            out.flush();
        }

        @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Every metric of one architecture on each task.")
        void show(@Parameters(paramLabel = "IDX|ARCH",
                        description = "idx, net code (64-41414-1_02_333, 64-1234-basic) or NASLib tuple "
                                + "\"(1, 0, 2, 3, 3, 3)\"") String arch,
                @Option(names = {"-s", "--space"}, paramLabel = "SPACE", converter = SpaceConverter.class,
                        description = "micro or macro (default: from the net code, else micro)") Tnb101Space given) {
            PrintWriter out = spec.commandLine().getOut();
            Tnb101Space space = given;
            if (space == null) {
                String s = arch.strip();
                space = s.startsWith("64-") ? Tnb101Arch.parse(s).space() : Tnb101Space.MICRO;
            }
            var bench = Tnb101.load(space);
            int idx;
            try {
                idx = bench.lookup(arch);
            } catch (IllegalArgumentException e) {
                throw given == null && space == Tnb101Space.MICRO
                        ? new IllegalArgumentException(e.getMessage() + " (for the macro space add --space macro)", e)
                        : e;
            }
            Tnb101Arch a = bench.arch(idx);
            out.printf("%s idx %d: %s%nNASLib tuple %s%s%n%n", bench.name(), idx, a, a.naslibString(),
                    space == Tnb101Space.MICRO ? (a.isConnected() ? ", connected" : ", disconnected") : "");
            var metrics = EnumSet.noneOf(Metric.class);
            bench.tasks().forEach(t -> metrics.addAll(bench.metrics(t)));
            var task = StringColumn.create("task");
            var table = Table.create(bench.name() + " idx " + idx, task);
            for (Metric m : metrics) {
                table.addColumns(StringColumn.create(m.id()));
            }
            for (Tnb101Task t : bench.tasks()) {
                task.append(t.id());
                for (Metric m : metrics) {
                    table.stringColumn(m.id()).append(bench.metrics(t).contains(m)
                            ? format(bench.query(idx, t, m)) : "-");
                }
            }
            out.println(table.printAll());
            out.println("- not released for the task");
            out.flush();
        }
    }

    /** Rounds the double columns of a table for printing. */
    static Table rounded(Table table, int digits) {
        for (var c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(
                        new DecimalFormat("0." + "0".repeat(digits), DecimalFormatSymbols.getInstance(Locale.ROOT))));
            }
        }
        return table;
    }

    /** Seven significant digits, no exponent for ordinary magnitudes, NaN as NaN. */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        var bd = new BigDecimal(v).round(new MathContext(7)).stripTrailingZeros();
        return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e12 || v == 0 ? bd.toPlainString() : bd.toString();
    }

    static final class DatasetConverter implements CommandLine.ITypeConverter<Dataset> {
        @Override
        public Dataset convert(String value) {
            return Dataset.parse(value);
        }
    }

    static final class SpaceConverter implements CommandLine.ITypeConverter<Tnb101Space> {
        @Override
        public Tnb101Space convert(String value) {
            return Tnb101Space.parse(value);
        }
    }
}
