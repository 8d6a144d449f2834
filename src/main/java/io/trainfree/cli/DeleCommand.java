package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.eval.DeleStudy;
import io.trainfree.notebook.JobProgress;
import io.trainfree.predict.LowFidelityTable;
import io.trainfree.predict.Manner;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingListener;
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

/** {@code trainfree dele}: DELE's NB201 experiment as a resumable job, printed beside the paper's table. */
@Command(name = "dele", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {DeleSearchCommand.class, DeleGateCommand.class, DeleTnb101Command.class},
        description = "Train DELE predictors (and their vanilla baselines) on NAS-Bench-201 over training ratios and "
                + "seeds, resumably, and print Kendall's tau beside the paper's (docs/dele.md).")
final class DeleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", split = ",", paramLabel = "NAME", defaultValue = "gates",
            description = "gates, lstm or mlp, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> encoders;

    @Option(names = "--manner", split = ",", paramLabel = "M", defaultValue = "vanilla,dele",
            description = "vanilla, dele, static or finetune:LF, comma-separated; finetune:LF pretrains one expert "
                    + "on the low-fidelity column LF (default: ${DEFAULT-VALUE})")
    List<String> manners;

    @Option(names = "--ratios", split = ",", paramLabel = "R", defaultValue = "0.01,0.05,0.1,0.5,1",
            description = "fractions of the training half with ground truth (default: ${DEFAULT-VALUE})")
    List<Double> ratios;

    @Option(names = "--seeds", paramLabel = "A..B", defaultValue = "0..4", description = "seeds (default: 0..4)")
    String seeds;

    @Option(names = "--experts", split = ",", paramLabel = "LF",
            description = "step 1's low-fidelity columns (default: grad_norm, snip, grasp, fisher, jacob_cov, plain, "
                    + "synflow, flops, params, naswot, latency)")
    List<String> experts;

    @Option(names = "--epochs", paramLabel = "P,E", defaultValue = "200,200",
            description = "step-1 and step-2 epochs (default: ${DEFAULT-VALUE})")
    String epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "512",
            description = "architectures per mini-batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = {"-d", "--dataset"}, defaultValue = "cifar10",
            description = "ground truth: the 200-epoch test accuracy on cifar10, cifar100 or ImageNet16-120")
    String dataset;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "the table to write (default: data/dele/nb201-<dataset>-<encoders>-<manners>.csv)")
    Path out;

    @Mixin
    StudyJobOptions job;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<Manner> chosen = new ArrayList<>();
        List<String> lf = experts != null ? experts : LowFidelityTable.DEFAULT;
        for (String m : manners) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            if (name.startsWith("finetune:")) {
                lf = List.of(m.strip().substring("finetune:".length()));
                chosen.add(Manner.FINETUNE);
            } else {
                try {
                    chosen.add(Manner.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "unknown manner '" + m
                            + "'; known: vanilla, dele, static, finetune:LF");
                }
            }
        }
        String[] pe = epochs.split(",");
        if (pe.length != 2) {
            throw new ParameterException(spec.commandLine(), "--epochs takes two numbers, step 1 and step 2: "
                    + epochs);
        }
        Dataset ds = Dataset.parse(dataset);
        var settings = new DeleStudy.Settings(ds, encoders, chosen, ratios, range(seeds), lf,
                Integer.parseInt(pe[0].strip()), Integer.parseInt(pe[1].strip()), batchSize, Split.load().sha256());
        Path target = out != null ? out : deleData().resolve("nb201-" + ds.id() + "-" + String.join("+", encoders)
                + "-" + chosen.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+"))
                + ".csv");
        engine.applyThreads();
        var nb201 = Nb201.load();
        var table = LowFidelityTable.load(nb201, lf); // the committed proxy tables are CIFAR-10's
        w.printf("DELE on NAS-Bench-201 (%s), %d runs -> %s%nstep 1's experts (K = %d), CIFAR-10 values:%n", ds.id(),
                settings.runs(), target, lf.size());
        w.println(BenchCommand.rounded(table.summary(), 4).printAll());
        w.flush();
        var options = job.of(spec, 1);
        DeleStudy.Result r = StudyJobs.run(() -> DeleStudy.run(settings, nb201, table.labels(allIndices()), target,
                options, JobProgress.standard(), key -> TrainingListener.NONE));
        w.printf("%d runs, %d trained in this session (%.0f s)%n", r.runs().size(), r.computed(), r.seconds());
        w.println(BenchCommand.rounded(DeleStudy.summary(r.runs()), 4).printAll());
        w.flush();
        return 0;
    }

    private static int[] allIndices() {
        int[] all = new int[Nb201.SIZE];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The project's {@code data/dele/}, where the DELE commands write by default. */
    static Path deleData() {
        return Main.projectData("dele");
    }

    /** {@code 0..4} or {@code 3} or {@code 0,2,5}. */
    static List<Long> range(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            int dots = p.indexOf("..");
            if (dots >= 0) {
                long a = Long.parseLong(p.substring(0, dots).strip());
                long b = Long.parseLong(p.substring(dots + 2).strip());
                for (long s = a; s <= b; s++) {
                    out.add(s);
                }
            } else {
                out.add(Long.parseLong(p));
            }
        }
        return out;
    }
}
