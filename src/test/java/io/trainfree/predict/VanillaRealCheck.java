package io.trainfree.predict;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.model.Devices;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Vanilla GATES and LSTM on NAS-Bench-201 (CIFAR-10 200-epoch test accuracy) at small training ratios, Kendall tau on
 * the held-out half, beside the paper's values: a check of the encoders and the training loop that needs no
 * low-fidelity data. The split is an ad hoc seeded 50/50 shuffle (not the committed DELE split). Run by hand:
 * {@code java ... io.trainfree.predict.VanillaRealCheck [threads] [seeds] [ratio ...]}.
 */
public final class VanillaRealCheck {
    private VanillaRealCheck() {
    }

    public static void main(String[] args) {
        Devices.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double[] ratios = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble)
                .toArray() : new double[] {0.01, 0.05};
        var nb201 = Nb201.load();
        var all = new ArrayList<>(Nb201Arch.all());
        Collections.shuffle(all, new Random(2023));
        List<Nb201Arch> train = all.subList(0, 7813);
        List<Nb201Arch> valid = all.subList(7813, all.size());
        double[] trainAcc = train.stream().mapToDouble(a -> nb201.query(a, Dataset.CIFAR10, Metric.TEST_ACCURACY))
                .toArray();
        double[] validAcc = valid.stream().mapToDouble(a -> nb201.query(a, Dataset.CIFAR10, Metric.TEST_ACCURACY))
                .toArray();
        for (String enc : List.of("gates", "lstm")) {
            for (double r : ratios) {
                int n = (int) (train.size() * r);
                var taus = new double[seeds];
                long t0 = System.nanoTime();
                for (int s = 0; s < seeds; s++) {
                    try (var p = NeuralPredictor.of(Encoders.of(enc), Manner.VANILLA, new TrainingOptions(s))) {
                        p.fit(train.subList(0, n), Arrays.copyOf(trainAcc, n));
                        taus[s] = Synthetic.tau(p.scores(valid), validAcc);
                    }
                }
                System.out.printf(Locale.ROOT, "%s vanilla %4.0f%% (%d cells): tau %s mean %.4f (%.0f s per run)%n",
                        enc, 100 * r, n, Arrays.toString(taus), Arrays.stream(taus).average().orElseThrow(),
                        (System.nanoTime() - t0) / 1e9 / seeds);
            }
        }
    }
}
