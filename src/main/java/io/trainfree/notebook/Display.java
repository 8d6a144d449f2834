package io.trainfree.notebook;

import java.util.Objects;

/**
 * {@code display(obj)} for notebook cells, as in IJava: shows a value now, in the middle of a cell, the way the value
 * of a cell's last expression is shown. The trainfree kernel attaches itself as the {@link Target}; without a kernel
 * (plain JShell, a test, a script) the value's text is printed to {@code System.out}.
 *
 * {@snippet :
 * display(table.first(5));                 // HTML table
 * display(chart, "image/svg+xml");         // a chart as SVG instead of PNG
 * }
 */
public final class Display {
    /** Where displayed values go: the kernel publishes them as Jupyter display data. */
    public interface Target {
        /** Publishes {@code value} rendered as the given MIME types (all registered ones if none); returns its id. */
        String display(Object value, String... mimeTypes);

        /** Replaces what an earlier {@link #display} with this id shows. */
        void update(String displayId, Object value, String... mimeTypes);
    }

    private static volatile Target target;

    private Display() {
    }

    /** Shows {@code value} now (a {@code null} shows as {@code null}). */
    public static void display(Object value) {
        show(value);
    }

    /** Shows {@code value} now, rendered only as the given MIME types, e.g. {@code "image/svg+xml"}. */
    public static void display(Object value, String... mimeTypes) {
        show(value, mimeTypes);
    }

    /**
     * Shows {@code value} now and returns an id that {@link #update} can replace it by; {@code null} without a kernel.
     */
    public static String show(Object value, String... mimeTypes) {
        Target t = target;
        if (t == null) {
            System.out.println(value instanceof MimeBundle b ? b.text() : String.valueOf(value));
            return null;
        }
        return t.display(value, mimeTypes);
    }

    /** Replaces what {@link #show} displayed under {@code displayId}; without a kernel, prints the new text. */
    public static void update(String displayId, Object value, String... mimeTypes) {
        Target t = target;
        if (t == null || displayId == null) {
            System.out.println(value instanceof MimeBundle b ? b.text() : String.valueOf(value));
            return;
        }
        t.update(displayId, value, mimeTypes);
    }

    /** Whether a kernel is attached, i.e. whether {@link #update} redraws in place. */
    public static boolean attached() {
        return target != null;
    }

    /** Routes {@code display} to {@code t} (the kernel calls this); {@code null} detaches. */
    public static void attach(Target t) {
        target = t;
    }

    /** Detaches {@code t} if it is the attached target. */
    public static void detach(Target t) {
        Objects.requireNonNull(t, "t");
        if (target == t) {
            target = null;
        }
    }
}
