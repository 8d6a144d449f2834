package io.trainfree.job;

import java.nio.file.Path;

/**
 * What a running job tells its user: notes (resumed, a dropped torn line), warnings (a restored journal), progress,
 * the files written, an interruption. The library never prints; the command line and the notebooks listen (see
 * {@code io.trainfree.notebook.JobProgress}). Every method does nothing by default.
 */
public interface JobListener {
    /** Hears nothing. */
    JobListener NONE = new JobListener() { };

    /** Something the user should know about this run (resumed rows, a dropped line). */
    default void note(String message) {
    }

    /** Something went wrong and was mended (a journal replaced under the job and restored); called from any thread. */
    default void warning(String message) {
    }

    /** Computing starts: {@code computations} steps to go (0 if unknown). */
    default void started(String label, long computations) {
    }

    /** One computation is done. */
    default void computed() {
    }

    /** Computing has ended (all done, or failed). */
    default void ended() {
    }

    /** The final files are written. */
    default void written(Path target, int rows, Path sidecar) {
    }

    /**
     * The JVM is exiting while the job ran (Ctrl-C, a kill): the finished rows are in the journal, which is closed.
     * Called from the shutdown hook's thread.
     */
    default void interrupted(Path journal) {
    }
}
