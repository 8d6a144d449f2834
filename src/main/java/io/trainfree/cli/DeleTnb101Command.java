package io.trainfree.cli;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.eval.Tnb101DeleStudy;
import io.trainfree.notebook.JobProgress;
import io.trainfree.predict.Manner;
import io.trainfree.predict.TrainingListener;
import io.trainfree.space.Tnb101Space;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trainfree dele tnb101}: DELE on TransNAS-Bench-101 micro, each task with its released proxies as experts. */
@Command(name = "tnb101", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train DELE predictors and their vanilla baselines on TransNAS-Bench-101 micro, per task, with "
                + "the task's released proxies (zen, synflow, epe_nas, fisher where present) as experts; resumable "
                + "(docs/dele.md section 11).")
final class DeleTnb101Command implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", split = ",", paramLabel = "TASK",
            description = "tasks, comma-separated (default: all seven)")
    List<String> tasks;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "gates",
            description = "gates, lstm or mlp (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--manner", split = ",", paramLabel = "M", defaultValue = "vanilla,dele",
            description = "vanilla, dele or static, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> manners;

    @Option(names = "--ratios", split = ",", paramLabel = "R", defaultValue = "0.01,0.05,0.1",
            description = "fractions of the training half with ground truth (default: ${DEFAULT-VALUE})")
    List<Double> ratios;

    @Option(names = "--seeds", paramLabel = "A..B", defaultValue = "0..4", description = "seeds (default: 0..4)")
    String seeds;

    @Option(names = "--epochs", paramLabel = "P,E", defaultValue = "200,200",
            description = "step-1 and step-2 epochs (default: ${DEFAULT-VALUE})")
    String epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "512",
            description = "architectures per mini-batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0",
            description = "seed of the 50/50 split of the 4,096 cells (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "the table to write (default: data/dele/tnb101-micro-<encoder>.csv)")
    Path out;

    @Mixin
    StudyJobOptions job;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<Tnb101Task> chosenTasks = tasks == null ? List.of(Tnb101Task.values())
                : tasks.stream().map(Tnb101Task::parse).toList();
        List<Manner> chosen = new ArrayList<>();
        for (String m : manners) {
            try {
                chosen.add(Manner.valueOf(m.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "unknown manner '" + m + "'; known: vanilla, dele, "
                        + "static");
            }
        }
        String[] pe = epochs.split(",");
        if (pe.length != 2) {
            throw new ParameterException(spec.commandLine(), "--epochs takes two numbers, step 1 and step 2: "
                    + epochs);
        }
        var settings = new Tnb101DeleStudy.Settings(chosenTasks, encoder, chosen, ratios, DeleCommand.range(seeds),
                Integer.parseInt(pe[0].strip()), Integer.parseInt(pe[1].strip()), batchSize, splitSeed);
        Path target = out != null ? out : DeleCommand.deleData().resolve("tnb101-micro-" + encoder + ".csv");
        engine.applyThreads();
        var tnb = Tnb101.load(Tnb101Space.MICRO);
        w.printf("DELE on TransNAS-Bench-101 micro, %d runs -> %s%nexperts per task:%n", settings.runs(), target);
        for (Tnb101Task t : chosenTasks) {
            w.printf("  %-16s %s%n", t.id(), Tnb101DeleStudy.experts(tnb, t).stream().map(Metric::id)
                    .collect(Collectors.joining(", ")));
        }
        w.flush();
        var options = job.of(spec, 1);
        Tnb101DeleStudy.Result r = StudyJobs.run(() -> Tnb101DeleStudy.run(settings, tnb, target, options,
                JobProgress.standard(), key -> TrainingListener.NONE));
        w.printf("%d runs, %d trained in this session (%.0f s)%n", r.runs().size(), r.computed(), r.seconds());
        w.println(BenchCommand.rounded(Tnb101DeleStudy.summary(r.runs(), tnb, splitSeed), 4).printAll());
        w.flush();
        return 0;
    }
}
