package io.trainfree.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trainfree} command line: subcommands over the library; parsing and exit codes only. */
@Command(name = "trainfree", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Training-free neural architecture search on the JVM.",
        subcommands = {DataCommand.class, BenchCommand.class, ProxiesCommand.class, RobotCommand.class,
            KernelCommand.class, DoctorCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        var cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // user-facing failures (missing data, bad arch) print their message, not a stack trace
            cmd.getErr().println("trainfree: " + e.getMessage());
            if (System.getenv("TRAINFREE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
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
