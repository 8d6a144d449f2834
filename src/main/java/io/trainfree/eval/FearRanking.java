package io.trainfree.eval;

import io.trainfree.fear.ArchLog;
import io.trainfree.fear.FearScore;
import io.trainfree.fear.FearStudy;
import io.trainfree.fear.ShortReg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * FEAR's ranking metrics (the paper's section on evaluation, docs/training.md): for each method, Spearman's rho with
 * the ground truth over all architectures it scored and over the top x% of them by ground truth, the common ratio of
 * the top x% by ground truth and by score, Kendall's tau, and the mean seconds per architecture, with bootstrap
 * confidence intervals (architectures resampled with replacement).
 */
public final class FearRanking {
    /** The families of FEAR's figures: FEAR (red), shortreg (blue), zero-cost at initialisation (green). */
    public static final String FEAR = "FEAR";
    public static final String SHORTREG = "shortreg";
    public static final String ZERO_COST = "zero-cost";

    private FearRanking() {
    }

    /**
     * One method's scores, aligned with the study's architectures.
     *
     * @param name    how tables name it ({@code FEAR}, {@code shortreg 4 ep}, {@code synflow})
     * @param family  {@link #FEAR}, {@link #SHORTREG} or {@link #ZERO_COST}
     * @param score   per architecture, higher predicted better; NaN where the method excluded it
     * @param seconds per architecture, the method's cost (excluded architectures' cost included)
     */
    public record Method(String name, String family, double[] score, double[] seconds) {
        public Method {
            Objects.requireNonNull(name, "name");
            if (score.length != seconds.length) {
                throw new IllegalArgumentException(name + ": " + score.length + " scores, " + seconds.length
                        + " costs");
            }
            score = score.clone();
            seconds = seconds.clone();
        }

        /** Architectures scored. */
        public int scored() {
            return (int) Arrays.stream(score).filter(Double::isFinite).count();
        }

        /** Mean seconds per architecture. */
        public double meanSeconds() {
            return Arrays.stream(seconds).average().orElse(Double.NaN);
        }
    }

    /**
     * The methods a study's logs give: FEAR (last stage-2 epoch's training accuracy; excluded where stage 1 never
     * reached the threshold or training diverged), shortreg at each budget (best epoch's training accuracy), and each
     * proxy computed at initialisation on the study's network (cost 0: its seconds are not logged).
     */
    public static List<Method> fromLogs(List<ArchLog> logs, FearStudy.Settings settings) {
        int n = logs.size();
        List<Method> out = new ArrayList<>();
        double[] score = new double[n];
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            FearScore f = logs.get(i).fear(settings.protocol().threshold());
            score[i] = f.score();
            seconds[i] = f.seconds();
        }
        out.add(new Method(FEAR, FEAR, score, seconds));
        for (int e : settings.shortEpochs()) {
            double[] s = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                ShortReg.Result r = logs.get(i).shortReg(e);
                s[i] = r.score();
                t[i] = r.seconds();
            }
            out.add(new Method(shortRegName(e), SHORTREG, s, t));
        }
        for (String p : settings.proxies()) {
            double[] s = logs.stream().mapToDouble(l -> l.proxy(ArchLog.INIT, -1, p).orElse(Double.NaN)).toArray();
            out.add(new Method(p + " (study net)", ZERO_COST, s, new double[n]));
        }
        return out;
    }

    /** The name of shortreg at {@code epochs} in tables. */
    public static String shortRegName(int epochs) {
        return "shortreg " + epochs + " ep";
    }

    /** A benchmark-wide column (indexed by architecture index) taken for the study's architectures. */
    public static double[] forLogs(List<ArchLog> logs, double[] byIndex) {
        return logs.stream().mapToDouble(l -> byIndex[l.index()]).toArray();
    }

    /**
     * Spearman's rho inside the top {@code percent}% of the scored architectures by ground truth (the paper's
     * top-x% view; 100 is all of them): NaN with fewer than three architectures in the subset.
     */
    public static double spearmanTop(double[] score, double[] truth, double percent) {
        int[] top = topByTruth(score, truth, percent);
        if (top.length < 3) {
            return Double.NaN;
        }
        return Correlation.spearman(pick(score, top), pick(truth, top));
    }

    /**
     * The common ratio: of the top {@code percent}% of the scored architectures by ground truth, the fraction also
     * in the top {@code percent}% by score.
     */
    public static double commonRatio(double[] score, double[] truth, double percent) {
        int[] scored = scored(score, truth);
        int k = count(scored.length, percent);
        if (k == 0) {
            return Double.NaN;
        }
        var byTruth = java.util.Set.of(Arrays.stream(topBy(truth, scored, k)).boxed().toArray(Integer[]::new));
        long common = Arrays.stream(topBy(score, scored, k)).filter(byTruth::contains).count();
        return (double) common / k;
    }

    /**
     * The ranking table: per method, architectures scored and excluded, mean seconds per architecture, Spearman over
     * all and over the top 10% with 95% bootstrap intervals ({@code resamples} resamples of the architectures,
     * seeded), Kendall's tau and the top-10% common ratio.
     */
    public static Table table(List<Method> methods, double[] truth, int resamples, long seed) {
        var t = Table.create("FEAR ranking");
        var name = StringColumn.create("method");
        var family = StringColumn.create("family");
        var scored = IntColumn.create("scored");
        var excluded = IntColumn.create("excluded");
        var seconds = DoubleColumn.create("seconds_per_arch");
        var all = DoubleColumn.create("spearman_all");
        var allLo = DoubleColumn.create("all_lo95");
        var allHi = DoubleColumn.create("all_hi95");
        var top = DoubleColumn.create("spearman_top10");
        var topLo = DoubleColumn.create("top10_lo95");
        var topHi = DoubleColumn.create("top10_hi95");
        var kendall = DoubleColumn.create("kendall_all");
        var common = DoubleColumn.create("common_top10");
        for (Method m : methods) {
            name.append(m.name());
            family.append(m.family());
            scored.append(m.scored());
            excluded.append(m.score().length - m.scored());
            seconds.append(m.meanSeconds());
            all.append(spearmanTop(m.score(), truth, 100));
            double[] ciAll = bootstrap(m.score(), truth, 100, resamples, seed);
            allLo.append(ciAll[0]);
            allHi.append(ciAll[1]);
            top.append(spearmanTop(m.score(), truth, 10));
            double[] ciTop = bootstrap(m.score(), truth, 10, resamples, seed);
            topLo.append(ciTop[0]);
            topHi.append(ciTop[1]);
            kendall.append(Correlation.kendall(m.score(), truth));
            common.append(commonRatio(m.score(), truth, 10));
        }
        return t.addColumns(name, family, scored, excluded, seconds, all, allLo, allHi, top, topLo, topHi, kendall,
                common);
    }

    /**
     * The top-x% curves: per method and x in {@code percents}, Spearman inside the top x% by ground truth, the common
     * ratio, and the mean seconds over that subset.
     */
    public static Table topCurves(List<Method> methods, double[] truth, int... percents) {
        var t = Table.create("FEAR top-x% curves");
        var name = StringColumn.create("method");
        var family = StringColumn.create("family");
        var x = IntColumn.create("top_percent");
        var rho = DoubleColumn.create("spearman");
        var common = DoubleColumn.create("common_ratio");
        var seconds = DoubleColumn.create("seconds_per_arch");
        for (Method m : methods) {
            for (int p : percents) {
                name.append(m.name());
                family.append(m.family());
                x.append(p);
                rho.append(spearmanTop(m.score(), truth, p));
                common.append(commonRatio(m.score(), truth, p));
                seconds.append(Arrays.stream(topByTruth(m.score(), truth, p)).mapToDouble(i -> m.seconds()[i])
                        .average().orElse(Double.NaN));
            }
        }
        return t.addColumns(name, family, x, rho, common, seconds);
    }

    /**
     * The 2.5 and 97.5 percentiles of {@link #spearmanTop} over {@code resamples} bootstrap resamples of the
     * architectures (with replacement, seeded); resamples where it is undefined are skipped.
     */
    public static double[] bootstrap(double[] score, double[] truth, double percent, int resamples, long seed) {
        var random = new SplittableRandom(seed);
        int n = score.length;
        double[] values = new double[resamples];
        int k = 0;
        double[] s = new double[n];
        double[] g = new double[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                s[i] = score[j];
                g[i] = truth[j];
            }
            double v = spearmanTop(s, g, percent);
            if (!Double.isNaN(v)) {
                values[k++] = v;
            }
        }
        if (k == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(values, k);
        Arrays.sort(sorted);
        return new double[] {quantile(sorted, 0.025), quantile(sorted, 0.975)};
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int[] scored(double[] score, double[] truth) {
        if (score.length != truth.length) {
            throw new IllegalArgumentException(score.length + " scores, " + truth.length + " ground-truth values");
        }
        return IntStream.range(0, score.length).filter(i -> !Double.isNaN(score[i]) && !Double.isNaN(truth[i]))
                .toArray();
    }

    private static int count(int n, double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a top percentage is in (0, 100], got " + percent);
        }
        return (int) Math.floor(n * percent / 100 + 1e-9);
    }

    private static int[] topByTruth(double[] score, double[] truth, double percent) {
        int[] scored = scored(score, truth);
        return topBy(truth, scored, count(scored.length, percent));
    }

    // the k of candidates highest in values (ties by position, so the choice is deterministic)
    private static int[] topBy(double[] values, int[] candidates, int k) {
        return Arrays.stream(candidates).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static double[] pick(double[] v, int[] at) {
        return Arrays.stream(at).mapToDouble(i -> v[i]).toArray();
    }
}
