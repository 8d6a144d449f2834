package io.trainfree.cli;

import io.trainfree.model.Devices;
import io.trainfree.model.ProcessMemory;
import io.trainfree.predict.EncoderSpec;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.LowFidelity;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingEpoch;
import io.trainfree.predict.TrainingListener;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code trainfree bench dele}: seconds per epoch of DELE's two steps and of vanilla training, for each encoder, with
 * the process's RSS, and what the committed NB201 table costs at those speeds. The labels are synthetic (op counts
 * with noise): a batch forms 4n pairs whatever they are, so the time does not depend on them, and the bench needs no
 * data file. Run it on a quiet machine: another engine job on the same cores slows it several-fold.
 */
@Command(name = "dele", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Times DELE training on NAS-Bench-201's 7,813 training cells (batch 512): step 1 (K experts on "
            + "their low-fidelity labels), step 2 (experts and gate on ground truth) and vanilla, per encoder; the "
            + "RSS after the first, middle and last epoch; and the job time of the committed table "
            + "(2 manners x 5 ratios x 5 seeds, 200 + 200 epochs) projected from them. Target: 4 h for both "
            + "encoders on two cores."})
final class BenchDeleCommand implements Callable<Integer> {
    /** The committed table's ratios and their batches of 512: 78, 390, 781, 3906 and 7813 cells. */
    private static final double[] RATIOS = {0.01, 0.05, 0.1, 0.5, 1.0};
    private static final int BATCH = 512;
    private static final int TABLE_EPOCHS = 200;
    private static final int TABLE_SEEDS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", split = ",", paramLabel = "NAME", defaultValue = "gates,lstm",
            description = "encoders to time, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> encoders;

    @Option(names = "--experts", paramLabel = "K", defaultValue = "11",
            description = "low-fidelity experts (default: ${DEFAULT-VALUE}, the default expert set)")
    int experts;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4",
            description = "epochs per measurement; the first is reported apart as warm-up (default: ${DEFAULT-VALUE})")
    int epochs;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        if (epochs < 2) {
            throw new IllegalArgumentException("--epochs must be at least 2 (the first is warm-up), got " + epochs);
        }
        engine.applyThreads();
        PrintWriter out = spec.commandLine().getOut();
        List<Nb201Arch> all = Nb201Arch.all();
        List<Nb201Arch> train = Arrays.stream(Split.generate(Split.SEED).train()).mapToObj(all::get).toList();
        var rng = new Random(1);
        var names = new ArrayList<String>();
        var columns = new double[experts][train.size()];
        for (int k = 0; k < experts; k++) {
            names.add("lf" + k);
            Nb201Op op = Nb201Op.values()[k % Nb201Op.values().length];
            for (int i = 0; i < train.size(); i++) {
                columns[k][i] = train.get(i).count(op) + rng.nextGaussian();
            }
        }
        var lowFidelity = LowFidelity.ofColumns(names, columns);
        double[] truth = new double[train.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = train.get(i).count(Nb201Op.NOR_CONV_3X3) + rng.nextGaussian();
        }
        List<Nb201Arch> small = train.subList(0, (int) (train.size() * RATIOS[0]));
        double[] smallTruth = Arrays.copyOf(truth, small.size());
        out.printf(Locale.ROOT, "engine threads %d, K = %d, %d epochs per row, RSS at start %d MB%n",
                Devices.threads(), experts, epochs, rssMb());
        out.flush();

        var log = new EpochLog();
        var projection = new ArrayList<String>();
        double totalHours = 0;
        for (String name : encoders) {
            EncoderSpec encoder = Encoders.of(name);
            double step1;
            double step2;
            double vanilla;
            try (var p = NeuralPredictor.of(encoder, Manner.DELE, new TrainingOptions(0).withEpochs(epochs, epochs),
                    log)) {
                Pretrained state = p.pretrain(train, lowFidelity);
                step1 = log.row(encoder.name(), "step 1: " + experts + " experts", train.size());
                p.fit(state, train, truth);
                step2 = log.row(encoder.name(), "step 2: experts + gate", train.size());
                p.fit(state, small, smallTruth);
                log.row(encoder.name(), "step 2: experts + gate", small.size());
            }
            try (var p = NeuralPredictor.of(encoder, Manner.VANILLA, new TrainingOptions(0).withEpochs(0, epochs),
                    log)) {
                p.fit(train, truth);
                vanilla = log.row(encoder.name(), "vanilla: one predictor", train.size());
                p.fit(small, smallTruth);
                log.row(encoder.name(), "vanilla: one predictor", small.size());
            }
            // every full epoch is 16 batches; a ratio's epoch has ceil(n / 512) of them, costed here as full ones
            double fullBatches = Math.ceil(train.size() / (double) BATCH);
            double ratioBatches = 0;
            for (double r : RATIOS) {
                ratioBatches += Math.ceil((int) (train.size() * r) / (double) BATCH);
            }
            double seconds = TABLE_SEEDS * TABLE_EPOCHS * (step1 + (step2 + vanilla) * ratioBatches / fullBatches);
            totalHours += seconds / 3600;
            projection.add(String.format(Locale.ROOT, "%s %.1f h", encoder.name(), seconds / 3600));
        }
        out.println(BenchCommand.rounded(log.table, 3).printAll());
        out.printf(Locale.ROOT, "RSS at the end %d MB%n", rssMb());
        out.printf(Locale.ROOT, "the committed table (vanilla + DELE, ratios 1..100%%, 5 seeds, 200 + 200 epochs) at "
                + "these speeds: %s; %.1f h of one-thread job time, %.1f h on two cores with the runs spread evenly "
                + "over two 1-thread jobs (target 4 h)%n",
                String.join(", ", projection), totalHours, totalHours / 2);
        out.println("(a ratio's partial last batch is costed as a full one, so the projection is an upper bound)");
        out.flush();
        return 0;
    }

    /** Collects each epoch's seconds and RSS, and makes a row of the table from them. */
    private static final class EpochLog implements TrainingListener {
        final Table table = Table.create("DELE training speed", StringColumn.create("encoder"),
                StringColumn.create("what"), IntColumn.create("cells"), DoubleColumn.create("s_per_epoch"),
                DoubleColumn.create("first_epoch_s"), IntColumn.create("rss_first_mb"), IntColumn.create("rss_mid_mb"),
                IntColumn.create("rss_last_mb"));
        private final List<Double> seconds = new ArrayList<>();
        private final List<Integer> rss = new ArrayList<>();

        @Override
        public void epoch(TrainingEpoch epoch) {
            seconds.add(epoch.seconds());
            rss.add(rssMb());
        }

        /** Adds a row for the epochs since the last one; returns the mean seconds of the epochs after the first. */
        double row(String encoder, String what, int cells) {
            double mean = seconds.subList(1, seconds.size()).stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow();
            table.stringColumn("encoder").append(encoder);
            table.stringColumn("what").append(what);
            table.intColumn("cells").append(cells);
            table.doubleColumn("s_per_epoch").append(mean);
            table.doubleColumn("first_epoch_s").append(seconds.get(0));
            table.intColumn("rss_first_mb").append(rss.get(0));
            table.intColumn("rss_mid_mb").append(rss.get(rss.size() / 2));
            table.intColumn("rss_last_mb").append(rss.get(rss.size() - 1));
            seconds.clear();
            rss.clear();
            return mean;
        }
    }

    private static int rssMb() {
        return (int) (ProcessMemory.residentKb().orElse(0) / 1024);
    }
}
