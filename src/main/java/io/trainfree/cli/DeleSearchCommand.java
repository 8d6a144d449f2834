package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.eval.DeleStudy;
import io.trainfree.eval.GuidedSearchStudy;
import io.trainfree.notebook.JobProgress;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.LowFidelityTable;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.search.PredictorGuidedEvolution;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trainfree dele search}: predictor-guided search with DELE beside its baselines, as a resumable job. */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Predictor-guided evolution on NAS-Bench-201 CIFAR-10 (aw_nas's loop: 20 initial cells, "
            + "population 20, 5 parents, 50 children per round, 10 queried) with a DELE-GATES, a vanilla GATES and a "
            + "random-forest predictor, beside random search and REA, at the same number of queried cells; prints the "
            + "test accuracy of the cell found at 50 and 100 queries."})
final class DeleSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "DELE-GATES,GATES,RF,REA,RS",
            description = "methods, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "100",
            description = "queried cells per search (default: ${DEFAULT-VALUE}; the 50-query result is its prefix)")
    int budget;

    @Option(names = "--seeds", paramLabel = "A..B", defaultValue = "0..9", description = "seeds (default: 0..9)")
    String seeds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "training epochs of a neural predictor per round (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--step1", paramLabel = "FILE",
            description = "DELE-GATES's step-1 state (default: the DELE table's seed-0 state, "
                    + "data/dele/nb201-cifar10-gates.csv.step1/gates-dele-seed0.step1; trained and saved there "
                    + "if absent, about 20 min on one thread)")
    Path step1;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "the table to write (default: data/dele/nb201-cifar10-search.csv)")
    Path out;

    @Mixin
    StudyJobOptions job;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        for (String m : methods) { // before step 1, which may train for tens of minutes
            if (!GuidedSearchStudy.METHODS.contains(m)) {
                throw new ParameterException(spec.commandLine(), "unknown search method '" + m + "'; known: "
                        + String.join(", ", GuidedSearchStudy.METHODS));
            }
        }
        Path dele = DeleCommand.deleData();
        Path target = out != null ? out : dele.resolve("nb201-cifar10-search.csv");
        Path stateFile = step1 != null ? step1
                : DeleStudy.step1File(dele.resolve("nb201-cifar10-gates.csv"), "gates", Manner.DELE, 0);
        engine.applyThreads();
        var nb201 = Nb201.load();
        Pretrained state = methods.contains("DELE-GATES") ? loadOrTrainStep1(nb201, "gates", 0, stateFile, w) : null;
        var l = PredictorGuidedEvolution.Settings.awNas();
        var settings = new GuidedSearchStudy.Settings(methods, budget, DeleCommand.range(seeds), l.initial(),
                l.population(), l.parents(), l.innerSteps(), l.perRound(), epochs,
                state == null ? "none" : GuidedSearchStudy.describe(state));
        w.printf("%d methods x %d seeds, %d queries each -> %s%n", methods.size(), settings.seeds().size(), budget,
                target);
        w.flush();
        var options = job.of(spec, 1);
        GuidedSearchStudy.Result r = StudyJobs.run(() -> GuidedSearchStudy.run(settings, nb201, state, target, options,
                JobProgress.standard()));
        var problem = GuidedSearchStudy.problem(nb201);
        int[] budgets = budget > 50 ? new int[] {50, budget} : new int[] {budget};
        w.printf("%d searches, %d run in this session (%.0f s)%n", r.runs().size(), r.computed(), r.seconds());
        w.println(BenchCommand.rounded(GuidedSearchStudy.summary(r.runs(), problem, budgets), 3).printAll());
        w.flush();
        return 0;
    }

    /**
     * The saved step-1 state, or step 1 trained now and saved there (the split's training half, the default experts),
     * as the DELE table's job trains it for that encoder and seed.
     */
    static Pretrained loadOrTrainStep1(Nb201 nb201, String encoder, long seed, Path file, PrintWriter w) {
        if (Files.isRegularFile(file)) {
            return Pretrained.load(file); // before reading the labels that only training needs
        }
        w.printf("no step-1 state at %s: training DELE-%s step 1 (seed %d, %d cells, %d experts; tens of minutes)%n",
                file, encoder, seed, Split.TRAIN_SIZE, LowFidelityTable.DEFAULT.size());
        w.flush();
        int[] train = Split.load().train();
        var labels = LowFidelityTable.load(nb201, LowFidelityTable.DEFAULT).labels(train);
        try (var p = NeuralPredictor.of(Encoders.of(encoder), Manner.DELE, new TrainingOptions(seed))) {
            return DeleStudy.loadOrPretrain(p, file, Arrays.stream(train).mapToObj(nb201.archs()::get).toList(),
                    labels);
        }
    }
}
