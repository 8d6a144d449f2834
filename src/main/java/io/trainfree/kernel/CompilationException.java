package io.trainfree.kernel;

import java.util.List;

/** A cell that does not compile; each message names the cell line and marks the column. */
public final class CompilationException extends CellError {
    CompilationException(String message, List<String> lines) {
        super(message, lines);
    }
}
