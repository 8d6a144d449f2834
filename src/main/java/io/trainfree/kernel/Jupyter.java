package io.trainfree.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where Jupyter is on this machine: its command on the PATH, and whether a Python can import its libraries. */
public final class Jupyter {
    private Jupyter() {
    }

    /** The first executable {@code command} in the directories of {@code path} (as {@code $PATH}). */
    public static Optional<Path> onPath(String command, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Asks {@code python} to import each module and returns one line per module: {@code name version}, or
     * {@code name missing}. The process is killed after {@code timeout}.
     *
     * @throws IOException if python cannot be started, or it fails, or it runs out of time
     */
    public static List<String> modules(Path python, List<String> modules, Duration timeout)
            throws IOException, InterruptedException {
        String script = "import importlib\n"
                + "for m in " + pythonList(modules) + ":\n"
                + "    try:\n"
                + "        mod = importlib.import_module(m)\n"
                + "        print(m, getattr(mod, '__version__', '(no version)'))\n"
                + "    except Exception:\n"
                + "        print(m, 'missing')\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(python + " did not answer within " + timeout.toSeconds() + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IOException(python + " exited " + p.exitValue() + ": " + out);
            }
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String pythonList(List<String> modules) {
        var sb = new StringBuilder("[");
        for (String m : modules) {
            if (!m.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("not a module name: " + m);
            }
            sb.append('\'').append(m).append("', ");
        }
        return sb.append(']').toString();
    }
}
