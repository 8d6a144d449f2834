package io.trainfree.kernel;

import java.util.List;

/** A cell stopped by the user's interrupt; the kernel keeps its state and goes on evaluating. */
public final class EvaluationInterruptedException extends CellError {
    EvaluationInterruptedException(String message) {
        super(message, List.of(message));
    }
}
