package io.trainfree.kernel;

import java.util.List;

/**
 * A cell that failed in a way the user can fix: it did not compile, it threw, it was interrupted or a magic was
 * misused. {@link #lines()} is what the notebook shows; there is no kernel stack trace behind it worth showing.
 */
public abstract sealed class CellError extends Exception
        permits CompilationException, EvaluationException, EvaluationInterruptedException, MagicException {
    private final List<String> lines;

    CellError(String message, List<String> lines) {
        super(message, null, false, false);
        this.lines = List.copyOf(lines);
    }

    /** The error as shown in the notebook, one entry per line. */
    public List<String> lines() {
        return lines;
    }
}
