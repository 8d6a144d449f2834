package io.trainfree.cli;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Devices;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import io.trainfree.train.EpochStats;
import io.trainfree.train.Freezing;
import io.trainfree.train.NetworkTrainer;
import io.trainfree.train.TrainingRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trainfree bench train}: seconds and images per second of one training step (forward, backward, clipping,
 * Nesterov SGD) for the full NB201 network, reduced ones, and FEAR's stage 2 (the tail alone trainable), beside the
 * same step in plain PyTorch where Debian's python3-torch is installed.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Seconds of one NB201 training step for the full network (C=16, N=5), reduced ones and FEAR's "
            + "stage 2, beside plain PyTorch on the same machine in the same run when python3 with torch is there. "
            + "trainfree's step includes making the batch (crop, flip, normalisation); PyTorch's reuses one tensor."})
final class BenchTrainCommand implements Callable<Integer> {
    /** The cell the PyTorch figures were measured on (NB201 index 6111). */
    static final String CELL_6111 =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Spec
    CommandSpec spec;

    @Option(names = "--cell", paramLabel = "ARCH", defaultValue = CELL_6111, description = "default: cell 6111")
    String cell;

    @Option(names = "--configs", paramLabel = "C:N[:tail]", split = ",", defaultValue = "16:5,16:5:tail,16:1,8:1",
            description = "networks timed: channels, cells per stage, and ':tail' for FEAR's stage 2 "
                    + "(default: ${DEFAULT-VALUE})")
    List<String> configs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "256", description = "default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "5", description = "timed steps (default: 5)")
    int steps;

    @Option(names = "--warmup", paramLabel = "K", defaultValue = "2", description = "untimed steps (default: 2)")
    int warmup;

    @Option(names = "--no-pytorch", description = "skip the PyTorch side")
    boolean noPytorch;

    @Option(names = "--python", paramLabel = "EXE",
            description = "the Python with torch (default: Debian's /usr/bin/python3 where it exists, else python3)")
    String python;

    @Mixin
    EngineOptions engine;

    private static final Pattern CONFIG = Pattern.compile("(\\d+):(\\d+)(:tail)?");

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter w = spec.commandLine().getOut();
        Nb201Arch arch = Nb201Arch.parse(cell);
        engine.applyThreads();
        List<int[]> parsed = new ArrayList<>();
        for (String c : configs) {
            Matcher m = CONFIG.matcher(c.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("--configs: '" + c + "' is not C:N or C:N:tail");
            }
            parsed.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0
                : 1});
        }
        ImageSet images = noise(batchSize * Math.max(steps, warmup));
        w.printf(Locale.ROOT, "%s, batch %d, %d engine thread(s), %d timed steps after %d%n", cell, batchSize,
                Devices.threads(), steps, warmup);
        w.printf("%-16s %12s %10s %12s %10s %8s%n", "network", "trainfree s", "images/s", "PyTorch s", "images/s",
                "ratio");
        double[] torch = noPytorch ? null : pytorch(w, parsed);
        for (int i = 0; i < parsed.size(); i++) {
            int[] c = parsed.get(i);
            double s = trainfreeStep(arch, c[0], c[1], c[2] == 1, images);
            double t = torch == null ? Double.NaN : torch[i];
            w.printf(Locale.ROOT, "%-16s %12.3f %10.0f %12.3f %10.0f %8.2f%n", "C=" + c[0] + " N=" + c[1]
                    + (c[2] == 1 ? " tail" : ""), s, batchSize / s, t, batchSize / t, s / t);
            w.flush();
        }
        return 0;
    }

    private double trainfreeStep(Nb201Arch arch, int channels, int cells, boolean tail, ImageSet images) {
        var net = Nb201Net.official(arch, Dataset.CIFAR10).withChannels(channels).withCellsPerStage(cells);
        var recipe = TrainingRecipe.nb201(Dataset.CIFAR10).withBatchSize(batchSize);
        try (NDManager root = NDManager.newBaseManager(Devices.select(engine.device));
                var trainer = new NetworkTrainer(net, 0, root)) {
            trainer.startStage(recipe, tail ? Freezing.fearTail(net) : Freezing.none());
            trainer.trainEpoch(images, IntStream.range(0, batchSize * warmup).toArray(), 0);
            EpochStats e = trainer.trainEpoch(images, IntStream.range(0, batchSize * steps).toArray(), 1);
            return e.seconds() / e.steps();
        }
    }

    /** Seconds per step of each configuration in plain PyTorch, or null (said why) where python3 or torch is absent. */
    private double[] pytorch(PrintWriter w, List<int[]> parsed) throws IOException, InterruptedException {
        Path script = Files.createTempFile("trainfree-bench-train", ".py");
        try {
            try (InputStream in = BenchTrainCommand.class.getResourceAsStream("nb201_train_step.py")) {
                Files.write(script, in.readAllBytes());
            }
            var json = new StringBuilder("{\"threads\":").append(Devices.threads()).append(",\"arch\":\"").append(cell)
                    .append("\",\"batch\":").append(batchSize).append(",\"warmup\":").append(warmup)
                    .append(",\"steps\":").append(steps).append(",\"configs\":[");
            for (int i = 0; i < parsed.size(); i++) {
                int[] c = parsed.get(i);
                json.append(i == 0 ? "" : ",").append('[').append(c[0]).append(',').append(c[1]).append(',')
                        .append(c[2] == 1).append(']');
            }
            json.append("]}");
            Process p;
            try {
                String exe = python != null ? python
                        : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
                p = new ProcessBuilder(exe, script.toString(), json.toString()).redirectErrorStream(true).start();
            } catch (IOException e) {
                w.println("no python3 here (" + e.getMessage() + "): trainfree alone; docs/training.md has PyTorch's "
                        + "numbers from this machine");
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                w.println("PyTorch side failed (python3-torch installed? --python names another Python): "
                        + out.lines().reduce((a, b) -> b).orElse(""));
                return null;
            }
            double[] seconds = new double[parsed.size()];
            List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
            for (int i = 0; i < seconds.length; i++) {
                Matcher m = Pattern.compile("\"seconds\": ([0-9.eE-]+)").matcher(lines.get(i));
                seconds[i] = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            }
            return seconds;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Random 32x32 images (the step's cost does not depend on the pixels). */
    private static ImageSet noise(int n) {
        var random = new SplittableRandom(0);
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return ImageSet.of(Dataset.CIFAR10, 32, labels, pixels);
    }
}
