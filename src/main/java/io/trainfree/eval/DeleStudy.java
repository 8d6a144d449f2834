package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.LowFidelity;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingListener;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.space.Nb201Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * DELE's NB201 experiment (docs/dele.md §8) as a resumable job: for every seed, encoder, manner and training ratio,
 * one predictor trained on the first {@code ratio} of the fixed split's training half ({@link Split}) and judged by
 * Kendall's tau-b, precision at the top and tau inside the top on the whole validation half ({@link RankMetrics}).
 *
 * <p>Each finished run is one row of the job's journal at once, so a killed job loses only the run in flight. Step 1
 * of a manner that has one is trained once per seed and encoder and shared by all ratios; its state is saved in a
 * folder beside the target ({@code <target>.step1/}), so a resumed job does not train it again either.
 *
 * {@snippet :
 * var settings = DeleStudy.Settings.paper(List.of("gates"), List.of(Manner.VANILLA, Manner.DELE), lf.names());
 * var result = DeleStudy.run(settings, nb201, lf, Path.of("data/dele/nb201-cifar10.csv"), options, listener);
 * }
 */
public final class DeleStudy {
    /** The job's kind, recorded in its journal. */
    public static final String KIND = "dele";

    private DeleStudy() {
    }

    /**
     * What the job computes; a resumed job must have the same.
     *
     * @param dataset        ground truth: the 200-epoch test accuracy on this dataset
     * @param encoders       encoder names ({@link Encoders#of})
     * @param manners        training manners
     * @param ratios         fractions of the training half, each in (0, 1]
     * @param seeds          seeds (initialisation, batch order, pairs)
     * @param experts        the low-fidelity columns of step 1, in order
     * @param pretrainEpochs step-1 epochs
     * @param epochs         step-2 epochs
     * @param batchSize      architectures per mini-batch
     * @param splitSha256    the split file's digest, so a job never mixes two splits
     */
    public record Settings(Dataset dataset, List<String> encoders, List<Manner> manners, List<Double> ratios,
            List<Long> seeds, List<String> experts, int pretrainEpochs, int epochs, int batchSize,
            String splitSha256) {
        public Settings {
            Objects.requireNonNull(dataset, "dataset");
            encoders = List.copyOf(encoders);
            manners = List.copyOf(manners);
            ratios = List.copyOf(ratios);
            seeds = List.copyOf(seeds);
            experts = List.copyOf(experts);
            encoders.forEach(Encoders::of); // names an unknown encoder
            for (double r : ratios) {
                if (!(r > 0 && r <= 1)) {
                    throw new IllegalArgumentException("a training ratio must be in (0, 1], got " + r);
                }
            }
            if (manners.contains(Manner.FINETUNE) && experts.size() != 1) {
                throw new IllegalArgumentException("FINETUNE pretrains on one low-fidelity type; give one, not "
                        + experts);
            }
            if (encoders.isEmpty() || manners.isEmpty() || ratios.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("a study needs at least one encoder, manner, ratio and seed");
            }
        }

        /** The paper's protocol (200 + 200 epochs, batch 512, ratios 1 to 100 %, seeds 0..4) on CIFAR-10. */
        public static Settings paper(List<String> encoders, List<Manner> manners, List<String> experts) {
            return new Settings(Dataset.CIFAR10, encoders, manners, List.of(0.01, 0.05, 0.1, 0.5, 1.0),
                    List.of(0L, 1L, 2L, 3L, 4L), experts, 200, 200, 512, Split.load().sha256());
        }

        /** How many predictors the study trains. */
        public int runs() {
            return encoders.size() * manners.size() * ratios.size() * seeds.size();
        }
    }

    /**
     * One trained predictor, judged on the validation half.
     *
     * @param encoder          encoder name
     * @param manner           training manner
     * @param ratio            fraction of the training half with ground truth
     * @param seed             seed
     * @param trainSize        cells with ground truth ({@link Split#train(double)})
     * @param kendall          Kendall's tau-b on the whole validation half
     * @param precision        precision at the top, per {@link RankMetrics#TOP_FRACTIONS}
     * @param topKendall       tau inside the true top, per {@link RankMetrics#TOP_FRACTIONS}
     * @param seconds          step 2 (or vanilla training) wall time
     * @param pretrainSeconds  step 1 wall time, counted on the first run that needed it (0 on the others)
     */
    public record Run(String encoder, Manner manner, double ratio, long seed, int trainSize, double kendall,
            double[] precision, double[] topKendall, double seconds, double pretrainSeconds) {
        public Run {
            precision = precision.clone();
            topKendall = topKendall.clone();
        }

        Key key() {
            return new Key(encoder, manner, ratio, seed);
        }

        @Override
        public double[] precision() {
            return precision.clone();
        }

        @Override
        public double[] topKendall() {
            return topKendall.clone();
        }
    }

    /** What identifies a run. */
    record Key(String encoder, Manner manner, double ratio, long seed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s at %s%% seed %d", encoder, manner.name().toLowerCase(Locale.ROOT),
                    percent(ratio), seed);
        }
    }

    /**
     * What the job did.
     *
     * @param runs        every run, in the settings' order
     * @param target      the table written
     * @param computed    runs trained in this session
     * @param seconds     wall time of this session
     */
    public record Result(List<Run> runs, Path target, int computed, double seconds) {
        public Result {
            runs = List.copyOf(runs);
        }
    }

    /**
     * Runs (or resumes) the study into {@code target}.
     *
     * @param labels    the low-fidelity labels of all 15,625 cells, benchmark index order, the settings' experts
     * @param training  hears every epoch of every run (the run's key first)
     */
    public static Result run(Settings settings, Nb201 nb201, LowFidelity labels, Path target,
            KeyedJob.Options options, JobListener listener, Function<String, TrainingListener> training) {
        Objects.requireNonNull(settings, "settings");
        if (!labels.names().equals(settings.experts())) {
            throw new IllegalArgumentException("low-fidelity labels " + labels.names() + " are not the settings' "
                    + settings.experts());
        }
        if (labels.size() != Nb201.SIZE) {
            throw new IllegalArgumentException("low-fidelity labels hold " + labels.size() + " rows, expected one per "
                    + "NAS-Bench-201 cell (" + Nb201.SIZE + ")");
        }
        Split split = Split.load();
        if (!split.sha256().equals(settings.splitSha256())) {
            throw new IllegalArgumentException("the split file's digest " + split.sha256() + " is not the settings' "
                    + settings.splitSha256());
        }
        double[] truth = nb201.values(settings.dataset(), Metric.TEST_ACCURACY);
        List<Nb201Arch> trainArchs = archs(nb201, split.train());
        List<Nb201Arch> validArchs = archs(nb201, split.valid());
        double[] trainTruth = pick(truth, split.train());
        double[] validTruth = pick(truth, split.valid());
        LowFidelity trainLabels = new LowFidelity(labels.names(), pickRows(labels.values(), split.train()));

        List<Key> computeOrder = new ArrayList<>();
        for (long seed : settings.seeds()) {
            for (String encoder : settings.encoders()) {
                for (Manner manner : settings.manners()) {
                    for (double ratio : settings.ratios()) {
                        computeOrder.add(new Key(encoder, manner, ratio, seed));
                    }
                }
            }
        }
        // one step 1 per seed, encoder and manner, shared by its ratios, which come one after the other: only the
        // current one is kept (a state is tens of MB)
        Map<String, Step1> step1s = new HashMap<>();
        var out = StudyJob.run(KIND, target, settings, codec(), options, listener, "DELE runs", computeOrder,
                readOrder(settings), key -> {
                    String group = key.encoder() + "/" + key.manner() + "/" + key.seed();
                    if (!step1s.containsKey(group)) {
                        step1s.clear();
                    }
                    var step1 = step1s.computeIfAbsent(group,
                            x -> new Step1(step1File(target, key.encoder(), key.manner(), key.seed()), trainArchs,
                                    trainLabels));
                    var trainingOptions = new TrainingOptions(key.seed()).withEpochs(settings.pretrainEpochs(),
                            settings.epochs()).withBatchSize(settings.batchSize());
                    return trainAndJudge(key, trainingOptions, training.apply(key.toString()), step1,
                            trainArchs.subList(0, Split.prefixSize(trainArchs.size(), key.ratio())), trainTruth,
                            validArchs, validTruth);
                });
        return new Result(out.rows(), target, out.computed(), out.seconds());
    }

    /**
     * Trains one run on {@code train} (a prefix of the training half, labelled by the first entries of
     * {@code trainTruth}) and judges it on the validation half. A manner with step 1 starts from {@code step1}'s state,
     * which the first run that needs it trains (or loads) and is charged for.
     */
    static Run trainAndJudge(Key key, TrainingOptions options, TrainingListener listener, Step1 step1,
            List<Nb201Arch> train, double[] trainTruth, List<Nb201Arch> validArchs, double[] validTruth) {
        int n = train.size();
        try (var p = NeuralPredictor.of(Encoders.of(key.encoder()), key.manner(), options, listener)) {
            long t0 = System.nanoTime();
            double pretrainSeconds = 0;
            if (key.manner().pretrains()) {
                if (step1.state == null) {
                    step1.state = loadOrPretrain(p, step1.file, step1.archs, step1.labels);
                    pretrainSeconds = step1.state.seconds();
                }
                p.fit(step1.state, train, Arrays.copyOf(trainTruth, n));
            } else {
                p.fit(train, Arrays.copyOf(trainTruth, n));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return judge(key, n, p.scores(validArchs), validTruth, seconds, pretrainSeconds);
        }
    }

    /** One seed and manner's step 1: where its state is saved, what it learns from, and the state once there. */
    static final class Step1 {
        private final Path file;
        private final List<Nb201Arch> archs;
        private final LowFidelity labels;
        private Pretrained state;

        Step1(Path file, List<Nb201Arch> archs, LowFidelity labels) {
            this.file = file;
            this.archs = archs;
            this.labels = labels;
        }
    }

    /**
     * Where a study writing {@code target} keeps the step-1 state of an encoder, manner and seed:
     * {@code <target>.step1/<encoder>-<manner>-seed<seed>.step1}.
     */
    public static Path step1File(Path target, String encoder, Manner manner, long seed) {
        return target.resolveSibling(target.getFileName() + ".step1").resolve(String.format(Locale.ROOT,
                "%s-%s-seed%d.step1", encoder, manner.name().toLowerCase(Locale.ROOT), seed));
    }

    /** The state saved in {@code file}, or step 1 of {@code p} trained now and saved there (folders made). */
    public static Pretrained loadOrPretrain(NeuralPredictor p, Path file, List<Nb201Arch> archs, LowFidelity labels) {
        if (Files.isRegularFile(file)) {
            return Pretrained.load(file);
        }
        Pretrained state = p.pretrain(archs, labels);
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        state.save(file);
        return state;
    }

    static Run judge(Key key, int n, double[] scores, double[] truth, double seconds, double pretrainSeconds) {
        int k = RankMetrics.TOP_FRACTIONS.size();
        double[] precision = new double[k];
        double[] topKendall = new double[k];
        for (int i = 0; i < k; i++) {
            RankMetrics.TopK top = RankMetrics.top(scores, truth, RankMetrics.TOP_FRACTIONS.get(i));
            precision[i] = top.precision();
            topKendall[i] = top.kendall();
        }
        return new Run(key.encoder(), key.manner(), key.ratio(), key.seed(), n, RankMetrics.kendallTau(scores, truth),
                precision, topKendall, seconds, pretrainSeconds);
    }

    private static List<Key> readOrder(Settings s) {
        List<Key> out = new ArrayList<>();
        for (String e : s.encoders()) {
            for (Manner m : s.manners()) {
                for (double r : s.ratios()) {
                    for (long seed : s.seeds()) {
                        out.add(new Key(e, m, r, seed));
                    }
                }
            }
        }
        return out;
    }

    private static List<Nb201Arch> archs(Nb201 nb201, int[] indices) {
        List<Nb201Arch> all = nb201.archs();
        List<Nb201Arch> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }

    static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    private static double[][] pickRows(double[][] values, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** A ratio as a percentage without a trailing ".0": 0.01 is "1", 0.005 is "0.5". */
    public static String percent(double ratio) {
        // decimal arithmetic: 0.07 * 100 is 7.000000000000001 in binary
        return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    // ---- the paper's table and ours ---------------------------------------------------------------------------------

    /** The paper's NB201 Kendall's tau, mean (std) over 5 runs (docs/dele.md §8), by encoder, manner and ratio. */
    private static final Map<String, double[][]> PAPER = Map.of(
            "gates/vanilla", new double[][] {{0.7332, 0.0110}, {0.8582, 0.0059}, {0.8865, 0.0045}, {0.9180, 0.0029},
                {0.9249, 0.0019}},
            "gates/dele", new double[][] {{0.8244, 0.0081}, {0.8948, 0.0021}, {0.9075, 0.0015}, {0.9216, 0.0019},
                {0.9250, 0.0020}},
            "lstm/vanilla", new double[][] {{0.5692, 0.0087}, {0.6410, 0.0018}, {0.7258, 0.0053}, {0.8765, 0.0010},
                {0.9000, 0.0008}},
            "lstm/dele", new double[][] {{0.7835, 0.0062}, {0.8538, 0.0029}, {0.8683, 0.0015}, {0.8992, 0.0010},
                {0.9084, 0.0010}});
    private static final List<Double> PAPER_RATIOS = List.of(0.01, 0.05, 0.1, 0.5, 1.0);

    /** The paper's mean and std of tau for this encoder, manner and ratio, if it reports one. */
    public static Optional<double[]> paper(String encoder, Manner manner, double ratio) {
        double[][] row = PAPER.get(encoder + "/" + manner.name().toLowerCase(Locale.ROOT));
        int i = PAPER_RATIOS.indexOf(ratio);
        return row == null || i < 0 ? Optional.empty() : Optional.of(row[i].clone());
    }

    /**
     * Tau per encoder, manner and ratio: runs, mean and sample std over seeds, beside the paper's mean and std and the
     * difference of the means.
     */
    public static Table summary(List<Run> runs) {
        var encoder = StringColumn.create("encoder");
        var manner = StringColumn.create("manner");
        var ratio = StringColumn.create("ratio");
        var count = IntColumn.create("runs");
        var mean = DoubleColumn.create("tau");
        var std = DoubleColumn.create("std");
        var paperMean = DoubleColumn.create("paper");
        var paperStd = DoubleColumn.create("paper_std");
        var diff = DoubleColumn.create("difference");
        var groups = new LinkedHashMap<Key, List<Double>>();
        for (Run r : runs) {
            groups.computeIfAbsent(new Key(r.encoder(), r.manner(), r.ratio(), 0), k -> new ArrayList<>())
                    .add(r.kendall());
        }
        groups.forEach((k, taus) -> {
            double m = taus.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = taus.stream().mapToDouble(t -> (t - m) * (t - m)).sum();
            encoder.append(k.encoder());
            manner.append(k.manner().name().toLowerCase(Locale.ROOT));
            ratio.append(percent(k.ratio()) + "%");
            count.append(taus.size());
            mean.append(m);
            std.append(taus.size() > 1 ? Math.sqrt(ss / (taus.size() - 1)) : Double.NaN);
            var p = paper(k.encoder(), k.manner(), k.ratio());
            paperMean.append(p.map(v -> v[0]).orElse(Double.NaN));
            paperStd.append(p.map(v -> v[1]).orElse(Double.NaN));
            diff.append(p.map(v -> m - v[0]).orElse(Double.NaN));
        });
        return Printing.fixed(Table.create("DELE on NAS-Bench-201: Kendall's tau-b on the validation half",
                encoder, manner, ratio, count, mean, std, paperMean, paperStd, diff), 4);
    }

    /**
     * The DELE issue's targets, each with our mean tau and whether it is met (NaN and "no runs" where the runs are not
     * there yet): vanilla GATES within 0.03 of the paper at every ratio; vanilla LSTM at 1 % within 0.03 of 0.563;
     * DELE-LSTM at 1 % at least 0.73; DELE-GATES at 1 % at least 0.79 and 0.05 above vanilla; DELE above vanilla at
     * 1, 5 and 10 % for both encoders.
     */
    public static Table targets(List<Run> runs) {
        var target = StringColumn.create("target");
        var ours = DoubleColumn.create("ours");
        var bound = StringColumn.create("bound");
        var met = StringColumn.create("met");
        var rows = new Object() {
            void add(String what, double value, String limit, boolean ok) {
                target.append(what);
                ours.append(value);
                bound.append(limit);
                met.append(Double.isNaN(value) ? "no runs" : ok ? "yes" : "no");
            }
        };
        for (double r : PAPER_RATIOS) {
            double v = mean(runs, "gates", Manner.VANILLA, r);
            double p = paper("gates", Manner.VANILLA, r).orElseThrow()[0];
            rows.add("vanilla GATES at " + percent(r) + "%", v, String.format(Locale.ROOT, "%.4f +- 0.03", p),
                    Math.abs(v - p) <= 0.03);
        }
        double lstm1 = mean(runs, "lstm", Manner.VANILLA, 0.01);
        rows.add("vanilla LSTM at 1%", lstm1, "0.563 +- 0.03", Math.abs(lstm1 - 0.563) <= 0.03);
        double deleLstm1 = mean(runs, "lstm", Manner.DELE, 0.01);
        rows.add("DELE-LSTM at 1%", deleLstm1, ">= 0.73", deleLstm1 >= 0.73);
        double deleGates1 = mean(runs, "gates", Manner.DELE, 0.01);
        rows.add("DELE-GATES at 1%", deleGates1, ">= 0.79", deleGates1 >= 0.79);
        double gain = deleGates1 - mean(runs, "gates", Manner.VANILLA, 0.01);
        rows.add("DELE-GATES minus vanilla at 1%", gain, ">= 0.05", gain >= 0.05);
        for (String e : List.of("gates", "lstm")) {
            for (double r : List.of(0.01, 0.05, 0.1)) {
                double d = mean(runs, e, Manner.DELE, r) - mean(runs, e, Manner.VANILLA, r);
                rows.add("DELE minus vanilla, " + e + " at " + percent(r) + "%", d, "> 0", d > 0);
            }
        }
        return Printing.fixed(Table.create("the issue's targets (mean tau over the seeds run)", target, ours, bound,
                met), 4);
    }

    /**
     * Mean seconds of a run per encoder, manner and ratio (step 2 or vanilla training), and beside it the mean seconds
     * of the encoder and manner's step 1 per seed, over the runs given: what the table costs, run by run. A seed's
     * step 1 counts once, however many runs carry its seconds (a resumed job charges a loaded state again).
     */
    public static Table seconds(List<Run> runs) {
        var encoder = StringColumn.create("encoder");
        var manner = StringColumn.create("manner");
        var ratio = StringColumn.create("ratio");
        var count = IntColumn.create("runs");
        var train = DoubleColumn.create("train_s");
        var step1 = DoubleColumn.create("step1_s_per_seed");
        var groups = new LinkedHashMap<Key, List<Run>>();
        var step1BySeed = new LinkedHashMap<String, Map<Long, Double>>(); // encoder/manner -> seed -> seconds
        for (Run r : runs) {
            groups.computeIfAbsent(new Key(r.encoder(), r.manner(), r.ratio(), 0), k -> new ArrayList<>()).add(r);
            if (r.pretrainSeconds() > 0) {
                step1BySeed.computeIfAbsent(r.encoder() + "/" + r.manner(), k -> new LinkedHashMap<>())
                        .merge(r.seed(), r.pretrainSeconds(), Math::max);
            }
        }
        groups.forEach((k, rs) -> {
            encoder.append(k.encoder());
            manner.append(k.manner().name().toLowerCase(Locale.ROOT));
            ratio.append(percent(k.ratio()) + "%");
            count.append(rs.size());
            train.append(rs.stream().mapToDouble(Run::seconds).average().orElse(Double.NaN));
            step1.append(step1BySeed.getOrDefault(k.encoder() + "/" + k.manner(), Map.of()).values().stream()
                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        });
        return Printing.fixed(Table.create("seconds per run (one engine thread)", encoder, manner, ratio, count, train,
                step1), 0);
    }

    /**
     * Tau at one ratio per named group of runs (one low-fidelity type's pretrain-then-finetune runs, say, beside
     * vanilla and DELE), best first: which types help and which hurt.
     */
    public static Table ranked(Map<String, List<Run>> groups, double ratio) {
        var name = StringColumn.create("predictor");
        var count = IntColumn.create("runs");
        var mean = DoubleColumn.create("tau");
        var std = DoubleColumn.create("std");
        groups.forEach((n, rs) -> {
            double[] t = rs.stream().filter(r -> r.ratio() == ratio).mapToDouble(Run::kendall).toArray();
            if (t.length == 0) {
                return;
            }
            double m = Arrays.stream(t).average().orElseThrow();
            name.append(n);
            count.append(t.length);
            mean.append(m);
            std.append(t.length > 1 ? Math.sqrt(Arrays.stream(t).map(x -> (x - m) * (x - m)).sum() / (t.length - 1))
                    : Double.NaN);
        });
        Table t = Table.create("Kendall's tau at " + percent(ratio) + "% of the training half", name, count, mean,
                std);
        return Printing.fixed(t.sortDescendingOn("tau"), 4);
    }

    private static double mean(List<Run> runs, String encoder, Manner manner, double ratio) {
        return runs.stream().filter(r -> r.encoder().equals(encoder) && r.manner() == manner && r.ratio() == ratio)
                .mapToDouble(Run::kendall).average().orElse(Double.NaN);
    }

    // ---- the table -------------------------------------------------------------------------------------------------

    static String header() {
        StringBuilder h = new StringBuilder("encoder,manner,ratio,seed,train_size,kendall");
        for (double f : RankMetrics.TOP_FRACTIONS) {
            h.append(",precision_top").append(percent(f)).append('%');
        }
        for (double f : RankMetrics.TOP_FRACTIONS) {
            h.append(",kendall_top").append(percent(f)).append('%');
        }
        return h.append(",seconds,pretrain_seconds").toString();
    }

    static String line(Run r) {
        StringBuilder s = new StringBuilder(String.join(",", r.encoder(), r.manner().name().toLowerCase(Locale.ROOT),
                Double.toString(r.ratio()), Long.toString(r.seed()), Integer.toString(r.trainSize()),
                Double.toString(r.kendall())));
        for (double v : r.precision) {
            s.append(',').append(v);
        }
        for (double v : r.topKendall) {
            s.append(',').append(v);
        }
        return s.append(',').append(r.seconds()).append(',').append(r.pretrainSeconds()).toString();
    }

    /** Reads the table (or a journal) back, naming the file and line of a bad row. */
    static Run parse(Path file, int line, String text) {
        String[] f = text.split(",", -1);
        int k = RankMetrics.TOP_FRACTIONS.size();
        if (f.length != 8 + 2 * k) {
            throw new FileFormatException(file, line, "has " + f.length + " fields, expected " + (8 + 2 * k));
        }
        try {
            double[] precision = new double[k];
            double[] top = new double[k];
            for (int i = 0; i < k; i++) {
                precision[i] = Double.parseDouble(f[6 + i]);
                top[i] = Double.parseDouble(f[6 + k + i]);
            }
            return new Run(f[0], Manner.valueOf(f[1].toUpperCase(Locale.ROOT)), Double.parseDouble(f[2]),
                    Long.parseLong(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[5]), precision, top,
                    Double.parseDouble(f[6 + 2 * k]), Double.parseDouble(f[7 + 2 * k]));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, line, "cannot be read as a DELE run: " + e.getMessage());
        }
    }

    /**
     * The runs of a table under the data roots ({@code dele/nb201-cifar10-gates.csv}), or, while its job runs, the
     * finished runs of its journal.
     */
    public static List<Run> load(String relative) {
        return StudyTables.load(relative, KIND, codec(), DeleStudy::read, "the DELE study writes it: trainfree dele"
                + " --help");
    }

    /**
     * The pretrain-then-finetune runs of each low-fidelity type that has some, by {@code finetune <type>}: the tables
     * {@code dele/finetune/nb201-cifar10-<encoder>-finetune-<type>.csv} (or their journals) that {@code trainfree dele
     * --manner finetune:<type> -o ...} writes, one per type.
     */
    public static Map<String, List<Run>> finetuneRuns(String encoder, List<String> types) {
        var out = new LinkedHashMap<String, List<Run>>();
        for (String type : types) {
            StudyTables.find("dele/finetune/nb201-cifar10-" + encoder + "-finetune-" + type + ".csv", KIND,
                    codec(), DeleStudy::read).ifPresent(runs -> out.put("finetune " + type, runs));
        }
        return out;
    }

    private static StudyCodec<Run> codec() {
        return new StudyCodec<>("DELE", header(), DeleStudy::line, DeleStudy::parse, Run::key);
    }

    /** Reads a finished table. */
    public static List<Run> read(Path file) {
        return codec().readTable(file);
    }
}
