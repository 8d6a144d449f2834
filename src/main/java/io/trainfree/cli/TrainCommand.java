package io.trainfree.cli;

import ai.djl.ndarray.NDManager;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Images;
import io.trainfree.job.AtomicFiles;
import io.trainfree.model.Devices;
import io.trainfree.model.Nb201Net;
import io.trainfree.space.Nb201Arch;
import io.trainfree.train.EpochStats;
import io.trainfree.train.Freezing;
import io.trainfree.train.HeldOutSplit;
import io.trainfree.train.NetworkTrainer;
import io.trainfree.train.TrainingRecipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trainfree train ARCH}: trains one NB201 network on CIFAR-10 from data/, with NB201's recipe, a line per epoch,
 * and a checkpoint at every epoch end from which the same command resumes.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Train one NAS-Bench-201 network on the CIFAR-10 training images under data/ with NB201's "
            + "recipe (SGD, Nesterov 0.9, weight decay 5e-4, cosine from 0.1, clipping at 5, crop and flip), holding "
            + "out a seeded fraction for accuracy. Prints a line per epoch; checkpoints at every epoch end and "
            + "resumes from the last one when run again."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARCH", description = "an NB201 cell string, or an index (needs the NB201 tables)")
    String arch;

    @Option(names = "--epochs", paramLabel = "E", description = "epochs to train now (default: the horizon)")
    Integer epochs;

    @Option(names = "--horizon", paramLabel = "E", defaultValue = "200",
            description = "the cosine schedule's horizon (default: ${DEFAULT-VALUE})")
    int horizon;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "paper",
            description = "cpu (FEAR's CPU protocol: C=8, N=1, the first 10,000 images) or paper (C=16, N=5, every "
                    + "image); --channels, --cells and --images override it (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--channels", paramLabel = "C", description = "C (default: the protocol's)")
    Integer channels;

    @Option(names = "--cells", paramLabel = "N", description = "cells per stage (default: the protocol's)")
    Integer cells;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "256", description = "batch (default: 256)")
    int batchSize;

    @Option(names = "--images", paramLabel = "K",
            description = "use the first K training images (default: the protocol's, at most all there are)")
    Integer images;

    @Option(names = "--held-out", paramLabel = "F", defaultValue = "0.2",
            description = "fraction held out for accuracy, by a seeded shuffle (default: ${DEFAULT-VALUE})")
    double heldOut;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "36", description = "seed (default: 36, FEAR's)")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "train-runs",
            description = "where the checkpoint and the epoch log go (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Nb201Arch cell = parse(arch);
        engine.applyThreads();
        var settings = FearRunCommand.settings(spec, protocol);
        int channels = this.channels != null ? this.channels : settings.protocol().channels();
        int cells = this.cells != null ? this.cells : settings.protocol().cellsPerStage();
        ImageSet train = Images.train(Dataset.CIFAR10);
        int n = Math.min(images != null ? images : settings.images(), train.size());
        int held = (int) Math.round(n * heldOut);
        var split = HeldOutSplit.of(n, held, seed);
        int[] fit = split.train();
        int[] check = split.heldOut();
        var net = Nb201Net.official(cell, Dataset.CIFAR10).withChannels(channels).withCellsPerStage(cells);
        var recipe = TrainingRecipe.nb201(Dataset.CIFAR10).withBatchSize(batchSize).withEpochs(horizon);
        // the cell's code (base-5 digits of its ops) names it without NB201's index table; every setting that changes
        // the run is in the name, so a resume never continues a different run
        String name = String.format(Locale.ROOT, "cell%05d-c%dn%d-b%d-k%d-v%d-h%d-s%d", cell.code(), channels, cells,
                batchSize, n, held, horizon, seed);
        Path checkpoint = out.resolve(name + ".ckpt");
        Path log = out.resolve(name + ".csv");
        List<String> rows = new ArrayList<>();
        rows.add("epoch,learning_rate,steps,loss,train_top1,held_out_top1,seconds,diverged");
        int total = epochs == null ? horizon : epochs;
        w.printf("%s, C=%d N=%d, %d training and %d held-out images, batch %d, horizon %d -> %s%n", cell, channels,
                cells, fit.length, check.length, batchSize, horizon, log);
        try (NDManager root = NDManager.newBaseManager(Devices.select(engine.device));
                var trainer = new NetworkTrainer(net, seed, root)) {
            trainer.startStage(recipe, Freezing.none());
            int start = 0;
            if (Files.isRegularFile(checkpoint) && Files.isRegularFile(log)) {
                // the checkpoint says how many epochs are done; a log line written after it is dropped
                start = trainer.restore(checkpoint);
                List<String> logged = Files.readAllLines(log);
                if (logged.size() < start + 1) {
                    throw new IllegalStateException(log + " has " + (logged.size() - 1) + " epochs, " + checkpoint
                            + " says " + start + " are done: remove both to start over");
                }
                rows = new ArrayList<>(logged.subList(0, start + 1));
                w.printf("resuming %s after epoch %d%n", checkpoint, start);
            }
            double spent = 0;
            for (int e = start; e < total; e++) {
                EpochStats s = trainer.trainEpoch(train, fit, e);
                double acc = check.length == 0 ? Double.NaN : trainer.accuracy(train, check, 512);
                rows.add(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%s,%s,%s", e, s.learningRate(), s.steps(),
                        s.loss(), s.trainTop1(), acc, s.seconds(), s.diverged()));
                AtomicFiles.write(log, String.join("\n", rows) + "\n");
                trainer.save(checkpoint, e + 1);
                spent += s.seconds();
                double eta = spent / (e - start + 1) * (total - e - 1);
                w.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  train %.2f%%  held-out %.2f%%  %.1f s  ETA %s%n",
                        e + 1, total, s.loss(), 100 * s.trainTop1(), 100 * acc, s.seconds(), clock(eta));
                w.flush();
                if (s.diverged()) {
                    w.println("diverged: the loss or the gradient norm is not finite; stopped");
                    return 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private static Nb201Arch parse(String text) {
        if (text.strip().startsWith("|")) {
            return Nb201Arch.parse(text.strip());
        }
        var space = Nb201.load().space();
        return space.arch(space.lookup(text));
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
