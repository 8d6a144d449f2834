package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.fear.ArchLog;
import io.trainfree.fear.Fear;
import io.trainfree.fear.FearProtocol;
import io.trainfree.fear.FearStudy;
import io.trainfree.fear.ShortReg;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.Json;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.train.EpochStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A FEAR study's results as notebook 05 reads them: the logs of the architectures finished so far (in the list's
 * order), the study's settings, and NAS-Bench-201's CIFAR-10 accuracies of the same architectures; one call per
 * table of the paper's evaluation.
 *
 * {@snippet :
 * var fear = FearResults.load("fear/cpu");
 * fear.ranking();          // Spearman (all, top 10%) with intervals, Kendall, common ratio, seconds per cell
 * fear.randomSearch(50);   // the 2.4x claim, replayed from the logs
 * }
 */
public final class FearResults {
    /** Zero-cost proxies of trainfree's committed CIFAR-10 table shown beside FEAR (the paper's green points). */
    public static final List<String> ZERO_COST = List.of("grad_norm", "snip", "grasp", "fisher", "jacob_cov", "plain",
            "synflow", "naswot", "params", "flops");
    private static final int RESAMPLES = 1000;
    private static final long SEED = 0;

    private final Path dir;
    private final FearStudy.Settings settings;
    private final List<ArchLog> logs;
    private final int listed;
    private final Map<Integer, Integer> positions;
    private final Nb201 nb201;
    private final double[] test;

    private FearResults(Path dir, FearStudy.Settings settings, List<ArchLog> logs, List<Integer> list, int listed,
            Nb201 nb201) {
        this.dir = dir;
        this.settings = settings;
        this.logs = List.copyOf(logs);
        this.listed = listed;
        this.positions = new java.util.HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            positions.put(list.get(i), i);
        }
        this.nb201 = nb201;
        this.test = FearRanking.forLogs(logs, nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY));
    }

    /**
     * The study under {@code relative} in the data roots ({@code fear/cpu}), with the settings its directory records.
     *
     * @throws FileFormatException if there is no such study
     */
    public static FearResults load(String relative) {
        Path dir = DataResolver.standard().find(relative).orElseThrow(() -> new FileFormatException(Path.of(relative),
                0, "no FEAR study here under " + DataResolver.standard().roots() + "; the study writes it: "
                + "trainfree fear run --help"));
        return load(dir, Nb201.load());
    }

    /** The study in {@code dir}. */
    public static FearResults load(Path dir, Nb201 nb201) {
        Map<String, String> recorded = FearStudy.recordedSettings(dir);
        FearStudy.Settings settings = settingsOf(dir, recorded);
        List<Integer> list = FearStudy.archList(DataResolver.standard().resolve(DataFile.FEAR_ARCHS));
        List<ArchLog> logs = FearStudy.load(dir, list);
        int listed = (int) list.stream().filter(i -> Files.isRegularFile(FearStudy.logFile(dir, i))
                || Files.isRegularFile(dir.resolve("arch-" + i + ".partial.csv"))).count();
        return new FearResults(dir, settings, logs, list, listed, nb201);
    }

    private static FearStudy.Settings settingsOf(Path dir, Map<String, String> recorded) {
        for (FearStudy.Settings s : List.of(FearStudy.Settings.cpu(), FearStudy.Settings.paper())) {
            if (Json.text(s).equals(recorded)) {
                return s;
            }
        }
        throw new FileFormatException(dir.resolve(FearStudy.SETTINGS_FILE), 0, "not the settings of a known "
                + "protocol (cpu, paper)");
    }

    /** The study's settings. */
    public FearStudy.Settings settings() {
        return settings;
    }

    /** The finished architectures' logs, in the list's order. */
    public List<ArchLog> logs() {
        return logs;
    }

    /** The finished architectures' NAS-Bench-201 CIFAR-10 test accuracy after 200 epochs (%), as {@link #logs}. */
    public double[] testAccuracy() {
        return test.clone();
    }

    /** The protocol beside the paper's: one row per setting, what differs and why. */
    public Table protocol() {
        FearProtocol ours = settings.protocol();
        FearProtocol paper = FearProtocol.paper();
        var t = Table.create("FEAR protocol: this study beside the paper's CIFAR-10 setting");
        var what = StringColumn.create("setting");
        var here = StringColumn.create("this study");
        var theirs = StringColumn.create("paper");
        String[][] rows = {
            {"network", "C=" + ours.channels() + " N=" + ours.cellsPerStage(),
                "C=" + paper.channels() + " N=" + paper.cellsPerStage()},
            {"training images (held out)", settings.images() - settings.heldOut() + " (" + settings.heldOut() + ")",
                "40000 (10000)"},
            {"stage-1 threshold (train top-1)", Double.toString(ours.threshold()), Double.toString(paper.threshold())},
            {"stage-1 batch, cosine horizon, give-up", ours.stage1Batch() + ", " + ours.stage1Horizon() + ", "
                + ours.stage1MaxEpochs() + " epochs", paper.stage1Batch() + ", " + paper.stage1Horizon() + ", "
                + paper.stage1MaxEpochs() + " epochs"},
            {"stage-2 batch, epochs", ours.stage2Batch() + ", " + ours.stage2Epochs(),
                paper.stage2Batch() + ", " + paper.stage2Epochs()},
            {"stage-2 trainable tail", "last cell(s) of stage 3 (N=1: its one cell), lastact, classifier",
                "cells 13-16, lastact, classifier"},
            {"shortreg budgets (batch)", settings.shortEpochs() + " (" + settings.shortBatch() + ")",
                "[1, 2, 4, 6, 8, 10, 20, 30] (256, 512, 1024)"},
            {"architectures", logs.size() + " finished of the first " + Math.max(listed, logs.size())
                + " of FEAR's list", "1000"},
            {"seed", Long.toString(settings.seed()), "36"},
        };
        for (String[] r : rows) {
            what.append(r[0]);
            here.append(r[1]);
            theirs.append(r[2]);
        }
        return t.addColumns(what, here, theirs);
    }

    /**
     * One architecture's run as a table against cumulative training seconds: each phase's epochs (FEAR's two stages,
     * each shortreg run) with their training and held-out accuracy.
     */
    public Table run(int index) {
        ArchLog log = logs.stream().filter(l -> l.index() == index).findFirst().orElseThrow(
                () -> new IllegalArgumentException("architecture " + index + " is not among the study's finished "
                        + "ones"));
        var t = Table.create("Architecture " + index + " " + log.arch());
        var phase = StringColumn.create("phase");
        var epoch = IntColumn.create("epoch");
        var seconds = DoubleColumn.create("seconds");
        var train = DoubleColumn.create("train_top1");
        var held = DoubleColumn.create("held_out_top1");
        for (String p : phases()) {
            double clock = p.equals(Fear.STAGE2) ? log.fear(settings.protocol().threshold()).stage1().stream()
                    .mapToDouble(EpochStats::seconds).sum() : 0;
            for (ArchLog.Row r : log.phase(p)) {
                clock += r.stats().seconds();
                phase.append(p);
                epoch.append(r.stats().epoch() + 1);
                seconds.append(clock);
                train.append(r.stats().trainTop1());
                held.append(r.heldOut());
            }
        }
        return Printing.fixed(t.addColumns(phase, epoch, seconds, train, held), 3);
    }

    private List<String> phases() {
        List<String> p = new ArrayList<>(List.of(Fear.STAGE1, Fear.STAGE2));
        settings.shortEpochs().forEach(e -> p.add(ShortReg.phase(e)));
        return p;
    }

    /**
     * Every method: FEAR, shortreg at each budget, the proxies at initialisation on the study's network, and the
     * committed CIFAR-10 proxy table's values (C=16, N=5, batch 64) with their mean seconds per architecture.
     */
    public List<FearRanking.Method> methods() {
        List<FearRanking.Method> out = new ArrayList<>(FearRanking.fromLogs(logs, settings));
        ProxyTable table = ComputedTables.of(Dataset.CIFAR10);
        Map<String, Object> sidecar = Json.readMap(Path.of(ComputedTables.path("nb201-cifar10") + ".json"));
        Object perProxy = sidecar.get("seconds_mean");
        for (String p : ZERO_COST) {
            double s = perProxy instanceof Map<?, ?> m && m.get(p) instanceof Number n ? n.doubleValue() : 0;
            double[] seconds = new double[logs.size()];
            java.util.Arrays.fill(seconds, s);
            out.add(new FearRanking.Method(p, FearRanking.ZERO_COST, FearRanking.forLogs(logs, table.values(p)),
                    seconds));
        }
        return out;
    }

    /**
     * The ranking table against the 200-epoch test accuracy: Spearman over all and the top 10% with 95% bootstrap
     * intervals (1,000 resamples), Kendall, the top-10% common ratio, seconds per architecture.
     */
    public Table ranking() {
        Table t = FearRanking.table(methods(), test, RESAMPLES, SEED);
        return Printing.fixed(t, 3).setName("FEAR vs shortreg vs zero-cost on "
                + logs.size() + " NB201 cells (ground truth: CIFAR-10 test accuracy, 200 epochs)");
    }

    /** Spearman inside the top x% by ground truth, x = 10, 20, ..., 100, per method. */
    public Table topCurves() {
        return Printing.fixed(FearRanking.topCurves(methods(), test, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), 3);
    }

    /**
     * The engine check: each shortreg budget's Spearman with NAS-Bench-201's 12-epoch CIFAR-10 validation accuracy
     * (the issue asks at least 0.7 at the largest budget), with its 95% bootstrap interval, and with the 200-epoch test
     * accuracy; also the held-out top-1's Spearman with the test accuracy.
     */
    public Table engineCheck() {
        double[] val12 = FearRanking.forLogs(logs, nb201.values(Dataset.CIFAR10, Metric.VAL_ACCURACY_12));
        var t = Table.create("Engine check: shortreg against NAS-Bench-201 (n = " + logs.size() + ")");
        var method = StringColumn.create("method");
        var v12 = DoubleColumn.create("spearman_val12");
        var lo = DoubleColumn.create("val12_lo95");
        var hi = DoubleColumn.create("val12_hi95");
        var t200 = DoubleColumn.create("spearman_test200");
        var held = DoubleColumn.create("spearman_heldout_test200");
        for (int e : settings.shortEpochs()) {
            double[] score = logs.stream().mapToDouble(l -> l.shortReg(e).score()).toArray();
            double[] heldOut = logs.stream().mapToDouble(l -> l.phase(ShortReg.phase(e)).getLast().heldOut())
                    .toArray();
            method.append(FearRanking.shortRegName(e));
            v12.append(Correlation.spearman(score, val12));
            double[] ci = FearRanking.bootstrap(score, val12, 100, RESAMPLES, SEED);
            lo.append(ci[0]);
            hi.append(ci[1]);
            t200.append(Correlation.spearman(score, test));
            held.append(Correlation.spearman(heldOut, test));
        }
        return Printing.fixed(t.addColumns(method, v12, lo, hi, t200, held), 3);
    }

    /**
     * Random search replayed from the logs, {@code budget} architectures per search (at most those finished), 1,000
     * searches each: FEAR at cap ratios 1.2, 2, 4 and 8 (the paper's CIFAR-10 grid) and shortreg at each budget.
     */
    public Table randomSearch(int budget) {
        Table t = FearSearchReplay.table(searches(budget));
        return Printing.fixed(t, 2).setName("Random search, " + Math.min(budget, logs.size())
                + " of " + logs.size() + " cells, " + RESAMPLES + " searches");
    }

    // a budget above the cells finished so far searches them all
    private List<FearSearchReplay.Outcome> searches(int wanted) {
        int budget = Math.min(wanted, logs.size());
        List<FearSearchReplay.Outcome> out = new ArrayList<>();
        for (double r : new double[] {1.2, 2, 4, 8}) {
            out.add(FearSearchReplay.fear(logs, test, settings.protocol().threshold(), r, budget, RESAMPLES, SEED));
        }
        for (int e : settings.shortEpochs()) {
            out.add(FearSearchReplay.shortReg(logs, test, e, budget, RESAMPLES, SEED));
        }
        return out;
    }

    /** Each FEAR search's speed-up over shortreg at FEAR's accuracy (NaN where no shortreg search reaches it). */
    public Table speedUp(int budget) {
        List<FearSearchReplay.Outcome> all = searches(budget);
        List<FearSearchReplay.Outcome> shortReg = all.stream().filter(o -> o.method().startsWith("shortreg"))
                .toList();
        var t = Table.create("FEAR's random-search speed-up over shortreg at equal accuracy (budget " + budget + ")");
        var method = StringColumn.create("search");
        var speed = DoubleColumn.create("speed_up");
        for (FearSearchReplay.Outcome o : all) {
            if (o.method().startsWith("FEAR")) {
                method.append(o.method());
                speed.append(FearSearchReplay.speedUp(o, shortReg).orElse(Double.NaN));
            }
        }
        return Printing.fixed(t.addColumns(method, speed), 2);
    }

    /**
     * The paper's claims beside what this study gives (the paper's tables are not available; its abstract states
     * these): FEAR's top-10% Spearman against the best shortreg costing no more per cell and against the best
     * zero-cost proxy; the random-search speed-up (the best FEAR cap ratio; paper about 2.4x); the proxies' mean
     * change in Spearman from initialisation to the end of the longest shortreg run (paper: they degrade).
     */
    public Table claims(int budget) {
        Table ranking = ranking();
        double fear = Double.NaN;
        double fearSeconds = Double.NaN;
        double shortAtTime = Double.NaN;
        double shortBest = Double.NaN;
        double zeroBest = Double.NaN;
        for (int i = 0; i < ranking.rowCount(); i++) {
            String family = ranking.stringColumn("family").get(i);
            double top = ranking.doubleColumn("spearman_top10").getDouble(i);
            double seconds = ranking.doubleColumn("seconds_per_arch").getDouble(i);
            if (family.equals(FearRanking.FEAR)) {
                fear = top;
                fearSeconds = seconds;
            }
        }
        for (int i = 0; i < ranking.rowCount(); i++) {
            String family = ranking.stringColumn("family").get(i);
            double top = ranking.doubleColumn("spearman_top10").getDouble(i);
            double seconds = ranking.doubleColumn("seconds_per_arch").getDouble(i);
            if (family.equals(FearRanking.SHORTREG)) {
                shortBest = max(shortBest, top);
                if (seconds <= fearSeconds) {
                    shortAtTime = max(shortAtTime, top);
                }
            } else if (family.equals(FearRanking.ZERO_COST)) {
                zeroBest = max(zeroBest, top);
            }
        }
        double speed = speedUp(budget).doubleColumn("speed_up").asList().stream()
                .filter(d -> d != null && !Double.isNaN(d)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        Table during = proxiesDuringTraining();
        double change = 0;
        int n = 0;
        for (String p : settings.proxies()) {
            double first = Double.NaN;
            double last = Double.NaN;
            for (int i = 0; i < during.rowCount(); i++) {
                if (during.stringColumn("proxy").get(i).equals(p)) {
                    int e = during.intColumn("epoch").get(i);
                    double v = during.doubleColumn("spearman").getDouble(i);
                    if (e == 0) {
                        first = v;
                    }
                    if (e == settings.proxyEpochs()) {
                        last = v;
                    }
                }
            }
            if (!Double.isNaN(first) && !Double.isNaN(last)) {
                change += last - first;
                n++;
            }
        }
        var t = Table.create("FEAR's claims beside this study (n = " + logs.size() + " cells)");
        var claim = StringColumn.create("claim");
        var paper = StringColumn.create("paper");
        var ours = StringColumn.create("this study");
        var holds = StringColumn.create("holds");
        add(claim, paper, ours, holds, "top-10% Spearman: FEAR above shortreg at <= FEAR's seconds per cell",
                "FEAR higher", fmt(fear) + " vs " + fmt(shortAtTime), fear > shortAtTime || Double.isNaN(shortAtTime));
        add(claim, paper, ours, holds, "top-10% Spearman: FEAR above every shortreg budget", "(not claimed)",
                fmt(fear) + " vs " + fmt(shortBest), fear > shortBest);
        add(claim, paper, ours, holds, "top-10% Spearman: FEAR above every zero-cost proxy", "FEAR higher",
                fmt(fear) + " vs " + fmt(zeroBest), fear > zeroBest);
        add(claim, paper, ours, holds, "random search: FEAR faster than shortreg at equal accuracy (best cap "
                + "ratio's speed-up)",
                "about 2.4x", Double.isNaN(speed) ? "no shortreg search reaches FEAR's accuracy" : fmt(speed) + "x",
                speed > 1 || Double.isNaN(speed));
        add(claim, paper, ours, holds, "zero-cost proxies degrade during training (mean Spearman change, epoch 0 to "
                + settings.proxyEpochs() + ")", "they degrade", fmt(n == 0 ? Double.NaN : change / n),
                n > 0 && change < 0);
        return t.addColumns(claim, paper, ours, holds);
    }

    private static void add(StringColumn claim, StringColumn paper, StringColumn ours, StringColumn holds, String c,
            String p, String o, boolean h) {
        claim.append(c);
        paper.append(p);
        ours.append(o);
        holds.append(h ? "yes" : "no");
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    /**
     * The proxies during training: each proxy's Spearman with the 200-epoch test accuracy at initialisation (epoch 0)
     * and after each epoch of the longest shortreg run.
     */
    public Table proxiesDuringTraining() {
        var t = Table.create("Zero-cost proxies during shortreg training (" + settings.proxyEpochs()
                + "-epoch run, n = " + logs.size() + ")");
        var proxy = StringColumn.create("proxy");
        var epoch = IntColumn.create("epoch");
        var rho = DoubleColumn.create("spearman");
        String phase = ShortReg.phase(settings.proxyEpochs());
        for (String p : settings.proxies()) {
            for (int e = 0; e <= settings.proxyEpochs(); e++) {
                int at = e - 1;
                String from = e == 0 ? ArchLog.INIT : phase;
                double[] v = logs.stream().mapToDouble(l -> l.proxy(from, at, p).orElse(Double.NaN)).toArray();
                proxy.append(p);
                epoch.append(e);
                rho.append(Correlation.spearman(v, test));
            }
        }
        return Printing.fixed(t.addColumns(proxy, epoch, rho), 3);
    }

    /**
     * The resident memory of the study's processes as each architecture finished (MiB), for a study run as
     * {@code shards} processes ({@code --shard i/shards}): an architecture's process is its list position modulo
     * {@code shards}; {@code finished} counts that process's architectures so far.
     */
    public Table memory(int shards) {
        var t = Table.create("Resident memory of the study's processes as each architecture finished");
        var process = StringColumn.create("process");
        var finished = IntColumn.create("finished");
        var index = IntColumn.create("index");
        var rss = DoubleColumn.create("rss_mib");
        int[] count = new int[shards];
        for (ArchLog log : logs) {
            int shard = positions.get(log.index()) % shards;
            process.append("shard " + shard + "/" + shards);
            finished.append(++count[shard]);
            index.append(log.index());
            rss.append(Double.parseDouble(log.notes().getOrDefault("rss_mib", "NaN")));
        }
        return Printing.fixed(t.addColumns(process, finished, index, rss), 1);
    }

    @Override
    public String toString() {
        return "FEAR study " + dir + ": " + logs.size() + " architectures finished";
    }

    /** The directory the logs are in. */
    public Path directory() {
        return Objects.requireNonNull(dir);
    }
}
