package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.eval.GradAlignStudy;
import io.trainfree.eval.LinearRegionStudy;
import io.trainfree.notebook.JobProgress;
import io.trainfree.proxy.ComputedTables;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainfree gradalign}: the GradAlign study (report) and its linear-region analysis (regions). */
@Command(name = "gradalign", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The GradAlign study (Li and Guo, arXiv 2411.19819; docs/gradalign.md) on 1,000 NAS-Bench-201 "
                + "cells: gradient-agreement placeholders beside GradSign and other proxies, and linear regions.",
        subcommands = {GradAlignCommand.Report.class, GradAlignCommand.Regions.class})
final class GradAlignCommand {
    /** The default table of the linear-region analysis. */
    static Path regionsTable() {
        return Main.projectData("gradalign", "nb201-linear-regions.csv");
    }

    /** {@code trainfree gradalign report}: the study's tables from the committed proxy tables. */
    @Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Print Kendall's tau of every proxy with the test accuracy of each dataset and top-k "
                    + "selection, from data/proxies/nb201-*-gradalign.csv and the full CIFAR-10 tables; and the "
                    + "linear-region summary if its table exists.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            var nb201 = Nb201.load();
            int[] cells = GradAlignStudy.cells();
            var values = GradAlignStudy.committedValues(cells);
            var truth = GradAlignStudy.testAccuracy(nb201, cells);
            w.println(BenchCommand.rounded(GradAlignStudy.kendallByDataset(values, truth), 3).printAll());
            w.println(BenchCommand.rounded(GradAlignStudy.topSelectionByDataset(values, truth, 1, 10), 2).printAll());
            w.println(BenchCommand.rounded(GradAlignStudy.seconds(), 4).printAll());
            Path regions = regionsTable();
            if (Files.isRegularFile(regions)) {
                var swap = ComputedTables.of("nb201-cifar10-swap").values("swap");
                w.println(BenchCommand.rounded(LinearRegionStudy.summary(LinearRegionStudy.read(regions),
                        LinearRegionStudy.references(nb201, swap)), 3).printAll());
            }
            w.flush();
            return 0;
        }
    }

    /** {@code trainfree gradalign regions}: the linear-region counts, a resumable job. */
    @Command(name = "regions", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Count linear regions at initialisation (TE-NAS's count) on the first cells of the "
                    + "GradAlign sample under a grid of patch sides, sample counts, datasets and seeds, then print "
                    + "the summary: saturation, Kendall's tau with each dataset's test accuracy, with SWAP, across "
                    + "seeds.")
    static final class Regions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cells", paramLabel = "N", defaultValue = "200",
                description = "the first N cells of the GradAlign sample (default: ${DEFAULT-VALUE})")
        int cells;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE",
                description = "default: data/gradalign/nb201-linear-regions.csv")
        Path out;

        @Mixin
        StudyJobOptions job;

        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            engine.applyThreads();
            var nb201 = Nb201.load();
            var settings = LinearRegionStudy.Settings.standard(cells);
            Path target = out != null ? out : regionsTable();
            var options = job.of(spec, 20);
            var r = StudyJobs.run(() -> LinearRegionStudy.run(settings, LinearRegionStudy.standardGrid(), nb201,
                    target, options, JobProgress.standard()));
            w.printf("%d counts, %d in this session (%.0f s)%n", r.runs().size(), r.computed(), r.seconds());
            var swap = ComputedTables.of("nb201-cifar10-swap").values("swap");
            w.println(BenchCommand.rounded(LinearRegionStudy.summary(r.runs(), LinearRegionStudy.references(nb201,
                    swap)), 3).printAll());
            w.flush();
            return 0;
        }
    }
}
