package io.trainfree.cli;

import io.trainfree.data.DataResolver;
import io.trainfree.kernel.KernelInstaller;
import io.trainfree.kernel.KernelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trainfree kernel ...}: the Jupyter kernel. */
@Command(name = "kernel", description = "The Java Jupyter kernel with trainfree on its classpath.",
        subcommands = KernelCommand.Install.class)
final class KernelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "install", description = "Install the kernelspec for Jupyter (for the current user unless "
            + "--prefix is given), replacing an earlier install of the same name.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--user", description = "Install in the user's Jupyter data directory "
                + "($JUPYTER_DATA_DIR or ~/.local/share/jupyter); the default.")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR",
                description = "Install under DIR/share/jupyter instead (as `jupyter kernelspec install --prefix`).")
        Path prefix;

        @Option(names = "--name", defaultValue = "trainfree", description = "Kernel name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (user && prefix != null) {
                throw new IllegalArgumentException("--user and --prefix exclude each other: give one");
            }
            String homeProperty = System.getProperty(DataResolver.HOME_PROPERTY);
            if (homeProperty == null || homeProperty.isBlank()) {
                throw new IllegalStateException("the project directory is unknown: run this through the ./trainfree "
                        + "launcher (it sets -D" + DataResolver.HOME_PROPERTY + ")");
            }
            Path home = Path.of(homeProperty).toAbsolutePath().normalize();
            Path profileStamp = home.resolve("target/.trainfree-profile");
            String profile = Files.isRegularFile(profileStamp) ? Files.readString(profileStamp).strip() : "cpu";
            Path javaHome = Path.of(System.getProperty("java.home"));
            KernelSpec kernelSpec = KernelSpec.forProject(home, javaHome, Runtime.version().feature(), profile,
                    System.getenv());
            Path dataDir = prefix != null ? KernelInstaller.prefixDataDir(prefix.toAbsolutePath())
                    : KernelInstaller.userDataDir(System.getenv(), System.getProperty("os.name"),
                            Path.of(System.getProperty("user.home")));
            var result = KernelInstaller.install(kernelSpec, dataDir, name, home.resolve("kernel"));
            report(out, result, kernelSpec, prefix != null);
            return 0;
        }
    }

    static void report(PrintWriter out, KernelInstaller.Result result, KernelSpec spec, boolean prefix) {
        out.printf("%s kernel '%s' (\"%s\") in %s%n", result.replaced() ? "replaced" : "installed",
                result.directory().getFileName(), spec.displayName(), result.directory());
        int cp = spec.argv().indexOf("-cp");
        out.println("  java:      " + spec.argv().get(0));
        out.println("  classpath: " + spec.argv().get(cp + 1));
        for (String key : new TreeMap<>(spec.env()).keySet()) {
            out.println("  env:       " + key + "=" + spec.env().get(key));
        }
        if (prefix) {
            out.println("Jupyter looks here only if this prefix is its own or JUPYTER_PATH includes "
                    + result.directory().getParent().getParent());
        }
        out.println("in Jupyter choose \"" + spec.displayName() + "\"; `jupyter kernelspec list` (Debian: package "
                + "jupyter-client) lists it.");
        out.flush();
    }
}
