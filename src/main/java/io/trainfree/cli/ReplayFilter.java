package io.trainfree.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * The standard output of a command that is run again after a missing data file was fetched: what the first run
 * already printed (commands are deterministic, so the rerun starts with the same text) is not printed twice. The
 * rerun's text is compared with what was printed; from the start of the first line that differs, or once it goes past
 * it, everything is written through.
 */
final class ReplayFilter extends Writer {
    private final Writer out;
    private final StringBuilder printed = new StringBuilder();
    private int position;
    private boolean diverged;

    ReplayFilter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Starts a rerun: its output is compared with everything printed so far. */
    void rerun() {
        position = 0;
        diverged = false;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        int from = offset;
        int end = offset + length;
        while (!diverged && from < end && position < printed.length()) {
            if (printed.charAt(position) != buffer[from]) {
                diverged = true; // from here the rerun says something new: print it all, track nothing more
                int lineStart = printed.lastIndexOf("\n", position - 1) + 1;
                out.append(printed, lineStart, position);
                break;
            }
            position++;
            from++;
        }
        if (from < end) {
            if (!diverged) {
                printed.append(buffer, from, end - from);
                position = printed.length();
            }
            out.write(buffer, from, end - from);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
