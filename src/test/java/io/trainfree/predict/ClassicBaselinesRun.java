package io.trainfree.predict;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.eval.RankMetrics;
import io.trainfree.space.Nb201Arch;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * A measurement, not a test: Kendall's tau on the whole validation half of DELE's split for each classic predictor,
 * trained on the first 1, 5 and 10 % of the training list (NB201 CIFAR-10 200-epoch test accuracy as ground truth),
 * five seeds for the tree models, one fit for the deterministic GP; with seconds per fit. Run from the project root
 * after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.trainfree.predict.ClassicBaselinesRun [ratios...]
 * </pre>
 * with {@code cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class ClassicBaselinesRun {
    private ClassicBaselinesRun() {
    }

    private record Method(String name, LongFunction<Predictor<Nb201Arch>> make, int seeds) {
    }

    public static void main(String[] args) {
        double[] ratios = args.length == 0 ? new double[] {0.01, 0.05, 0.1}
                : Arrays.stream(args).mapToDouble(Double::parseDouble).toArray();
        Nb201 nb201 = Nb201.load();
        Split split = Split.load();
        double[] accuracy = nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY);
        LowFidelityTable zeroCost = LowFidelityTable.load(nb201, ClassicPredictors.ZERO_COST);
        List<Method> methods = List.of(
                new Method("random forest, one-hot", ClassicPredictors::randomForest, 5),
                new Method("random forest, one-hot + 13 proxies", s -> ClassicPredictors.randomForest(s, zeroCost), 5),
                new Method("gradient boosting, one-hot", ClassicPredictors::gradientBoosting, 5),
                new Method("gradient boosting, one-hot + 13 proxies",
                        s -> ClassicPredictors.gradientBoosting(s, zeroCost), 5),
                new Method("Gaussian process, one-hot", s -> ClassicPredictors.gaussianProcess(), 1));
        List<Nb201Arch> valid = split.validArchs(nb201.space());
        double[] validTruth = Arrays.stream(split.valid()).mapToDouble(i -> accuracy[i]).toArray();
        System.out.printf(Locale.ROOT, "%-42s %6s %5s  %-17s %-28s %9s%n", "predictor", "ratio", "n", "tau mean (std)",
                "taus by seed", "s / fit");
        for (Method m : methods) {
            for (double ratio : ratios) {
                int[] train = split.train(ratio);
                List<Nb201Arch> archs = Arrays.stream(train).mapToObj(nb201.space()::arch).toList();
                double[] labels = Arrays.stream(train).mapToDouble(i -> accuracy[i]).toArray();
                double[] taus = new double[m.seeds()];
                double seconds = 0;
                String fitted = "";
                for (int seed = 0; seed < m.seeds(); seed++) {
                    Predictor<Nb201Arch> p = m.make().apply(seed);
                    long start = System.nanoTime();
                    p.fit(archs, labels);
                    seconds += (System.nanoTime() - start) / 1e9;
                    taus[seed] = RankMetrics.kendallTau(p.scores(valid), validTruth);
                    if (p instanceof GaussianProcessPredictor gp) {
                        fitted = String.format(Locale.ROOT, "  alpha %g, l %.3f", gp.alpha(), gp.lengthScale());
                    }
                }
                double mean = Arrays.stream(taus).average().orElseThrow();
                double std = Math.sqrt(Arrays.stream(taus).map(t -> (t - mean) * (t - mean)).sum() / taus.length);
                System.out.printf(Locale.ROOT, "%-42s %5.0f%% %5d  %.4f (%.4f)   %-28s %9.2f%s%n", m.name(),
                        ratio * 100, train.length, mean, std, Arrays.stream(taus)
                                .mapToObj(t -> String.format(Locale.ROOT, "%.3f", t)).reduce((a, b) -> a + " " + b)
                                .orElse(""), seconds / m.seeds(), fitted);
            }
        }
    }
}
