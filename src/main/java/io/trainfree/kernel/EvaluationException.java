package io.trainfree.kernel;

import java.util.List;

/**
 * A cell that threw: the user's exception class and message, with a stack trace trimmed to the library and cell
 * frames (cell frames read "line 3", or "cell 2, line 3" for code defined in an earlier cell).
 */
public final class EvaluationException extends CellError {
    private final String exceptionClass;

    EvaluationException(String exceptionClass, String message, List<String> lines) {
        super(message == null ? exceptionClass : exceptionClass + ": " + message, lines);
        this.exceptionClass = exceptionClass;
    }

    /** Fully qualified name of the exception the cell threw. */
    public String exceptionClass() {
        return exceptionClass;
    }
}
