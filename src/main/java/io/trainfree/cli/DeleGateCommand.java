package io.trainfree.cli;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.eval.DeleStudy;
import io.trainfree.eval.GateWeights;
import io.trainfree.job.AtomicFiles;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code trainfree dele gate}: what a trained DELE gate weights, per expert and group of cells. */
@Command(name = "gate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Trains one DELE predictor (step 1 loaded from the DELE table's state, or trained) on a ratio "
            + "of the training half, then writes the gate's mean weight per expert over all 15,625 cells, per accuracy "
            + "band and per number of convolutions."})
final class DeleGateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "gates",
            description = "gates or lstm (default: ${DEFAULT-VALUE})")
    String encoder;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "0.01",
            description = "fraction of the training half with ground truth (default: ${DEFAULT-VALUE})")
    double ratio;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--step1", paramLabel = "FILE",
            description = "the step-1 state (default: data/dele/nb201-cifar10-<encoder>.csv.step1/"
                    + "<encoder>-dele-seed<seed>.step1, trained and saved there if absent)")
    Path step1;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "the table to write (default: "
                    + "data/dele/nb201-cifar10-<encoder>-gate-weights-<percent>pct.csv)")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Path dele = DeleCommand.deleData();
        Path stateFile = step1 != null ? step1
                : DeleStudy.step1File(dele.resolve("nb201-cifar10-" + encoder + ".csv"), encoder, Manner.DELE, seed);
        Path target = out != null ? out : dele.resolve(String.format(Locale.ROOT,
                "nb201-cifar10-%s-gate-weights-%spct.csv", encoder, DeleStudy.percent(ratio)));
        engine.applyThreads();
        var nb201 = Nb201.load();
        Pretrained state = DeleSearchCommand.loadOrTrainStep1(nb201, encoder, seed, stateFile, w);
        Split split = Split.load();
        double[] truth = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        int[] train = split.train(ratio);
        Table table;
        try (var p = NeuralPredictor.of(Encoders.of(encoder), Manner.DELE, new TrainingOptions(seed))) {
            p.fit(state, Arrays.stream(train).mapToObj(nb201.archs()::get).toList(),
                    Arrays.stream(train).mapToDouble(i -> truth[i]).toArray());
            table = GateWeights.summary(p.gateWeights(nb201.archs()), p.experts(), nb201.archs(), truth);
        }
        table.setName(GateWeights.title(encoder, ratio, seed));
        var csv = new StringWriter();
        table.write().csv(csv);
        AtomicFiles.write(target, csv.toString());
        w.println(BenchCommand.rounded(table, 3).printAll());
        w.printf("wrote %s%n", target);
        w.flush();
        return 0;
    }
}
