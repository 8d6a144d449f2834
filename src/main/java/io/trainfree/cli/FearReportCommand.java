package io.trainfree.cli;

import io.trainfree.bench.Nb201;
import io.trainfree.eval.FearResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainfree fear report}: the study's tables from its logs, finished or not. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print a FEAR study's tables from the logs finished so far: the engine check, the ranking with "
                + "bootstrap intervals, the random-search replay and FEAR's speed-up.")
final class FearReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "cpu",
            description = "the study's protocol, for its default directory (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = {"-i", "--in"}, paramLabel = "DIR", description = "the study's directory (default: "
            + "data/fear/<protocol>)")
    Path in;

    @Option(names = "--budget", paramLabel = "K", defaultValue = "50",
            description = "architectures per replayed random search (default: ${DEFAULT-VALUE})")
    int budget;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        FearRunCommand.settings(spec, protocol);
        Path dir = in != null ? in : FearRunCommand.dataDir().resolve(protocol);
        var fear = FearResults.load(dir, Nb201.load());
        w.println(fear);
        w.println(BenchCommand.rounded(fear.engineCheck(), 3).printAll());
        w.println(BenchCommand.rounded(fear.ranking(), 3).printAll());
        int k = Math.min(budget, fear.logs().size());
        w.println(BenchCommand.rounded(fear.randomSearch(k), 3).printAll());
        w.println(BenchCommand.rounded(fear.speedUp(k), 3).printAll());
        w.println(fear.claims(k).printAll());
        w.flush();
        return 0;
    }
}
