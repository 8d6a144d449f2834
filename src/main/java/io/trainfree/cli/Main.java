package io.trainfree.cli;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.MissingDataException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code trainfree} command line: subcommands over the library; parsing and exit codes only. */
@Command(name = "trainfree", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Training-free neural architecture search on the JVM.",
        subcommands = {DataCommand.class, BenchCommand.class, ProxiesCommand.class, RobotCommand.class,
            DeleCommand.class, TrainCommand.class, FearCommand.class, SwapCommand.class, GradAlignCommand.class,
            KernelCommand.class, DoctorCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * A path under the project's own data/ (the {@code trainfree.home} property, else the working directory): where
     * the commands write their tables by default. Reading goes through {@code DataResolver}, which also looks
     * elsewhere.
     */
    static Path projectData(String first, String... more) {
        return Path.of(System.getProperty(DataResolver.HOME_PROPERTY, ".")).resolve("data").resolve(Path.of(first,
                more));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Option(names = "--yes", scope = ScopeType.INHERIT,
            description = "fetch a missing data file from its public source without asking")
    boolean yes;

    @Option(names = "--offline", scope = ScopeType.INHERIT,
            description = "never fetch a missing data file: say where to get it and stop")
    boolean offline;

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        return run(FetchOnDemand.standard(), null, args);
    }

    /**
     * Runs a command line; when it fails for a missing data file that can be downloaded, offers to fetch it (or
     * fetches it with {@code --yes}) and runs it again, once per distinct missing file. What the failed run printed
     * is not printed again by the rerun ({@link ReplayFilter}).
     *
     * @param extra a further subcommand (tests), or null
     */
    static int run(FetchOnDemand fetch, Object extra, String... args) {
        Set<DataFile> fetched = new HashSet<>();
        var stdout = new ReplayFilter(new PrintWriter(System.out, true));
        while (true) {
            var cli = new CommandLine(new Main());
            if (extra != null) {
                cli.addSubcommand(extra);
            }
            cli.setOut(new PrintWriter(stdout, true));
            var missing = new AtomicReference<MissingDataException>();
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                MissingDataException m = missing(e);
                if (m != null) {
                    missing.set(m);
                    return 1;
                }
                // user-facing failures (bad arch, a failed download) print their message, not a stack trace
                cmd.getErr().println("trainfree: " + e.getMessage());
                if (System.getenv("TRAINFREE_DEBUG") != null) {
                    e.printStackTrace(cmd.getErr());
                }
                return 1;
            });
            int code = cli.execute(args);
            MissingDataException m = missing.get();
            if (m == null) {
                return code;
            }
            PrintWriter err = cli.getErr();
            if (System.getenv("TRAINFREE_DEBUG") != null) {
                m.printStackTrace(err);
            }
            if (fetched.contains(m.file())) { // fetched, yet still missing: do not loop
                err.println("trainfree: " + m.getMessage());
                err.flush();
                return code;
            }
            boolean now = fetch.offer(m, mode(cli.getParseResult()), err);
            err.flush();
            if (!now) {
                return code;
            }
            fetched.add(m.file());
            stdout.rerun();
        }
    }

    private static MissingDataException missing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingDataException m) {
                return m;
            }
        }
        return null;
    }

    /** --offline wins over --yes; either may be given on any command of the line. */
    private static FetchOnDemand.Mode mode(CommandLine.ParseResult parsed) {
        boolean y = false;
        boolean off = false;
        for (var p = parsed; p != null; p = p.subcommand()) {
            y |= p.hasMatchedOption("--yes");
            off |= p.hasMatchedOption("--offline");
        }
        return off ? FetchOnDemand.Mode.OFFLINE : y ? FetchOnDemand.Mode.YES : FetchOnDemand.Mode.ASK;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"trainfree " + (v == null ? "(development build)" : v)};
        }
    }
}
