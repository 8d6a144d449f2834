package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.math.NumpyRandom;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.LowFidelity;
import io.trainfree.predict.Manner;
import io.trainfree.predict.Split;
import io.trainfree.predict.TrainingListener;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * DELE on TransNAS-Bench-101 micro, a second space beyond the paper (docs/dele.md §11), as a resumable job with
 * {@link DeleStudy}'s protocol: per task, one seeded 50/50 split of the 4,096 cells, predictors trained on prefixes of
 * its training half and judged by Kendall's tau-b on the whole validation half against the task's validation score.
 *
 * <p><b>The split.</b> {@code numpy.random.RandomState(seed).permutation(4096)}, the first 2,048 for training: the
 * same cells in every task (the space is shared), so "the first 1 %" is the same 20 cells everywhere. It is made from
 * its seed, not a file, and anyone can repeat it in one line of Python.
 *
 * <p><b>The experts</b> are the proxies NAS-Bench-Suite-Zero released for the task (zen, synflow, epe_nas, fisher;
 * {@link #experts}): four on class_object and jigsaw, three on class_scene and room_layout, zen alone on
 * segmentsemantic, normal and autoencoder, where DELE is a pretrain-then-finetune on zen with a gate over one expert.
 * A cell is the NB201-shaped DAG of its four operations ({@link Tnb101Arch#asNb201Cell()}), so every NB201 encoder
 * reads it; avg_pool, which the micro space lacks, never occurs.
 *
 * {@snippet :
 * var tnb = Tnb101.load(Tnb101Space.MICRO);
 * var result = Tnb101DeleStudy.run(Tnb101DeleStudy.Settings.standard(), tnb, target, options, listener,
 *         key -> TrainingListener.NONE);
 * Table t = Tnb101DeleStudy.summary(result.runs(), tnb, 0);
 * }
 */
public final class Tnb101DeleStudy {
    /** The job's kind, recorded in its journal. */
    public static final String KIND = "dele-tnb101";
    /** Cells in the training half: half of 4,096. */
    public static final int TRAIN_SIZE = 2_048;
    /** The released proxies that may serve as experts, in this order. */
    public static final List<Metric> PROXIES = List.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS, Metric.FISHER);

    private Tnb101DeleStudy() {
    }

    /**
     * What the job computes; a resumed job must have the same.
     *
     * @param tasks          the tasks, each with its own ground truth and experts
     * @param encoder        encoder name ({@link Encoders#of})
     * @param manners        {@link Manner#VANILLA}, {@link Manner#DELE} or {@link Manner#STATIC}
     * @param ratios         fractions of the training half, each in (0, 1]
     * @param seeds          seeds (initialisation, batch order, pairs)
     * @param pretrainEpochs step-1 epochs
     * @param epochs         step-2 epochs
     * @param batchSize      architectures per mini-batch
     * @param splitSeed      the seed of the 50/50 split
     */
    public record Settings(List<Tnb101Task> tasks, String encoder, List<Manner> manners, List<Double> ratios,
            List<Long> seeds, int pretrainEpochs, int epochs, int batchSize, long splitSeed) {
        public Settings {
            tasks = List.copyOf(tasks);
            Encoders.of(encoder); // names an unknown encoder
            manners = List.copyOf(manners);
            ratios = List.copyOf(ratios);
            seeds = List.copyOf(seeds);
            if (tasks.isEmpty() || manners.isEmpty() || ratios.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("a study needs at least one task, manner, ratio and seed");
            }
            if (manners.contains(Manner.FINETUNE)) {
                throw new IllegalArgumentException("FINETUNE needs one low-fidelity type for every task; the tasks' "
                        + "released proxies differ, so run DELE (with zen alone it is a finetune on zen)");
            }
            for (double r : ratios) {
                if (!(r > 0 && r <= 1)) {
                    throw new IllegalArgumentException("a training ratio must be in (0, 1], got " + r);
                }
            }
        }

        /**
         * The committed study: every task, GATES, vanilla and DELE, the cold-start ratios 1, 5 and 10 %, seeds 0..4,
         * 200 + 200 epochs, batch 512, split seed 0.
         */
        public static Settings standard() {
            return new Settings(List.of(Tnb101Task.values()), "gates", List.of(Manner.VANILLA, Manner.DELE),
                    List.of(0.01, 0.05, 0.1), List.of(0L, 1L, 2L, 3L, 4L), 200, 200, 512, 0);
        }

        /** How many predictors the study trains. */
        public int runs() {
            return tasks.size() * manners.size() * ratios.size() * seeds.size();
        }
    }

    /**
     * One trained predictor of one task, judged on the validation half.
     *
     * @param task the task
     * @param run  the run, as {@link DeleStudy} records one (its {@code encoder} is the settings' encoder)
     */
    public record Run(Tnb101Task task, DeleStudy.Run run) {
        public Run {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(run, "run");
        }

        Key key() {
            return new Key(task, run.key());
        }
    }

    /** What identifies a run. */
    record Key(Tnb101Task task, DeleStudy.Key run) {
        @Override
        public String toString() {
            return task.id() + ": " + run;
        }
    }

    /**
     * What the job did.
     *
     * @param runs     every run, in the settings' order
     * @param target   the table written
     * @param computed runs trained in this session
     * @param seconds  wall time of this session
     */
    public record Result(List<Run> runs, Path target, int computed, double seconds) {
        public Result {
            runs = List.copyOf(runs);
        }
    }

    /** The 50/50 split of {@code seed}: {@code [train, valid]} cell indices, training half first in the permutation. */
    public static int[][] split(long seed) {
        int[] p = new NumpyRandom(seed).permutation(Tnb101Space.MICRO.size());
        return new int[][] {Arrays.copyOf(p, TRAIN_SIZE), Arrays.copyOfRange(p, TRAIN_SIZE, p.length)};
    }

    /** The task's experts: the {@link #PROXIES} released for it with a finite value for every cell, in that order. */
    public static List<Metric> experts(Tnb101 tnb, Tnb101Task task) {
        Set<Metric> released = tnb.metrics(task);
        return PROXIES.stream().filter(released::contains)
                .filter(m -> Arrays.stream(tnb.values(task, m)).allMatch(Double::isFinite)).toList();
    }

    /**
     * Runs (or resumes) the study into {@code target}.
     *
     * @param training hears every epoch of every run (the run's key first)
     * @throws IllegalArgumentException if {@code tnb} is not the micro space or a task has no released proxy
     */
    public static Result run(Settings settings, Tnb101 tnb, Path target, KeyedJob.Options options,
            JobListener listener, Function<String, TrainingListener> training) {
        Objects.requireNonNull(settings, "settings");
        if (tnb.space() != Tnb101Space.MICRO) {
            throw new IllegalArgumentException("DELE on TransNAS-Bench-101 reads cells: give the micro space, not "
                    + tnb.space());
        }
        int[][] split = split(settings.splitSeed());
        List<Nb201Arch> trainArchs = cells(tnb, split[0]);
        List<Nb201Arch> validArchs = cells(tnb, split[1]);
        for (Tnb101Task task : settings.tasks()) {
            if (experts(tnb, task).isEmpty()) {
                throw new IllegalArgumentException(tnb.name() + " has no released proxy with finite values for "
                        + task.id() + "; DELE needs at least one expert");
            }
        }
        List<Key> computeOrder = new ArrayList<>();
        for (long seed : settings.seeds()) {
            for (Tnb101Task task : settings.tasks()) {
                for (Manner manner : settings.manners()) {
                    for (double ratio : settings.ratios()) {
                        computeOrder.add(new Key(task, new DeleStudy.Key(settings.encoder(), manner, ratio, seed)));
                    }
                }
            }
        }
        List<Key> readOrder = new ArrayList<>(computeOrder);
        readOrder.sort(Comparator.comparing((Key k) -> settings.tasks().indexOf(k.task()))
                .thenComparing(k -> settings.manners().indexOf(k.run().manner()))
                .thenComparing(k -> settings.ratios().indexOf(k.run().ratio()))
                .thenComparing(k -> settings.seeds().indexOf(k.run().seed())));
        // one step 1 per task, manner and seed, shared by its ratios, which come one after the other: only the current
        // one is kept
        Map<String, DeleStudy.Step1> step1s = new HashMap<>();
        var out = StudyJob.run(KIND, target, settings, codec(), options, listener,
                "DELE runs on TransNAS-Bench-101 micro", computeOrder, readOrder, key -> {
                    DeleStudy.Key run = key.run();
                    double[] truth = tnb.values(key.task(), Metric.VAL_ACCURACY);
                    String group = key.task() + "/" + run.manner() + "/" + run.seed();
                    if (!step1s.containsKey(group)) {
                        step1s.clear();
                    }
                    var step1 = step1s.computeIfAbsent(group,
                            x -> new DeleStudy.Step1(step1File(target, key.task(), run.encoder(), run.manner(),
                                    run.seed()), trainArchs, labels(tnb, key.task(), split[0])));
                    var trainingOptions = new TrainingOptions(run.seed()).withEpochs(settings.pretrainEpochs(),
                            settings.epochs()).withBatchSize(settings.batchSize());
                    List<Nb201Arch> train = trainArchs.subList(0, Split.prefixSize(TRAIN_SIZE, run.ratio()));
                    return new Run(key.task(), DeleStudy.trainAndJudge(run, trainingOptions,
                            training.apply(key.toString()), step1, train, DeleStudy.pick(truth, split[0]), validArchs,
                            DeleStudy.pick(truth, split[1])));
                });
        return new Result(out.rows(), target, out.computed(), out.seconds());
    }

    /** {@code <target>.step1/<task>-<encoder>-<manner>-seed<seed>.step1}. */
    private static Path step1File(Path target, Tnb101Task task, String encoder, Manner manner, long seed) {
        Path nb201Style = DeleStudy.step1File(target, encoder, manner, seed);
        return nb201Style.resolveSibling(task.id() + "-" + nb201Style.getFileName());
    }

    /** The task's experts on the given cells, one column each. */
    static LowFidelity labels(Tnb101 tnb, Tnb101Task task, int[] cells) {
        List<Metric> experts = experts(tnb, task);
        double[][] columns = new double[experts.size()][];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = DeleStudy.pick(tnb.values(task, experts.get(k)), cells);
        }
        return LowFidelity.ofColumns(experts.stream().map(Metric::id).toList(), columns);
    }

    private static List<Nb201Arch> cells(Tnb101 tnb, int[] indices) {
        List<Nb201Arch> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(tnb.arch(i).asNb201Cell());
        }
        return out;
    }

    // ---- what a reader sees ----------------------------------------------------------------------------------------

    /**
     * Tau per task, manner and ratio (mean and sample std over seeds), the gain over vanilla at the same task and
     * ratio, and beside it each task's experts with the best expert's own tau on the same validation half: what DELE
     * adds to the proxies it learns from.
     */
    public static Table summary(List<Run> runs, Tnb101 tnb, long splitSeed) {
        int[] valid = split(splitSeed)[1];
        var task = StringColumn.create("task");
        var experts = StringColumn.create("experts");
        var bestExpert = DoubleColumn.create("best_expert_tau");
        var manner = StringColumn.create("manner");
        var ratio = StringColumn.create("ratio");
        var count = IntColumn.create("runs");
        var mean = DoubleColumn.create("tau");
        var std = DoubleColumn.create("std");
        var gain = DoubleColumn.create("vs_vanilla");
        var groups = new LinkedHashMap<Key, List<Double>>();
        for (Run r : runs) {
            var k = new Key(r.task(), new DeleStudy.Key(r.run().encoder(), r.run().manner(), r.run().ratio(), 0));
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r.run().kendall());
        }
        Map<Tnb101Task, String> best = new LinkedHashMap<>();
        Map<Tnb101Task, Double> bestTau = new LinkedHashMap<>();
        groups.forEach((k, taus) -> {
            Tnb101Task t = k.task();
            if (!best.containsKey(t)) {
                double[] truth = DeleStudy.pick(tnb.values(t, Metric.VAL_ACCURACY), valid);
                List<Metric> ex = experts(tnb, t);
                double top = Double.NEGATIVE_INFINITY;
                for (Metric m : ex) {
                    top = Math.max(top, RankMetrics.kendallTau(DeleStudy.pick(tnb.values(t, m), valid), truth));
                }
                best.put(t, String.join(" ", ex.stream().map(Metric::id).toList()));
                bestTau.put(t, top);
            }
            double m = taus.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = taus.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
            task.append(t.id());
            experts.append(best.get(t));
            bestExpert.append(bestTau.get(t));
            manner.append(k.run().manner().name().toLowerCase(Locale.ROOT));
            ratio.append(DeleStudy.percent(k.run().ratio()) + "%");
            count.append(taus.size());
            mean.append(m);
            std.append(taus.size() > 1 ? Math.sqrt(ss / (taus.size() - 1)) : Double.NaN);
            List<Double> vanilla = groups.get(new Key(t, new DeleStudy.Key(k.run().encoder(), Manner.VANILLA,
                    k.run().ratio(), 0)));
            gain.append(k.run().manner() == Manner.VANILLA || vanilla == null ? Double.NaN
                    : m - vanilla.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        });
        return Printing.fixed(Table.create("DELE on TransNAS-Bench-101 micro: Kendall's tau-b on the validation half"
                + " (2,048 cells) against the task's validation score", task, experts, bestExpert, manner, ratio,
                count, mean, std, gain), 4);
    }

    /**
     * At one ratio, per task: the best expert's own tau and the mean tau of each manner run ({@link #summary}'s
     * numbers side by side, for a bar chart).
     */
    public static Table byTask(List<Run> runs, Tnb101 tnb, long splitSeed, double ratio) {
        Table summary = summary(runs, tnb, splitSeed);
        String percent = DeleStudy.percent(ratio) + "%";
        Map<String, Double> best = new LinkedHashMap<>();
        Map<String, Map<String, Double>> tau = new LinkedHashMap<>(); // manner -> task -> mean tau
        for (int i = 0; i < summary.rowCount(); i++) {
            if (summary.stringColumn("ratio").get(i).equals(percent)) {
                String t = summary.stringColumn("task").get(i);
                best.put(t, summary.doubleColumn("best_expert_tau").getDouble(i));
                tau.computeIfAbsent(summary.stringColumn("manner").get(i), m -> new LinkedHashMap<>())
                        .put(t, summary.doubleColumn("tau").getDouble(i));
            }
        }
        Table t = Table.create("Kendall's tau at " + percent + " of the training half, per task",
                StringColumn.create("task", best.keySet()), DoubleColumn.create("best expert alone",
                        best.values().stream().mapToDouble(Double::doubleValue).toArray()));
        tau.forEach((m, byTask) -> t.addColumns(DoubleColumn.create(m, best.keySet().stream()
                .mapToDouble(k -> byTask.getOrDefault(k, Double.NaN)).toArray())));
        return Printing.fixed(t, 4);
    }

    // ---- the table -------------------------------------------------------------------------------------------------

    static String header() {
        return "task," + DeleStudy.header();
    }

    static String line(Run r) {
        return r.task().id() + "," + DeleStudy.line(r.run());
    }

    static Run parse(Path file, int line, String text) {
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw new FileFormatException(file, line, "has one field, expected a task and a DELE run");
        }
        Tnb101Task task;
        try {
            task = Tnb101Task.parse(text.substring(0, comma));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, line, e.getMessage());
        }
        return new Run(task, DeleStudy.parse(file, line, text.substring(comma + 1)));
    }

    private static StudyCodec<Run> codec() {
        return new StudyCodec<>("DELE TransNAS-Bench-101", header(), Tnb101DeleStudy::line, Tnb101DeleStudy::parse,
                Run::key);
    }

    /** The runs of the table {@code relative} under the data roots, or of its journal while it runs. */
    public static List<Run> load(String relative) {
        return StudyTables.load(relative, KIND, codec(), Tnb101DeleStudy::read, "the study writes it: trainfree dele "
                + "tnb101 --help");
    }

    /** Reads a finished table, naming the file and line of a bad row. */
    public static List<Run> read(Path file) {
        return codec().readTable(file);
    }
}
