package io.trainfree.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import net.razorvine.pickle.Unpickler;

/** One pickle loaded from a file's bytes, any failure named by the file and the byte offset where it happened. */
final class Unpickling {
    private Unpickling() {
    }

    /**
     * Loads the pickle at the start of {@code bytes} and closes the unpickler.
     *
     * @param where says more about the place of a failure (", in record 812"), or "" (asked only on failure)
     * @throws CorruptDataException "cannot unpickle at byte B of N[where]: cause"
     */
    static Object load(Path file, byte[] bytes, Unpickler unpickler, Supplier<String> where) {
        var in = new Position(bytes);
        try {
            return unpickler.load(in);
        } catch (IOException | RuntimeException e) {
            String cause = in.position() == bytes.length ? "the file ends before the pickle does"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CorruptDataException(file, "cannot unpickle at byte " + in.position() + " of " + bytes.length
                    + where.get() + ": " + cause, e);
        } finally {
            unpickler.close();
        }
    }

    /** A byte stream that tells how far it has been read. */
    private static final class Position extends ByteArrayInputStream {
        Position(byte[] bytes) {
            super(bytes);
        }

        int position() {
            return pos;
        }
    }
}
