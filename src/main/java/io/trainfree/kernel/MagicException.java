package io.trainfree.kernel;

import java.util.List;

/** A misused magic ({@code %jars}, {@code %classpath}, {@code %chart}, {@code %%time}): what was wrong and the fix. */
public final class MagicException extends CellError {
    MagicException(String message) {
        super(message, List.of(message));
    }
}
