package io.trainfree.cli;

import ai.djl.ndarray.NDManager;
import io.trainfree.bench.Nb201;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import io.trainfree.data.Images;
import io.trainfree.eval.SwapNasStudy;
import io.trainfree.job.AtomicFiles;
import io.trainfree.model.DartsProxyNet;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.DartsSwap;
import io.trainfree.proxy.Swap;
import io.trainfree.search.SwapNas;
import io.trainfree.space.DartsCell;
import io.trainfree.space.DartsGenotype;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainfree swap}: SWAP-NAS, the search of the SWAP paper. */
@Command(name = "swap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SWAP-NAS (Peng et al., ICLR 2024): evolutionary search scored by regularised SWAP "
                + "(docs/swap.md).", subcommands = {SwapCommand.Nas.class, SwapCommand.Darts.class})
final class SwapCommand {
    /** {@code trainfree swap nas}: the NAS-Bench-201 study. */
    @Command(name = "nas", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "SWAP-NAS on NAS-Bench-201 (regularised SWAP from data/proxies/nb201-cifar10-swap.csv) "
                    + "beside RS, REA and RoBoT at the same number of evaluated cells, three datasets, over seeds.")
    static final class Nas implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--budgets", split = ",", defaultValue = "20,100", paramLabel = "B",
                description = "cells evaluated per search (default: ${DEFAULT-VALUE})")
        int[] budgets;

        @Option(names = "--mus", split = ",", defaultValue = "400,800,1200", paramLabel = "MU",
                description = "mu = sigma, thousands of parameters (default: ${DEFAULT-VALUE})")
        double[] mus;

        @Option(names = "--seeds", defaultValue = "0..9", paramLabel = "A..B", description = "default: 0..9")
        String seeds;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "default: data/swap/nb201-swapnas.csv")
        Path out;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            var nb201 = Nb201.load();
            long[] s = DeleCommand.range(seeds).stream().mapToLong(Long::longValue).toArray();
            List<SwapNasStudy.Run> runs = SwapNasStudy.run(nb201, ComputedTables.of("nb201-cifar10-swap"),
                    ComputedTables.of(Dataset.CIFAR10), List.of(Dataset.CIFAR10, Dataset.CIFAR100,
                            Dataset.IMAGENET16_120), mus, budgets, s);
            Path target = out != null ? out : Main.projectData("swap", "nb201-swapnas.csv");
            AtomicFiles.write(target, SwapNasStudy.csv(runs));
            w.println(SwapNasStudy.summary(runs).printAll());
            w.println("-> " + target);
            w.flush();
            return 0;
        }
    }

    /** {@code trainfree swap darts}: SWAP-NAS on DARTS, scored live. */
    @Command(name = "darts", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "SWAP-NAS on the DARTS space, each genotype scored live with regularised SWAP on the "
                    + "paper's proxy network (the first 16 CIFAR-10 training images, 32 repeats). The proxy is one "
                    + "reduction cell, so the search varies one cell used as both normal and reduce. Prints the "
                    + "genotypes found, their SWAP, parameters and the search's wall time; training them is out of "
                    + "scope.")
    static final class Darts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--budget", defaultValue = "100", description = "genotypes scored (default: ${DEFAULT-VALUE})")
        int budget;

        @Option(names = "--mus", split = ",", defaultValue = "0.8,1.4,2.0", paramLabel = "MU",
                description = "mu = sigma, thousands of parameters of the proxy network (default: ${DEFAULT-VALUE})")
        double[] mus;

        @Option(names = "--seed", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "default: data/swap/darts-swapnas.csv")
        Path out;

        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            engine.applyThreads();
            var images = Images.train(Dataset.CIFAR10);
            var swap = new DartsSwap();
            // the proxy network is one reduction cell: it scores the reduce list alone, so the search varies one cell
            // and uses it as both, as every genotype of the paper's 1,000 does
            var ops = new SwapNas.Operators<DartsGenotype>() {
                @Override
                public DartsGenotype random(RandomGenerator rng) {
                    return both(DartsCell.random(rng));
                }

                @Override
                public DartsGenotype mutate(DartsGenotype parent, RandomGenerator rng) {
                    return both(parent.reduce().mutate(rng));
                }

                @Override
                public DartsGenotype crossover(DartsGenotype a, DartsGenotype b, RandomGenerator rng) {
                    return both(a.reduce().crossover(b.reduce(), rng));
                }

                private DartsGenotype both(DartsCell cell) {
                    return new DartsGenotype(cell, cell);
                }
            };
            var csv = new StringBuilder("mu_sigma_k,scored,seconds,params,log_reg_swap,swap,genotype\n");
            try (NDManager m = NDManager.newBaseManager()) {
                var x = BatchSampler.evaluation(images).first(Swap.SAMPLES, m).images();
                for (double mu : mus) {
                    long t0 = System.nanoTime();
                    // a genotype's seed is its string's hash: the same genotype scores the same in every run
                    var search = new SwapNas<>(SwapNas.Settings.standard(), ops, g -> {
                        double k = DartsProxyNet.of(g).paramCount() / 1e3;
                        double psi = swap.patterns(g, x, g.toString().hashCode(), m).mean();
                        return Math.log(psi) - (k - mu) * (k - mu) / mu;
                    });
                    var scored = search.run(budget, new SplittableRandom(seed));
                    var best = scored.stream().max(java.util.Comparator.comparingDouble(SwapNas.Scored::fitness))
                            .orElseThrow();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    w.printf(Locale.ROOT, "mu = sigma = %s K: %d genotypes scored in %.0f s; best: %d parameters, "
                            + "log regularised SWAP %.3f%n  %s%n", mu, scored.size(), seconds,
                            DartsProxyNet.of(best.genome()).paramCount(), best.fitness(), best.genome());
                    w.flush();
                    csv.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%s,\"%s\"%n", mu, scored.size(), seconds,
                            DartsProxyNet.of(best.genome()).paramCount(), best.fitness(),
                            swap.patterns(best.genome(), x, best.genome().toString().hashCode(), m).mean(),
                            best.genome()));
                }
            }
            Path target = out != null ? out : Main.projectData("swap", "darts-swapnas.csv");
            AtomicFiles.write(target, csv.toString());
            w.println("-> " + target);
            w.flush();
            return 0;
        }
    }

    private SwapCommand() {
    }
}
