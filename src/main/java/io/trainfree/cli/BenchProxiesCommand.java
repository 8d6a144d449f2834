package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Images;
import io.trainfree.model.Devices;
import io.trainfree.model.ProcessMemory;
import io.trainfree.proxy.ArchSelection;
import io.trainfree.proxy.Proxies;
import io.trainfree.proxy.Proxy;
import io.trainfree.proxy.ProxyRunner;
import io.trainfree.proxy.ProxyScores;
import io.trainfree.space.Nb201Space;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
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
 * {@code trainfree bench proxies}: seconds per architecture of each proxy scored alone (a fresh runner each, so the
 * passes it shares with others are charged to it) and of the set scored together, over a fixed seeded sample of
 * NAS-Bench-201 architectures that always holds 6111, after a warm-up; resident native memory and Java heap before
 * and after.
 */
@Command(name = "proxies", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Seconds per architecture of each proxy alone and of the set together, over a fixed sample "
            + "of NAS-Bench-201 architectures (always including 6111), with native memory (RSS) and heap before "
            + "and after.", "All numbers come from one run, so ratios between them are meaningful; absolute "
            + "seconds depend on the machine and on what else runs."})
final class BenchProxiesCommand implements Callable<Integer> {
    /** The architecture every benchmark run includes: the best-known cell. */
    static final int ALWAYS = 6111;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--proxies"}, paramLabel = "NAMES", split = ",",
            description = "the set, comma-separated (default: RoBoT's six, grad_norm,snip,grasp,fisher,synflow,"
                    + "jacob_cov)")
    List<String> proxies;

    @Option(names = "--archs", paramLabel = "N", defaultValue = "10",
            description = "architectures timed: 6111 and N-1 drawn with --sample-seed (default: ${DEFAULT-VALUE})")
    int archs;

    @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
    long sampleSeed;

    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", defaultValue = "cifar10",
            converter = BenchCommand.DatasetConverter.class, description = "default: ${DEFAULT-VALUE}")
    Dataset dataset;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "architectures scored untimed with the whole set first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int batchSize;

    @Mixin
    EngineOptions engine;

    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb201",
            description = "nb201, or darts: SWAP (32 repeats) on the first --archs of the SWAP paper's 1,000 DARTS "
                    + "cells beside SWAP on as many NB201 cells, in the same run (default: ${DEFAULT-VALUE})")
    String space;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (space.strip().equalsIgnoreCase("darts")) {
            return darts(out);
        }
        if (!space.strip().equalsIgnoreCase("nb201")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown space '" + space
                    + "'; known: nb201, darts");
        }
        List<Proxy> set = proxies != null ? Proxies.list(proxies.toArray(String[]::new)) : Proxies.robotSix();
        if (archs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--archs must be >= 1 and --warmup >= 0, got " + archs + " and "
                    + warmup);
        }
        engine.applyThreads();
        Nb201Space space = Nb201.load().space();
        int[] sample = sample(archs, sampleSeed, space.size());
        ImageSet images = Images.train(dataset);
        var options = new ProxyRunner.Options(batchSize, 42, engine.device, true);

        Memory before = Memory.now();
        try (var runner = ProxyRunner.of(dataset, set, images, options)) {
            for (int i = 0; i < warmup; i++) {
                int index = sample[i % sample.length];
                runner.score(space.arch(index), index);
            }
        }
        Memory warm = Memory.now();
        out.printf("%s, %d architectures (%s), batch %d, %s, %d engine thread%s; warm-up: %d with the whole set%n",
                dataset.id(), sample.length, ArchSelection.format(Arrays.stream(sample).sorted().toArray()),
                batchSize, engine.device, Devices.threads(), Devices.threads() == 1 ? "" : "s", warmup);

        var proxy = StringColumn.create("proxy");
        var mean = DoubleColumn.create("mean_s");
        var max = DoubleColumn.create("max_s");
        var inSet = DoubleColumn.create("in_set_s");
        var rss = DoubleColumn.create("rss_mb");
        var heap = DoubleColumn.create("heap_mb");
        var n = IntColumn.create("archs");

        double[] charged = new double[set.size()];
        double sumAlone = 0;
        var alone = new ArrayList<Timing>();
        for (Proxy p : set) {
            Timing t = time(List.of(Proxies.of(p.name())), images, options, space, sample);
            alone.add(t);
            sumAlone += t.mean();
        }
        Timing together = time(set, images, options, space, sample);
        for (int k = 0; k < set.size(); k++) {
            charged[k] = together.charged()[k];
        }
        for (int k = 0; k < set.size(); k++) {
            Timing t = alone.get(k);
            proxy.append(set.get(k).name());
            n.append(sample.length);
            mean.append(t.mean());
            max.append(t.max());
            inSet.append(charged[k]);
            rss.append(t.after().rssMb());
            heap.append(t.after().heapMb());
        }
        proxy.append("(together)");
        n.append(sample.length);
        mean.append(together.mean());
        max.append(together.max());
        inSet.append(Arrays.stream(charged).sum());
        rss.append(together.after().rssMb());
        heap.append(together.after().heapMb());
        Table table = Table.create("seconds per architecture", proxy, n, mean, max, inSet, rss, heap);
        out.println(BenchCommand.rounded(table, 3).printAll());
        out.println("mean_s, max_s: wall clock of scoring one architecture (batch, network, proxies), each proxy "
                + "alone with its own runner; in_set_s: its share inside the set (a shared pass is charged to the "
                + "first proxy needing it); rss_mb, heap_mb: after that row's runs");
        out.printf("together %.3f s/arch vs %.3f s/arch for the proxies one by one: ratio %.2f%n", together.mean(),
                sumAlone, together.mean() / sumAlone);
        out.printf("memory: RSS %s MB before, %s MB after warm-up, %s MB at the end; heap %.0f, %.0f, %.0f MB%n",
                mb(before.rssMb()), mb(warm.rssMb()), mb(together.after().rssMb()), before.heapMb(), warm.heapMb(),
                together.after().heapMb());
        out.flush();
        return 0;
    }

    /**
     * SWAP's seconds per DARTS cell (the paper's proxy network, the first 16 training images, 32 repeats) beside
     * SWAP's seconds per NB201 cell (full network, 16 images of the runner's batch, 32 repeats), alternating cells so
     * that a noisy machine slows both alike.
     */
    private int darts(PrintWriter out) {
        if (archs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--archs must be >= 1 and --warmup >= 0, got " + archs + " and "
                    + warmup);
        }
        engine.applyThreads();
        var cells = io.trainfree.bench.DartsCells.load().genotypes();
        Nb201Space space = Nb201.load().space();
        int[] sample = sample(archs, sampleSeed, space.size());
        ImageSet images = Images.train(dataset);
        var swap = new io.trainfree.proxy.DartsSwap();
        double darts = 0;
        double nb201 = 0;
        try (var runner = ProxyRunner.of(dataset, List.of(Proxies.of("swap")), images,
                new ProxyRunner.Options(batchSize, 42, engine.device, true));
                ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var x = io.trainfree.data.BatchSampler.evaluation(images).first(io.trainfree.proxy.Swap.SAMPLES, m)
                    .images();
            for (int i = -warmup; i < sample.length; i++) {
                int k = Math.floorMod(i, sample.length);
                long t0 = System.nanoTime();
                swap.patterns(cells.get(k % cells.size()), x, k, m);
                long t1 = System.nanoTime();
                runner.score(space.arch(sample[k]), sample[k]);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    darts += (t1 - t0) / 1e9;
                    nb201 += (t2 - t1) / 1e9;
                }
            }
        }
        out.printf("SWAP, 32 repeats of 16 images, %d engine thread%s, %d cells each after %d warm-up%n",
                Devices.threads(), Devices.threads() == 1 ? "" : "s", sample.length, warmup);
        out.printf("DARTS proxy network (the SWAP paper's): %.3f s per cell%n", darts / sample.length);
        out.printf("NB201 full network:                     %.3f s per cell%n", nb201 / sample.length);
        out.printf("ratio DARTS / NB201: %.3f (the official code takes about 2.2 to 2.8 s per DARTS cell on one "
                + "thread of this machine; target: at most half)%n", darts / nb201);
        out.flush();
        return 0;
    }

    /** 6111 and {@code n - 1} other indices drawn with the seed, in draw order (sorted). */
    static int[] sample(int n, long seed, int size) {
        int[] drawn = ArchSelection.sample(Math.min(n, size), seed, size);
        return IntStream.concat(IntStream.of(ALWAYS), Arrays.stream(drawn).filter(i -> i != ALWAYS)).limit(n)
                .toArray();
    }

    /** Per-architecture seconds of one runner over the sample. */
    private record Timing(double mean, double max, double[] charged, Memory after) {
    }

    private static Timing time(List<Proxy> proxies, ImageSet images, ProxyRunner.Options options, Nb201Space space,
            int[] sample) {
        double total = 0;
        double max = 0;
        double[] charged = new double[proxies.size()];
        try (var runner = ProxyRunner.of(images.dataset(), proxies, images, options)) {
            for (int index : sample) {
                long t0 = System.nanoTime();
                ProxyScores s = runner.score(space.arch(index), index);
                double seconds = (System.nanoTime() - t0) / 1e9;
                total += seconds;
                max = Math.max(max, seconds);
                for (int k = 0; k < charged.length; k++) {
                    charged[k] += s.seconds().get(proxies.get(k).name()) / sample.length;
                }
            }
        }
        return new Timing(total / sample.length, max, charged, Memory.now());
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.0f", v);
    }

    /** Resident set size (Linux {@code /proc/self/status} VmRSS) and used Java heap after a GC, in MB. */
    record Memory(double rssMb, double heapMb) {
        static Memory now() {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            OptionalLong kb = ProcessMemory.residentKb();
            return new Memory(kb.isPresent() ? kb.getAsLong() / 1024.0 : Double.NaN, heap);
        }
    }
}
