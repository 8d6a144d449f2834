package io.trainfree.notebook;

import io.trainfree.job.JobListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Shows a long job ({@link io.trainfree.job.KeyedJob}) as it runs: its notes as lines, a {@link Progress} bar over its
 * computations, warnings and an interruption on the error stream (after a line break, so they do not land on the
 * bar), and the files written. The command line and notebooks listen with it.
 *
 * {@snippet :
 * ProxyJob.of(runner, nb201.space(), indices, target, new ProxyJob.Options()).run(JobProgress.standard());
 * }
 */
public final class JobProgress implements JobListener {
    private final PrintStream out;
    private final PrintStream err;
    private Progress progress;

    /**
     * @param out notes, the bar and the files written
     * @param err warnings and an interruption
     */
    public JobProgress(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** On {@code System.out} and {@code System.err}. */
    public static JobProgress standard() {
        return new JobProgress(System.out, System.err);
    }

    @Override
    public void note(String message) {
        out.println(message);
    }

    @Override
    public void warning(String message) {
        err.println();
        err.println("trainfree: " + message);
    }

    @Override
    public synchronized void started(String label, long computations) {
        progress = Progress.of(computations, label, Progress.detect(), out, System::nanoTime);
    }

    @Override
    public synchronized void computed() {
        if (progress != null) {
            progress.step();
        }
    }

    @Override
    public synchronized void ended() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    @Override
    public void written(Path target, int rows, Path sidecar) {
        out.printf("wrote %s (%,d rows) and %s%n", target, rows, sidecar);
    }

    @Override
    public void interrupted(Path journal) {
        err.println();
        err.println("trainfree: interrupted; the finished rows are in " + journal + ": run the same command again to "
                + "resume");
    }
}
