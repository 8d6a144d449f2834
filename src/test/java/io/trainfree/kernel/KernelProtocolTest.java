package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel as Jupyter runs it: src/test/python/kernel_protocol.py starts it with Debian's jupyter_client from a
 * kernelspec like the installed one (same JVM options and interrupt mode, this test JVM's java and classpath), in
 * private Jupyter directories, and executes, interrupts a libtorch loop, runs error cells and displays a table and a
 * chart through the protocol. The script checks the kernel's answers; this test checks that it ran every step.
 */
class KernelProtocolTest {
    static final Path PYTHON = Path.of("/usr/bin/python3"); // Debian's; a pyenv python3 on PATH lacks jupyter_client
    static final Path SCRIPT = Path.of("src/test/python/kernel_protocol.py");
    /** The script cuts itself at 55 s; past this the process tree is killed so that a hung kernel cannot hang CI. */
    static final long TIMEOUT_SECONDS = 60;
    static final List<String> STEPS = List.of("kernel-info", "interrupt-native-loop", "state-after-interrupt",
            "interrupt-control-channel", "compile-error", "runtime-exception", "good-cell-after-errors",
            "display-data");

    @TempDir
    Path tmp;

    @Test
    void executesInterruptsAndRecoversThroughJupyterClient() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && exitCode(PYTHON.toString(), "-c", "import jupyter_client") == 0,
                "needs " + PYTHON + " with jupyter_client (Debian: apt-get install python3-jupyter-client)");
        Path data = Files.createDirectories(tmp.resolve("data"));
        String name = "trainfree-protocol-test";
        Path project = Path.of("").toAbsolutePath(); // Surefire runs in the project directory
        KernelSpec spec = KernelSpec.forClasspath(project, Path.of(System.getProperty("java.home")),
                Runtime.version().feature(), "cpu", System.getProperty("java.class.path"), System.getenv());
        KernelInstaller.install(spec, data, name, null);

        var pb = new ProcessBuilder(PYTHON.toString(), SCRIPT.toAbsolutePath().toString(), name)
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_DATA_DIR", data.toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(tmp.resolve("config")).toString());
        env.remove("JUPYTER_PATH"); // kernelspecs there would come before the private one
        Path log = tmp.resolve("output.txt");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean finished;
        try {
            finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            // the kernel JVM is the script's child: never leave it running
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the protocol script did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
        assertEquals(0, p.exitValue(), "the protocol script failed:\n" + output);
        for (String step : STEPS) {
            assertTrue(output.contains("\nok " + step + ": ") || output.startsWith("ok " + step + ": "),
                    "step " + step + " did not pass:\n" + output);
        }
        assertTrue(output.contains("interrupt_mode=" + spec.interruptMode() + ","),
                "the interrupt went another way than the kernelspec declares:\n" + output);
        System.out.println(output.strip()); // what the kernel answered, in the build log
    }

    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
