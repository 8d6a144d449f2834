package io.trainfree.predict;

import io.trainfree.model.Devices;
import io.trainfree.model.ProcessMemory;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seconds per epoch of DELE's step 1 (K experts on 7,813 cells, batch 512), of step 2 (K experts and the gate on 78
 * and on 7,813 cells) and of vanilla (one expert on 7,813 cells), for each encoder, with the process's RSS (and the
 * JVM's committed heap, part of it) after the first, middle and last epoch. Synthetic labels: the time does not
 * depend on them (a batch forms 4n pairs either way). Not a test: the numbers depend on the machine and its load.
 * Run by hand with the launcher's allocator settings; {@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch} makes the heap
 * resident from the start, so that what RSS gains later is native memory:
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647 MALLOC_TOP_PAD_=268435456 \
 *   java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -Dai.djl.offline=true \
 *   -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.trainfree.predict.DeleBenchmark [gates|lstm|mlp ...] [--experts 10] [--epochs 5] [--threads 1]
 * </pre>
 */
public final class DeleBenchmark {
    private DeleBenchmark() {
    }

    public static void main(String[] args) {
        var encoders = new ArrayList<String>();
        int experts = 10;
        int epochs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--experts" -> experts = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--threads" -> Devices.setThreads(Integer.parseInt(args[++i]));
                default -> encoders.add(args[i]);
            }
        }
        if (encoders.isEmpty()) {
            encoders.addAll(List.of("gates", "lstm"));
        }
        var all = new ArrayList<>(Nb201Arch.all());
        Collections.shuffle(all, new Random(0));
        List<Nb201Arch> train = all.subList(0, 7813);
        var names = new ArrayList<String>();
        var columns = new double[experts][train.size()];
        var rng = new Random(1);
        for (int k = 0; k < experts; k++) {
            names.add("lf" + k);
            Nb201Op op = Nb201Op.values()[k % 5];
            for (int i = 0; i < train.size(); i++) {
                columns[k][i] = train.get(i).count(op) + rng.nextGaussian();
            }
        }
        var lf = LowFidelity.ofColumns(names, columns);
        double[] gt = new double[train.size()];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = train.get(i).count(Nb201Op.NOR_CONV_3X3) + rng.nextGaussian();
        }
        System.out.printf(Locale.ROOT, "threads %d, K = %d, RSS at start %d MB%n", Devices.threads(), experts,
                rssMb());
        for (String enc : encoders) {
            EncoderSpec spec = Encoders.of(enc);
            var log = new EpochLog();
            try (var p = NeuralPredictor.of(spec, Manner.DELE, new TrainingOptions(0).withEpochs(epochs, epochs),
                    log)) {
                Pretrained step1 = p.pretrain(train, lf);
                log.report(spec.name() + " step 1, 7813 cells");
                p.fit(step1, train, gt);
                log.report(spec.name() + " step 2, 7813 cells");
                p.fit(step1, train.subList(0, 78), Arrays.copyOf(gt, 78));
                log.report(spec.name() + " step 2, 78 cells");
            }
            try (var p = NeuralPredictor.of(spec, Manner.VANILLA, new TrainingOptions(0).withEpochs(0, epochs),
                    log)) {
                p.fit(train, gt);
                log.report(spec.name() + " vanilla, 7813 cells");
                p.fit(train.subList(0, 78), Arrays.copyOf(gt, 78));
                log.report(spec.name() + " vanilla, 78 cells");
            }
        }
        System.out.printf(Locale.ROOT, "RSS at the end %d MB%n", rssMb());
    }

    /** Each epoch's seconds and the RSS after it. */
    private static final class EpochLog implements TrainingListener {
        private final List<Double> seconds = new ArrayList<>();
        private final List<Long> rss = new ArrayList<>();
        private final List<Long> heap = new ArrayList<>();

        @Override
        public void epoch(TrainingEpoch progress) {
            seconds.add(progress.seconds());
            rss.add(rssMb());
            heap.add(Runtime.getRuntime().totalMemory() >> 20);
        }

        /** Prints the mean of the epochs after the first, and the RSS after the first, middle and last epoch. */
        void report(String what) {
            double[] s = seconds.stream().mapToDouble(Double::doubleValue).toArray();
            double mean = Arrays.stream(s, Math.min(1, s.length - 1), s.length).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%-34s %7.3f s/epoch (epochs 2..%d; first %.3f); RSS %d -> %d -> %d MB"
                    + " (JVM heap %d -> %d MB)%n", what, mean, s.length, s[0], rss.get(0), rss.get(rss.size() / 2),
                    rss.get(rss.size() - 1), heap.get(0), heap.get(heap.size() - 1));
            seconds.clear();
            rss.clear();
            heap.clear();
        }
    }

    private static long rssMb() {
        return ProcessMemory.residentKb().orElse(0) / 1024;
    }
}
