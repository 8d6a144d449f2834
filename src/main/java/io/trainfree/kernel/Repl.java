package io.trainfree.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * JShell in the kernel's JVM: evaluates the code of a cell snippet by snippet, keeps state across cells, returns the
 * last expression's value as an object, and turns compile errors and exceptions into {@link CellError}s that point at
 * cell lines.
 */
final class Repl implements AutoCloseable {
    /** Library frames shown before the first cell frame of a stack trace; the rest are elided. */
    static final int LIBRARY_FRAMES = 12;

    private final LocalControl control = new LocalControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Where each snippet came from: snippet id to (cell number, cell line of the snippet's first line). */
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final List<String> addedClasspath = new ArrayList<>();
    private volatile boolean interrupted;
    private volatile boolean running;
    private int cell;

    record Place(int cell, int line) {
    }

    /** The value of a cell's last expression; {@code text} is JShell's own rendering of it. */
    record Value(Object value, String text) {
    }

    Repl() {
        shell = JShell.builder().executionEngine(control.provider(), Map.of()).build();
        // the compiler must see what the kernel JVM sees; classes then come from the kernel's own class loader,
        // so a Table made in a cell is the Table the renderers know
        shell.addToClasspath(System.getProperty("java.class.path"));
        analysis = shell.sourceCodeAnalysis();
    }

    /**
     * Imports what it can of {@code imports} (e.g. {@code "java.util.*"}, {@code "static a.B.c"}); an import of a
     * package that is not on the classpath is skipped. Returns the imports that were skipped.
     */
    List<String> importIfPresent(List<String> imports) {
        List<String> skipped = new ArrayList<>();
        for (String i : imports) {
            boolean ok = shell.eval("import " + i + ";").stream()
                    .allMatch(e -> e.causeSnippet() != null || e.status().isDefined());
            if (!ok) {
                skipped.add(i);
            }
        }
        return skipped;
    }

    /** Starts a new cell: numbers it and clears a pending interrupt. */
    void beginCell(int number) {
        cell = number;
        interrupted = false;
    }

    /**
     * Evaluates a piece of a cell that starts at (0-based) line {@code firstLine} of the cell.
     *
     * @return the last snippet's value if it is an expression with a non-null value
     */
    Optional<Value> eval(String code, int firstLine) throws CellError {
        Objects.requireNonNull(code, "code");
        Optional<Value> last = Optional.empty();
        String rest = code;
        running = true;
        try {
            while (true) {
                checkInterrupted();
                int offset = code.length() - rest.length();
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                SourceCodeAnalysis.Completeness c = info.completeness();
                if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                    return last;
                }
                if (c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                        || c == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                    throw incomplete(code, offset, firstLine);
                }
                // UNKNOWN: JShell cannot split it (a syntax error); compiling the rest reports where
                String source = c.isComplete() ? info.source() : rest;
                last = evalSnippet(source, code, offset, firstLine);
                rest = c.isComplete() ? info.remaining() : "";
            }
        } finally {
            running = false;
        }
    }

    private Optional<Value> evalSnippet(String source, String code, int offset, int firstLine) throws CellError {
        control.clear();
        List<SnippetEvent> events = shell.eval(source);
        checkInterrupted();
        Optional<Value> value = Optional.empty();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // an earlier snippet updated because of this one
            }
            Snippet s = e.snippet();
            // JShell numbers a snippet's lines from its first non-blank character
            places.put(s.id(), new Place(cell, firstLine + lineOf(code, offset + leadingBlank(code, offset))));
            if (e.status() == Snippet.Status.REJECTED) {
                throw compilationError(s, code, offset, firstLine);
            }
            if (e.exception() != null) {
                throw evaluationError(e.exception());
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println("note: " + name(s) + " can be used once " + unresolved((DeclarationSnippet) s)
                        + " is defined");
            }
            value = value(e);
        }
        return value;
    }

    private Optional<Value> value(SnippetEvent e) {
        switch (e.snippet().subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, OTHER_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND -> {
                LocalControl.Invocation call = control.last();
                if (call != null && call.returned) {
                    return call.value == null ? Optional.empty() : Optional.of(new Value(call.value, e.value()));
                }
                // not run through the trampoline: JShell's text is all there is
                return e.value() == null || e.value().equals("null") ? Optional.empty()
                        : Optional.of(new Value(e.value(), e.value()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private void checkInterrupted() throws EvaluationInterruptedException {
        if (interrupted) {
            throw new EvaluationInterruptedException("interrupted: the cell was stopped; the kernel keeps its state");
        }
    }

    /**
     * Stops the running cell: JShell's stop (cell code checks it at every loop iteration) plus an interrupt of the
     * snippet thread (for sleeps, waits and library loops that check it, such as {@code Progress.step()}). Repeated
     * for a while in case the cell was still compiling when the interrupt came.
     */
    void interrupt() {
        interrupted = true;
        Thread stopper = new Thread(() -> {
            for (int i = 0; i < 100 && running && interrupted; i++) {
                try {
                    shell.stop();
                } catch (RuntimeException e) {
                    // JDK 21's JShell stops with Thread.stop, which throws there; the interrupt below still helps
                }
                control.interruptSnippetThread();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trainfree-kernel-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Adds a jar or class directory to what cells compile against and load from. */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
        synchronized (addedClasspath) {
            addedClasspath.add(path);
        }
    }

    /** What {@link #addToClasspath} added, in order. */
    List<String> addedClasspath() {
        synchronized (addedClasspath) {
            return List.copyOf(addedClasspath);
        }
    }

    SourceCodeAnalysis analysis() {
        return analysis;
    }

    // ---------------------------------------------------------------------------------------------- errors

    private CellError incomplete(String code, int offset, int firstLine) {
        int line = firstLine + lineOf(code, offset + leadingBlank(code, offset)) + 1;
        String message = "line " + line + ": the cell ends inside a statement that starts here; a ';', ')' or '}' "
                + "may be missing";
        List<String> lines = new ArrayList<>();
        lines.add(message);
        lines.add("    " + lineText(code, offset + leadingBlank(code, offset)).strip());
        return new CompilationException(message, lines);
    }

    private CompilationException compilationError(Snippet s, String code, int offset, int firstLine) {
        List<Diag> errors = shell.diagnostics(s).filter(Diag::isError).toList();
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : errors) {
            long start = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            long end = d.getEndPosition() >= start ? d.getEndPosition() : start;
            int at = start < 0 ? offset + leadingBlank(code, offset) : offset + (int) start;
            int cellLine = firstLine + lineOf(code, at) + 1;
            String[] msg = d.getMessage(Locale.ROOT).split("\\R");
            String head = "line " + cellLine + ": " + msg[0];
            if (first == null) {
                first = head;
            }
            lines.add(head);
            for (int i = 1; i < msg.length; i++) {
                if (!msg[i].matches("\\s*location: class\\s*")) { // JShell's wrapper class has no name
                    lines.add(msg[i]);
                }
            }
            String text = lineText(code, at);
            lines.add("    " + text);
            int col = at - lineStart(code, at);
            int width = (int) Math.max(1, Math.min(end - start, text.length() - col));
            if (start >= 0 && col >= 0 && col <= text.length()) {
                lines.add("    " + " ".repeat(col) + "^".repeat(width));
            }
        }
        if (first == null) { // rejected without an error diagnostic (should not happen)
            first = "line " + (firstLine + lineOf(code, offset) + 1) + ": the snippet was rejected by JShell";
            lines.add(first);
        }
        return new CompilationException(first, lines);
    }

    private EvaluationException evaluationError(JShellException e) {
        String className;
        String message;
        if (e instanceof UnresolvedReferenceException u) {
            className = "UnresolvedReferenceException";
            message = name(u.getSnippet()) + " cannot be used until " + unresolved(u.getSnippet()) + " is defined";
        } else if (e instanceof EvalException ee) {
            className = ee.getExceptionClassName();
            message = ee.getMessage();
        } else {
            className = e.getClass().getName();
            message = e.getMessage();
        }
        List<String> lines = new ArrayList<>();
        lines.add(message == null ? className : className + ": " + message);
        lines.addAll(frames(e.getStackTrace()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            String name = cause instanceof EvalException ce ? ce.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + (cause.getMessage() == null ? name : name + ": " + cause.getMessage()));
            lines.addAll(frames(cause.getStackTrace()));
        }
        return new EvaluationException(className, message, lines);
    }

    /** Stack frames down to the last cell frame; cell frames as "line n" (or "cell c, line n"), no kernel frames. */
    List<String> frames(StackTraceElement[] trace) {
        int lastCell = -1;
        for (int i = 0; i < trace.length; i++) {
            if (isCellFrame(trace[i])) {
                lastCell = i;
            }
        }
        List<String> lines = new ArrayList<>();
        int library = 0;
        int elided = 0;
        for (int i = 0; i < trace.length && (lastCell < 0 || i <= lastCell); i++) {
            StackTraceElement f = trace[i];
            if (isCellFrame(f)) {
                if (elided > 0) {
                    lines.add("    ... " + elided + " more");
                    elided = 0;
                }
                library = 0;
                lines.add("    at " + cellFrame(f));
            } else if (isInternal(f)) {
                continue;
            } else if (library++ < LIBRARY_FRAMES) {
                lines.add("    at " + f);
            } else {
                elided++;
            }
        }
        if (elided > 0) {
            lines.add("    ... " + elided + " more");
        }
        return lines;
    }

    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private static boolean isInternal(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.jshell.") || c.startsWith("io.trainfree.kernel.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.internal.reflect.") || c.startsWith("REPL.");
    }

    private String cellFrame(StackTraceElement f) {
        String where = (f.getClassName().isEmpty() ? "" : f.getClassName() + ".") + f.getMethodName();
        Place p = places.get(f.getFileName().substring(1));
        String line;
        if (p == null || f.getLineNumber() < 0) {
            line = "snippet " + f.getFileName() + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
        } else {
            int n = p.line() + f.getLineNumber();
            line = p.cell() == cell ? "line " + n : "cell " + p.cell() + ", line " + n;
        }
        return where.isEmpty() || where.equals(".") ? "(" + line + ")" : where + " (" + line + ")";
    }

    private String unresolved(DeclarationSnippet s) {
        return shell.unresolvedDependencies(s).collect(Collectors.joining(", "));
    }

    private static String name(Snippet s) {
        return s instanceof DeclarationSnippet d ? d.name() : s.source().strip();
    }

    // ---------------------------------------------------------------------------------------------- text positions

    /** 0-based line of character {@code at} in {@code code}. */
    static int lineOf(String code, int at) {
        int n = 0;
        for (int i = 0; i < Math.min(at, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int leadingBlank(String code, int from) {
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private static int lineStart(String code, int at) {
        int a = Math.min(at, code.length());
        return a == 0 ? 0 : code.lastIndexOf('\n', a - 1) + 1;
    }

    private static String lineText(String code, int at) {
        int start = lineStart(code, at);
        int end = code.indexOf('\n', start);
        return code.substring(start, end < 0 ? code.length() : end);
    }

    /** The classpath of the kernel JVM plus what cells added, as one path string. */
    String classpath() {
        var parts = new ArrayList<String>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        parts.addAll(addedClasspath());
        return String.join(File.pathSeparator, parts);
    }

    @Override
    public void close() {
        shell.close();
    }
}
