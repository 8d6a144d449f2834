package io.trainfree.eval;

import io.trainfree.fear.ArchLog;
import io.trainfree.fear.Fear;
import io.trainfree.fear.ShortReg;
import io.trainfree.train.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Random search with FEAR against random search with shortreg (the paper's 2.4x claim), replayed from a study's logs
 * instead of retraining: each repeat draws {@code budget} of the logged architectures without replacement, in random
 * order, and picks the best by the method's score; reported are the pick's ground-truth accuracy and the total
 * training time, as mean and standard error over the repeats.
 *
 * <p>FEAR's search caps stage 1 at {@code ratio} times the fastest stage 1 seen so far, checked at epoch ends: an
 * architecture still below the threshold when its stage-1 time passes the cap is dropped, costing the epochs it
 * trained; one that never reaches the threshold costs all its stage-1 epochs. The score is the best stage-2 epoch's
 * training accuracy. Shortreg's search trains every architecture its budget of epochs.
 */
public final class FearSearchReplay {
    private FearSearchReplay() {
    }

    /**
     * One search configuration's outcome over the repeats.
     *
     * @param method       {@code FEAR r=4} or {@code shortreg 4 ep}
     * @param seconds      mean total training seconds of a search
     * @param secondsSe    its standard error
     * @param accuracy     mean ground truth of the pick
     * @param accuracySe   its standard error
     * @param repeats      the repeats
     */
    public record Outcome(String method, double seconds, double secondsSe, double accuracy, double accuracySe,
            int repeats) {
    }

    /** Random search with FEAR at cap ratio {@code ratio}. */
    public static Outcome fear(List<ArchLog> logs, double[] truth, double threshold, double ratio, int budget,
            int repeats, long seed) {
        check(logs, truth, budget, repeats);
        double[] time = new double[repeats];
        double[] acc = new double[repeats];
        var random = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            int[] order = draw(logs.size(), budget, random);
            double fastest = Double.POSITIVE_INFINITY;
            double total = 0;
            double best = Double.NEGATIVE_INFINITY;
            int pick = -1;
            for (int i : order) {
                ArchLog log = logs.get(i);
                double cap = ratio * fastest;
                double stage1 = 0;
                boolean reached = false;
                boolean dropped = false;
                for (EpochStats e : log.epochs(Fear.STAGE1)) {
                    stage1 += e.seconds();
                    reached = !e.diverged() && e.trainTop1() >= threshold;
                    if (!reached && stage1 > cap) {
                        dropped = true;
                        break;
                    }
                }
                total += stage1;
                List<EpochStats> stage2 = log.epochs(Fear.STAGE2);
                if (dropped || !reached || stage2.isEmpty()) {
                    continue;
                }
                fastest = Math.min(fastest, stage1);
                total += stage2.stream().mapToDouble(EpochStats::seconds).sum();
                double s = stage2.stream().mapToDouble(EpochStats::trainTop1).max().orElseThrow();
                if (s > best) {
                    best = s;
                    pick = i;
                }
            }
            time[r] = total;
            acc[r] = pick < 0 ? Double.NaN : truth[pick];
        }
        return outcome(String.format(java.util.Locale.ROOT, "FEAR r=%s", trim(ratio)), time, acc);
    }

    /** Random search with shortreg at {@code epochs} epochs. */
    public static Outcome shortReg(List<ArchLog> logs, double[] truth, int epochs, int budget, int repeats,
            long seed) {
        check(logs, truth, budget, repeats);
        double[] time = new double[repeats];
        double[] acc = new double[repeats];
        var random = new SplittableRandom(seed);
        for (int r = 0; r < repeats; r++) {
            double total = 0;
            double best = Double.NEGATIVE_INFINITY;
            int pick = -1;
            for (int i : draw(logs.size(), budget, random)) {
                ShortReg.Result s = logs.get(i).shortReg(epochs);
                total += s.seconds();
                if (s.score() > best) {
                    best = s.score();
                    pick = i;
                }
            }
            time[r] = total;
            acc[r] = pick < 0 ? Double.NaN : truth[pick];
        }
        return outcome(FearRanking.shortRegName(epochs), time, acc);
    }

    /**
     * FEAR's speed-up over shortreg at FEAR's accuracy: the time shortreg's search needs to reach {@code fear}'s mean
     * accuracy (interpolated linearly between the shortreg configurations ordered by time) over FEAR's time; empty if
     * no shortreg configuration reaches it.
     */
    public static OptionalDouble speedUp(Outcome fear, List<Outcome> shortReg) {
        List<Outcome> byTime = new ArrayList<>(shortReg);
        byTime.sort(java.util.Comparator.comparingDouble(Outcome::seconds));
        Outcome previous = null;
        for (Outcome o : byTime) {
            if (o.accuracy() >= fear.accuracy()) {
                double t = o.seconds();
                if (previous != null && previous.accuracy() < o.accuracy()) {
                    double f = (fear.accuracy() - previous.accuracy()) / (o.accuracy() - previous.accuracy());
                    t = previous.seconds() + f * (o.seconds() - previous.seconds());
                }
                return OptionalDouble.of(t / fear.seconds());
            }
            previous = o;
        }
        return OptionalDouble.empty();
    }

    /** The outcomes as a table. */
    public static Table table(List<Outcome> outcomes) {
        var t = Table.create("Random search replayed from the logs");
        var method = StringColumn.create("search");
        var family = StringColumn.create("family");
        var seconds = DoubleColumn.create("seconds");
        var secondsSe = DoubleColumn.create("seconds_se");
        var acc = DoubleColumn.create("test_accuracy");
        var accSe = DoubleColumn.create("test_accuracy_se");
        var repeats = IntColumn.create("repeats");
        for (Outcome o : outcomes) {
            method.append(o.method());
            family.append(o.method().startsWith("FEAR") ? FearRanking.FEAR : FearRanking.SHORTREG);
            seconds.append(o.seconds());
            secondsSe.append(o.secondsSe());
            acc.append(o.accuracy());
            accSe.append(o.accuracySe());
            repeats.append(o.repeats());
        }
        return t.addColumns(method, family, seconds, secondsSe, acc, accSe, repeats);
    }

    private static Outcome outcome(String name, double[] time, double[] acc) {
        return new Outcome(name, SampleStats.mean(time), SampleStats.stderr(time), SampleStats.mean(acc),
                SampleStats.stderr(acc), time.length);
    }

    // a partial Fisher-Yates shuffle: budget distinct positions in random order
    private static int[] draw(int n, int budget, SplittableRandom random) {
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = 0; i < budget; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, budget);
    }

    private static void check(List<ArchLog> logs, double[] truth, int budget, int repeats) {
        if (truth.length != logs.size()) {
            throw new IllegalArgumentException(logs.size() + " logs, " + truth.length + " ground-truth values");
        }
        if (budget < 1 || budget > logs.size() || repeats < 1) {
            throw new IllegalArgumentException("budget must be in 1.." + logs.size() + " and repeats >= 1, got "
                    + budget + " and " + repeats);
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
