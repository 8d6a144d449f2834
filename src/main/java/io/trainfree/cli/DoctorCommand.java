package io.trainfree.cli;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.Download;
import io.trainfree.kernel.Jupyter;
import io.trainfree.kernel.KernelInstaller;
import io.trainfree.model.CpuCapabilities;
import io.trainfree.model.Devices;
import io.trainfree.model.TorchOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trainfree doctor}: the facts a bug report needs, in plain text sections. Each fact comes from a probe that
 * is bounded in time and never fails the command: a probe that fails or runs out of time prints
 * {@code unknown (reason)}.
 */
@Command(name = "doctor", description = "Print what a bug report should contain: Java, engine and libtorch, CPU and "
        + "its vectorised kernels, CUDA, threads, data files, the Jupyter kernel and Jupyter.")
final class DoctorCommand implements Callable<Integer> {
    /** The checksum column of a file with no SHA-256 recorded in the project (the files of CIFAR-10's tarball). */
    static final String NO_CHECKSUM = "no checksum recorded";

    private static final Duration QUICK = Duration.ofSeconds(5);
    /** Loading libtorch the first time can take a while (unpacking its native libraries). */
    private static final Duration ENGINE = Duration.ofSeconds(60);
    private static final Duration PYTHON = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        report(spec.commandLine().getOut(), System.getenv());
        return 0;
    }

    static void report(PrintWriter out, Map<String, String> env) {
        out.println("trainfree doctor: paste all of this into a bug report.");
        section(out, "trainfree");
        String version = Main.class.getPackage().getImplementationVersion();
        line(out, "version", version == null ? "(development build)" : version);
        line(out, "project", probe(QUICK, () -> or(System.getProperty(DataResolver.HOME_PROPERTY),
                "not set (-D" + DataResolver.HOME_PROPERTY + "; run through ./trainfree)")));
        line(out, "build profile", probe(QUICK, DoctorCommand::profile));

        section(out, "java");
        line(out, "java.version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        line(out, "java.home", System.getProperty("java.home"));
        line(out, "javac", probe(QUICK, () -> {
            Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
            return (Files.isExecutable(javac) ? "present " : "absent (a JRE, not a JDK) ") + javac;
        }));
        line(out, "JAVA_HOME", or(env.get("JAVA_HOME"), "not set"));
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        line(out, "max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");

        section(out, "engine");
        line(out, "DJL", probe(QUICK, Devices::djlVersion));
        line(out, "libtorch", probe(ENGINE, Devices::libtorchVersion));
        line(out, "libtorch path", probe(ENGINE, TorchOps::libtorchPath));
        line(out, "libtorch features", probe(ENGINE, () -> String.join(" ", TorchOps.features())));

        section(out, "cpu");
        String cpuEnv = env.get(CpuCapabilities.ENV);
        Probed<CpuCapabilities> probed = attempt(QUICK, CpuCapabilities::read);
        if (probed.failure() != null) {
            line(out, "cpuinfo", probed.failure());
        }
        Optional<CpuCapabilities> cpu = Optional.ofNullable(probed.value());
        cpu.ifPresent(c -> {
            line(out, "model", or(c.model(), "unknown (not in /proc/cpuinfo)"));
            line(out, "vector flags", c.vectorFlags().isEmpty() ? "none of " + CpuCapabilities.VECTOR_FLAGS
                    : String.join(" ", c.vectorFlags()));
            line(out, "best kernels", c.best() + " (as libtorch picks them from these flags)");
        });
        line(out, CpuCapabilities.ENV, or(cpuEnv, "not set"));
        line(out, "ONEDNN_MAX_CPU_ISA", or(env.get("ONEDNN_MAX_CPU_ISA"), "not set"));
        line(out, "MKL_ENABLE_INSTRUCTIONS", or(env.get("MKL_ENABLE_INSTRUCTIONS"), "not set"));
        line(out, "kernels in use", cpu.map(c -> c.chosen(cpuEnv) + " (inferred from the flags and "
                + CpuCapabilities.ENV + "; libtorch does not report it)").orElse("unknown (no /proc/cpuinfo)"));

        section(out, "cuda");
        line(out, "GPUs visible to PyTorch", probe(ENGINE, () -> String.valueOf(Devices.gpuCount())));
        line(out, "why not", probe(ENGINE, () -> or(Devices.cudaAbsence(Devices.gpuCount(),
                TorchOps.features().contains("CUDA"), Files.exists(Path.of("/dev/nvidia0")),
                env.get("CUDA_VISIBLE_DEVICES")), "(a GPU is visible)")));
        line(out, "CUDA_VISIBLE_DEVICES", or(env.get("CUDA_VISIBLE_DEVICES"), "not set"));
        line(out, "PYTORCH_FLAVOR", or(env.get("PYTORCH_FLAVOR"), "not set"));

        section(out, "threads");
        line(out, "available processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        line(out, "libtorch intra-op", probe(ENGINE, () -> String.valueOf(TorchOps.threads())));
        line(out, "libtorch inter-op", probe(ENGINE, () -> String.valueOf(TorchOps.interopThreads())));
        line(out, "OMP_NUM_THREADS", or(env.get("OMP_NUM_THREADS"), "not set"));

        section(out, "data");
        data(out, DataResolver.standard());

        section(out, "jupyter kernel");
        kernel(out, env);

        section(out, "jupyter");
        line(out, "jupyter command", probe(QUICK, () -> Jupyter.onPath("jupyter", env.get("PATH"))
                .map(Path::toString).orElse("not found on PATH")));
        Path python = Path.of("/usr/bin/python3");
        line(out, "python", Files.isExecutable(python) ? python.toString() : python + " absent");
        if (Files.isExecutable(python)) {
            Probed<List<String>> modules = attempt(PYTHON.plusSeconds(2), () -> Jupyter.modules(python,
                    List.of("jupyter_client", "nbclient", "nbconvert", "notebook"), PYTHON));
            for (String m : modules.failure() != null ? List.of(modules.failure()) : modules.value()) {
                line(out, "python3 -c import", m);
            }
        }
        out.flush();
    }

    static void data(PrintWriter out, DataResolver resolver) {
        int n = 1;
        for (Path root : resolver.roots()) {
            line(out, "root " + n++, root + (Files.isDirectory(root) ? "" : "  (absent)"));
        }
        for (DataFile file : DataFile.values()) {
            String state = probe(QUICK, () -> {
                Optional<Path> at = resolver.find(file);
                if (at.isEmpty()) {
                    return "missing  " + file.path() + (DataCommand.OPTIONAL.contains(file) ? "  (optional)" : "");
                }
                return String.format("found    %-62s %s  %,d bytes  %s", file.path(), at.get(), Files.size(at.get()),
                        checksum(file, at.get()));
            });
            out.println("  " + state);
        }
    }

    /**
     * The SHA-256 the project records for the file as trainfree reads it (the published file, or the output of its
     * conversion) against the file found: ok, MISMATCH, or none recorded.
     */
    static String checksum(DataFile file, Path found) throws IOException {
        Optional<String> recorded = DataSource.of(file).sha256();
        if (recorded.isEmpty()) {
            return NO_CHECKSUM;
        }
        String actual = Download.sha256(found);
        return actual.equals(recorded.get()) ? "checksum ok" : "checksum MISMATCH (SHA-256 " + actual + ", recorded "
                + recorded.get() + ")";
    }

    static void kernel(PrintWriter out, Map<String, String> env) {
        Path dataDir = KernelInstaller.userDataDir(env, System.getProperty("os.name"),
                Path.of(System.getProperty("user.home")));
        line(out, "user data dir", dataDir.toString());
        Probed<Optional<KernelInstaller.Installed>> installed = attempt(QUICK,
                () -> KernelInstaller.inspect(dataDir, "trainfree"));
        if (installed.failure() != null) {
            line(out, "installed", installed.failure());
        } else if (installed.value().isEmpty()) {
            line(out, "installed", "no (" + dataDir.resolve("kernels/trainfree/kernel.json")
                    + " absent; ./trainfree kernel install)");
        } else {
            kernelLines(out, installed.value().get());
        }
    }

    static void kernelLines(PrintWriter out, KernelInstaller.Installed k) {
        line(out, "installed", "yes, " + k.kernelJson());
        line(out, "java", k.java());
        line(out, "classpath", or(k.classpath(), "(none)"));
        line(out, "points to", k.missing().isEmpty() ? "everything it names exists"
                : "MISSING " + String.join(", ", k.missing()) + " (rebuild, or ./trainfree kernel install again)");
    }

    private static String profile() throws Exception {
        String home = System.getProperty(DataResolver.HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            return "unknown (project directory not known)";
        }
        Path stamp = Path.of(home, "target/.trainfree-profile");
        return Files.isRegularFile(stamp) ? Files.readString(stamp).strip() : "cpu (no " + stamp + ")";
    }

    /** What a probe found, or why it found nothing ({@code unknown (reason)}). */
    record Probed<T>(T value, String failure) {
        String text() {
            return failure != null ? failure : String.valueOf(value);
        }
    }

    /**
     * Runs {@code probe} on a daemon thread and returns its answer, or {@code unknown (reason)} if it throws or
     * has not answered within {@code timeout} (the thread is then left to finish on its own).
     */
    static <T> Probed<T> attempt(Duration timeout, Callable<T> probe) {
        var task = new FutureTask<>(probe);
        var thread = new Thread(task, "trainfree-doctor-probe");
        thread.setDaemon(true);
        try {
            thread.start();
            return new Probed<>(task.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            task.cancel(true);
            return new Probed<>(null, "unknown (no answer within " + timeout.toSeconds() + " s)");
        } catch (ExecutionException e) {
            return new Probed<>(null, unknown(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probed<>(null, "unknown (interrupted)");
        } catch (RuntimeException | Error e) {
            return new Probed<>(null, unknown(e));
        }
    }

    /** {@link #attempt}'s answer as text. */
    static String probe(Duration timeout, Callable<String> probe) {
        return attempt(timeout, probe).text();
    }

    static String unknown(Throwable e) {
        String message = e.getMessage();
        return "unknown (" + e.getClass().getSimpleName() + (message == null || message.isBlank() ? ""
                : ": " + message.strip().lines().findFirst().orElse("")) + ")";
    }

    private static String or(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static void section(PrintWriter out, String name) {
        out.println();
        out.println("== " + name);
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf("  %-24s %s%n", key + ":", value);
    }
}
