package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.data.Images;
import io.trainfree.fear.FearStudy;
import io.trainfree.model.Devices;
import io.trainfree.notebook.JobProgress;
import io.trainfree.space.Nb201Space;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trainfree fear run}: the FEAR study's job over the first architectures of FEAR's list, one log per
 * architecture, resumable at epoch ends, splittable over processes.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run FEAR, shortreg and the proxies-during-training study on the first K architectures of "
            + "FEAR's list (data/fear/), one log per architecture under the output directory. Resumes at the last "
            + "finished epoch; --shard i/n splits the list over n processes sharing the directory."})
final class FearRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "cpu",
            description = "cpu (chosen for 2 cores, no GPU) or paper (the paper's CIFAR-10 settings) "
                    + "(default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--archs", paramLabel = "K", defaultValue = "100",
            description = "the first K architectures of FEAR's list (default: ${DEFAULT-VALUE})")
    int archs;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1",
            description = "this process's share: positions p with p mod N == I (default: ${DEFAULT-VALUE})")
    String shard;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "the study's directory (default: data/fear/<protocol>)")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        FearStudy.Settings settings = settings(spec, protocol);
        String[] parts = shard.split("/");
        int i;
        int n;
        try {
            i = Integer.parseInt(parts[0].strip());
            n = Integer.parseInt(parts[1].strip());
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--shard is I/N, e.g. 0/2; got '" + shard + "'");
        }
        List<Integer> list = FearStudy.archList(DataResolver.standard().resolve(DataFile.FEAR_ARCHS));
        if (archs < 1 || archs > list.size()) {
            throw new ParameterException(spec.commandLine(), "--archs must be in 1.." + list.size() + ", got "
                    + archs);
        }
        Path dir = out != null ? out : dataDir().resolve(protocol);
        engine.applyThreads();
        Nb201Space space = Nb201.load().space();
        var images = Images.train(Dataset.CIFAR10);
        w.printf(Locale.ROOT, "FEAR study, protocol %s, architectures 1..%d of FEAR's list, shard %d/%d -> %s%n",
                protocol, archs, i, n, dir);
        w.flush();
        var progress = JobProgress.standard();
        FearStudy.Outcome o = StudyJobs.run(() -> FearStudy.run(dir, settings, list.subList(0, archs), space::arch,
                images, i, n, Devices.select(engine.device), progress, (index, phase, s) -> {
                    w.printf(Locale.ROOT, "  %5d %-6s epoch %2d  loss %.4f  train %.2f%%  %.1f s%s%n", index, phase,
                            s.epoch() + 1, s.loss(), 100 * s.trainTop1(), s.seconds(),
                            s.diverged() ? "  diverged" : "");
                    w.flush();
                }));
        w.printf(Locale.ROOT, "%d architectures of this shard finished, %d in this session (%.0f s)%n",
                o.logs().size(), o.computed(), o.seconds());
        w.flush();
        return 0;
    }

    static FearStudy.Settings settings(CommandSpec spec, String protocol) {
        return switch (protocol.strip().toLowerCase(Locale.ROOT)) {
            case "cpu" -> FearStudy.Settings.cpu();
            case "paper" -> FearStudy.Settings.paper();
            default -> throw new ParameterException(spec.commandLine(), "unknown protocol '" + protocol
                    + "'; known: cpu, paper");
        };
    }

    /** data/fear under the project (the study's default home). */
    static Path dataDir() {
        return Main.projectData("fear");
    }
}
