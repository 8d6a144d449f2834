package io.trainfree.predict;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.model.Devices;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * DELE against vanilla on NAS-Bench-201 at one training ratio, with the low-fidelity experts trainfree has: the
 * paper's NB201 list without one_shot and relu (grad_norm, snip, grasp, flops, fisher, jacob_cov, plain, synflow,
 * naswot for relu_logdet, HW-NAS-Bench edge-GPU latency), raw values, higher taken as better as the reference does.
 * Ground truth: CIFAR-10 200-epoch test accuracy; an ad hoc seeded 50/50 split (not the committed DELE split). Run by
 * hand: {@code java ... io.trainfree.predict.DeleRealCheck encoder ratio pretrainEpochs seed [threads]}.
 */
public final class DeleRealCheck {
    static final List<String> PROXIES = List.of("grad_norm", "snip", "grasp", "flops", "fisher", "jacob_cov", "plain",
            "synflow", "naswot");

    private DeleRealCheck() {
    }

    public static void main(String[] args) {
        String encoder = args[0];
        double ratio = Double.parseDouble(args[1]);
        int pretrainEpochs = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        Devices.setThreads(args.length > 4 ? Integer.parseInt(args[4]) : 1);
        var nb201 = Nb201.load();
        ProxyTable table = ComputedTables.of(Dataset.CIFAR10);
        Map<Nb201Arch, double[]> byArch = new HashMap<>();
        for (ProxyTable.Row r : table.rows()) {
            byArch.put(r.arch(), r.values());
        }
        var all = new ArrayList<>(Nb201Arch.all());
        Collections.shuffle(all, new Random(2023));
        List<Nb201Arch> train = all.subList(0, 7813);
        List<Nb201Arch> valid = all.subList(7813, all.size());
        double[] trainAcc = train.stream().mapToDouble(a -> nb201.query(a, Dataset.CIFAR10, Metric.TEST_ACCURACY))
                .toArray();
        double[] validAcc = valid.stream().mapToDouble(a -> nb201.query(a, Dataset.CIFAR10, Metric.TEST_ACCURACY))
                .toArray();
        var names = new ArrayList<>(PROXIES);
        names.add("latency");
        var lf = new double[train.size()][names.size()];
        for (int i = 0; i < train.size(); i++) {
            double[] v = byArch.get(train.get(i));
            for (int k = 0; k < PROXIES.size(); k++) {
                lf[i][k] = v[table.proxies().indexOf(PROXIES.get(k))];
            }
            lf[i][PROXIES.size()] = nb201.query(train.get(i), Dataset.CIFAR10, Metric.EDGEGPU_LATENCY);
        }
        var lowFidelity = new LowFidelity(names, lf);
        int n = (int) (train.size() * ratio);
        var options = new TrainingOptions(seed).withEpochs(pretrainEpochs, 200);
        try (var vanilla = NeuralPredictor.of(Encoders.of(encoder), Manner.VANILLA, options)) {
            vanilla.fit(train.subList(0, n), Arrays.copyOf(trainAcc, n));
            System.out.printf(Locale.ROOT, "%s vanilla %.0f%% seed %d: tau %.4f%n", encoder, 100 * ratio, seed,
                    Synthetic.tau(vanilla.scores(valid), validAcc));
        }
        try (var dele = NeuralPredictor.of(Encoders.of(encoder), Manner.DELE, options)) {
            long t0 = System.nanoTime();
            Pretrained step1 = dele.pretrain(train, lowFidelity);
            System.out.printf(Locale.ROOT, "step 1: %d epochs in %.0f s, loss %.4f, non-finite %s%n", step1.epochs(),
                    step1.seconds(), step1.loss(), Arrays.toString(step1.nonFinite()));
            dele.fit(step1, train.subList(0, n), Arrays.copyOf(trainAcc, n));
            double[] w = new double[names.size()];
            for (double[] row : dele.gateWeights(valid)) {
                for (int k = 0; k < w.length; k++) {
                    w[k] += row[k] / valid.size();
                }
            }
            System.out.printf(Locale.ROOT, "%s DELE %.0f%% seed %d: tau %.4f (%.0f s); mean gate weights %s%n", encoder,
                    100 * ratio, seed, Synthetic.tau(dele.scores(valid), validAcc), (System.nanoTime() - t0) / 1e9,
                    names + "=" + Arrays.toString(Arrays.stream(w).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
        }
    }
}
