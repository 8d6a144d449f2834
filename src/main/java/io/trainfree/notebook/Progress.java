package io.trainfree.notebook;

import java.io.Console;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress bar with rate and ETA, for loops of any length (15,625 architectures included): drawing is throttled,
 * so {@link #step()} costs a counter increment most of the time. One API for three places:
 * <ul>
 * <li>{@link Style#TERMINAL}: one line redrawn with a carriage return, at most every 0.1 s;</li>
 * <li>{@link Style#DISPLAY}: in the trainfree kernel, one notebook output updated in place, at most every 0.25 s;</li>
 * <li>{@link Style#LINES}: anywhere else (a log, a pipe, IJava), a new line at most every second, and less often as
 * the run gets longer (every elapsed/60), so an hour-long run prints a few hundred lines, not thousands.</li>
 * </ul>
 * {@link #of(long, String)} picks the style. {@link #step()} also makes long library loops interruptible: when the
 * thread is interrupted (the kernel's interrupt does that) it throws {@link CancellationException}.
 *
 * {@snippet :
 * try (var progress = Progress.of(archs.size(), "synflow")) {
 *     for (var arch : archs) {
 *         scores.add(synflow.score(arch));
 *         progress.step();
 *     }
 * }
 * }
 */
public final class Progress implements AutoCloseable {
    /** Where and how the bar is drawn. */
    public enum Style { TERMINAL, LINES, DISPLAY }

    static final long TERMINAL_INTERVAL = 100_000_000L;
    static final long DISPLAY_INTERVAL = 250_000_000L;
    static final long LINES_INTERVAL = 1_000_000_000L;
    private static final int BAR = 24;

    private final long total;
    private final String label;
    private final Style style;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private final AtomicLong count = new AtomicLong();
    private volatile long nextDraw;
    private String displayId;
    private int drawnLength;
    private boolean closed;

    private Progress(long total, String label, Style style, PrintStream out, LongSupplier clock) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0 (0 if unknown), got " + total);
        }
        this.total = total;
        this.label = Objects.requireNonNull(label, "label");
        this.style = Objects.requireNonNull(style, "style");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.getAsLong();
        synchronized (this) {
            draw(start, false);
        }
    }

    /** A bar over {@code total} steps (0 if unknown) on {@code System.out}, in the style that suits where it runs. */
    public static Progress of(long total, String label) {
        return of(total, label, detect(), System.out, System::nanoTime);
    }

    /** A bar in a given style, drawn on {@code out}, timed by {@code nanoClock} (a {@code System::nanoTime}). */
    public static Progress of(long total, String label, Style style, PrintStream out, LongSupplier nanoClock) {
        return new Progress(total, label, style, out, nanoClock);
    }

    /** The style {@link #of(long, String)} picks: DISPLAY in the kernel, TERMINAL on a terminal, else LINES. */
    public static Style detect() {
        if (Display.attached()) {
            return Style.DISPLAY;
        }
        Console console = System.console();
        return console != null && isTerminal(console) ? Style.TERMINAL : Style.LINES;
    }

    private static boolean isTerminal(Console console) {
        try { // Console.isTerminal() exists from Java 22; before it, a console is only returned for a terminal
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** One step done. */
    public void step() {
        step(1);
    }

    /**
     * {@code n} steps done.
     *
     * @throws CancellationException if the current thread has been interrupted
     */
    public void step(long n) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(label + ": interrupted after " + String.format("%,d", count.get())
                    + (total > 0 ? String.format(" of %,d", total) : "") + " steps");
        }
        count.addAndGet(n);
        long now = clock.getAsLong();
        if (now - nextDraw >= 0) {
            synchronized (this) {
                if (!closed && now - nextDraw >= 0) {
                    draw(now, false);
                }
            }
        }
    }

    /** Steps done so far. */
    public long count() {
        return count.get();
    }

    /** The total given (0 if unknown). */
    public long total() {
        return total;
    }

    /** The style the bar is drawn in. */
    public Style style() {
        return style;
    }

    /** Draws the final line (count, rate, total time). Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draw(clock.getAsLong(), true);
    }

    private void draw(long now, boolean last) {
        String line = line(now, last);
        switch (style) {
            case TERMINAL -> {
                // pad over the tail of a longer previous line
                String pad = " ".repeat(Math.max(0, drawnLength - line.length()));
                drawnLength = line.length();
                out.print("\r" + line + pad + (last ? System.lineSeparator() : ""));
                out.flush();
            }
            case LINES -> {
                out.println(line);
                out.flush();
            }
            case DISPLAY -> {
                MimeBundle bundle = bundle(line);
                if (displayId == null) {
                    displayId = Display.show(bundle);
                } else {
                    Display.update(displayId, bundle);
                }
            }
        }
        nextDraw = now + interval(now);
    }

    private long interval(long now) {
        return switch (style) {
            case TERMINAL -> TERMINAL_INTERVAL;
            case DISPLAY -> DISPLAY_INTERVAL;
            case LINES -> Math.max(LINES_INTERVAL, (now - start) / 60);
        };
    }

    private MimeBundle bundle(String line) {
        String bar = total > 0
                ? "<progress value=\"" + Math.min(count.get(), total) + "\" max=\"" + total + "\" style=\"width:16em\">"
                        + "</progress> "
                : "";
        return MimeBundle.of(line, MimeBundle.HTML, "<div>" + bar + "<code>" + Show.escape(line) + "</code></div>");
    }

    /** The text drawn: label, bar, count, percentage, rate and ETA (or total time once closed). */
    String line(long now, boolean last) {
        long c = count.get();
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? c / seconds : 0;
        var b = new StringBuilder(label);
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * c / total);
            b.append(" [").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
            b.append(String.format("%,d/%,d %3d%%", c, total, 100 * Math.min(c, total) / total));
        } else {
            b.append(String.format(" %,d", c));
        }
        b.append(String.format(" | %s/s", rate(rate)));
        if (last) {
            b.append(total > 0 && c < total ? " | stopped after " : " | done in ").append(clock(seconds));
        } else {
            b.append(" | ").append(clock(seconds)).append(" elapsed");
            if (total > 0 && rate > 0) {
                b.append(" | ETA ").append(clock(Math.max(0, total - c) / rate));
            }
        }
        return b.toString();
    }

    private static String rate(double perSecond) {
        if (perSecond >= 100) {
            return String.format("%,.0f", perSecond);
        }
        return perSecond >= 1 ? String.format("%.1f", perSecond) : String.format("%.3f", perSecond);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
