package io.trainfree.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import io.trainfree.notebook.Display;
import io.trainfree.notebook.MimeBundle;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The trainfree Jupyter kernel: JShell in this JVM, trainfree and its libraries on the classpath and imported,
 * renderers for tables and charts, {@code display(obj)}, and IJava's {@code %jars} and {@code %classpath} magics.
 *
 * <p>A cell's last expression is shown (any trailing {@code ;} or not, as in JShell and IJava); statements and
 * declarations show nothing. Magics: {@code %jars glob...} and {@code %classpath glob...} add jars (directories too
 * for the latter) to what cells see; {@code %chart png|svg} sets how charts show; {@code %%time} on the first line
 * prints the cell's wall time.
 */
public final class TrainfreeKernel extends BaseKernel implements AutoCloseable {
    /** Imported into every session when present on the classpath (packages that do not exist yet are skipped). */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.util.stream.*", "java.util.function.*", "java.nio.file.*",
            "tech.tablesaw.api.*", "org.knowm.xchart.*", "io.trainfree.math.*",
            "io.trainfree.space.*", "io.trainfree.data.*", "io.trainfree.bench.*", "io.trainfree.proxy.*",
            "io.trainfree.predict.*", "io.trainfree.search.*", "io.trainfree.train.*", "io.trainfree.fear.*",
            "io.trainfree.eval.*", "io.trainfree.notebook.*", "static io.trainfree.notebook.Display.display");

    /** Whether io.trainfree's notebook classes are on the kernel's own classpath (true for the installed kernel). */
    private static final boolean TRAINFREE_ON_CLASSPATH =
            TrainfreeKernel.class.getClassLoader().getResource("io/trainfree/notebook/Notebook.class") != null;

    private final Repl repl = new Repl();
    private final List<String> skippedImports;
    private final LanguageInfo languageInfo;
    private final Display.Target displayTarget = new Target();
    private volatile String chartType = MimeBundle.PNG;
    private volatile BiConsumer<String, DisplayData> publishHook;
    private int cells;

    public TrainfreeKernel() {
        Renderers.register(getRenderer(), () -> chartType);
        skippedImports = repl.importIfPresent(DEFAULT_IMPORTS);
        languageInfo = new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java",
                "java", null);
        Display.attach(displayTarget);
    }

    /** The default imports that were not on the classpath. */
    public List<String> skippedImports() {
        return skippedImports;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "trainfree: Java " + Runtime.version() + " (JShell) with trainfree, Tablesaw and XChart imported";
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        int number = ++cells;
        Display.attach(displayTarget);
        repl.beginCell(number);
        Cell cell = Cell.parse(code);
        long start = System.nanoTime();
        boolean timed = cell.cellMagic().isPresent();
        if (timed && !cell.cellMagic().get().name().equals("time")) {
            throw new MagicException("unknown cell magic %%" + cell.cellMagic().get().name() + "; known: %%time");
        }
        try {
            Optional<Repl.Value> last = Optional.empty();
            for (Cell.Part part : cell.parts()) {
                last = switch (part) {
                    case Cell.Code c -> repl.eval(c.text(), c.line());
                    case Cell.Magic m -> {
                        lineMagic(m);
                        yield Optional.empty();
                    }
                };
            }
            return last.map(this::render).orElse(null);
        } finally {
            if (timed) {
                System.out.printf("time: %.3f s%n", (System.nanoTime() - start) / 1e9);
            }
            System.out.flush();
            System.err.flush();
        }
    }

    private DisplayData render(Repl.Value v) {
        if (v.value().getClass().isArray()) {
            return new DisplayData(v.text()); // JShell's "int[3] { 1, 2, 3 }" beats "[I@1b6d3586"
        }
        return getRenderer().render(v.value());
    }

    // -------------------------------------------------------------------------------------------------- magics

    private void lineMagic(Cell.Magic m) throws MagicException {
        switch (m.name()) {
            case "jars" -> addPaths(m, true);
            case "classpath" -> addPaths(m, false);
            case "chart" -> {
                if (m.args().size() != 1 || !Set.of("png", "svg").contains(m.args().get(0))) {
                    throw new MagicException("line " + (m.line() + 1) + ": %chart takes png or svg, got "
                            + String.join(" ", m.args()));
                }
                chartType = m.args().get(0).equals("svg") ? MimeBundle.SVG : MimeBundle.PNG;
            }
            default -> throw new MagicException("line " + (m.line() + 1) + ": unknown magic %" + m.name()
                    + "; known: %jars, %classpath, %chart, %%time");
        }
    }

    /**
     * IJava's {@code %jars} (files matching the globs) and {@code %classpath} (files and directories), with two
     * differences that let a notebook's IJava-style first cell ({@code %jars ../target/trainfree.jar
     * ../target/lib/*.jar}) run here from any directory: a match already on the kernel's classpath is not added again,
     * and a glob into a trainfree build ({@link #namesTrainfreeBuild}) that matches nothing is skipped while trainfree
     * is on the classpath; both print a note. Any other glob that matches nothing is an error, as in IJava: the jar
     * it meant to add is missing, and the cells that need it would fail further from the cause.
     */
    private void addPaths(Cell.Magic m, boolean jarsOnly) throws MagicException {
        String magic = "%" + m.name();
        String where = "line " + (m.line() + 1) + ": " + magic;
        if (m.args().isEmpty()) {
            throw new MagicException(where + " needs one or more paths or globs, e.g. " + magic + " lib/*.jar");
        }
        Set<Path> onClasspath = classpathEntries();
        var found = new LinkedHashSet<String>();
        var already = new LinkedHashSet<Path>();
        var skipped = new ArrayList<String>();
        for (String glob : m.args()) {
            List<Path> matches = new ArrayList<>();
            try {
                GlobFinder finder = new GlobFinder(glob);
                for (Path p : jarsOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                    matches.add(p.toAbsolutePath().normalize());
                }
            } catch (NoSuchFileException e) {
                // the glob's directory does not exist: nothing matches
            } catch (IOException e) {
                throw new UncheckedIOException(where + " could not list " + glob, e);
            }
            if (matches.isEmpty()) {
                if (namesTrainfreeBuild(glob) && TRAINFREE_ON_CLASSPATH) {
                    skipped.add(glob);
                    continue;
                }
                throw new MagicException(where + ": nothing matches '" + glob + "' (relative paths start at "
                        + Path.of("").toAbsolutePath() + ")");
            }
            for (Path p : matches) {
                if (onClasspath.contains(realPath(p.toString()))) {
                    already.add(p);
                } else {
                    found.add(p.toString());
                }
            }
        }
        found.forEach(repl::addToClasspath);
        if (!skipped.isEmpty()) {
            System.err.println("note: " + where + ": nothing matches " + String.join(" ", skipped) + " (relative "
                    + "paths start at " + Path.of("").toAbsolutePath() + "); skipped, since this kernel already has "
                    + "trainfree and its libraries");
        }
        if (!already.isEmpty()) {
            List<String> names = already.stream().map(p -> p.getFileName().toString()).toList();
            System.err.println("note: " + where + ": " + (names.size() == 1 ? names.get(0) + " is"
                    : names.size() + " paths (" + String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? ", ..." : "") + ") are")
                    + " on the kernel's classpath already; not added again");
        }
    }

    /**
     * Whether {@code glob} points into a trainfree build as the kernelspec's classpath names it: a file
     * {@code trainfree*.jar}, or anything in a {@code target/lib} directory.
     */
    static boolean namesTrainfreeBuild(String glob) {
        String[] parts = glob.replace('\\', '/').split("/+");
        int n = parts.length;
        return parts[n - 1].matches("trainfree[^/]*\\.jar")
                || n >= 3 && parts[n - 3].equals("target") && parts[n - 2].equals("lib");
    }

    /** The kernel JVM's classpath and what cells added, as real paths (entries that do not exist are left out). */
    private Set<Path> classpathEntries() {
        var entries = new HashSet<Path>();
        for (String entry : repl.classpath().split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path real = realPath(entry);
                if (real != null) {
                    entries.add(real);
                }
            }
        }
        return entries;
    }

    private static Path realPath(String path) {
        try {
            return Path.of(path).toRealPath();
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }

    /** What {@code %jars} and {@code %classpath} added, in order (for tests). */
    List<String> addedClasspath() {
        return repl.addedClasspath();
    }

    // ------------------------------------------------------------------------------------------ display, errors

    @Override
    public void interrupt() {
        repl.interrupt();
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CellError c) {
            return c.lines();
        }
        if (e instanceof RuntimeException && System.getenv("TRAINFREE_DEBUG") == null) {
            // a library refusing a value (a bad column name, a log axis over zeros): its message is the news
            return List.of(e.getClass().getName() + ": " + e.getMessage());
        }
        return super.formatError(e);
    }

    /** Sends display data, or hands it to the test hook. */
    private void publish(String kind, String id, DisplayData data) {
        BiConsumer<String, DisplayData> hook = publishHook;
        if (hook != null) {
            hook.accept(kind, data);
        } else if (kind.equals("update")) {
            getIO().display.updateDisplay(id, data);
        } else {
            display(data);
        }
    }

    /** Routes published display data ("display" or "update") to {@code hook} instead of Jupyter (for tests). */
    void onPublish(BiConsumer<String, DisplayData> hook) {
        this.publishHook = hook;
    }

    private final class Target implements Display.Target {
        @Override
        public String display(Object value, String... mimeTypes) {
            DisplayData data = mimeTypes.length == 0 ? getRenderer().render(value)
                    : getRenderer().renderAs(value, mimeTypes);
            String id = UUID.randomUUID().toString();
            data.setDisplayId(id);
            publish("display", id, data);
            return id;
        }

        @Override
        public void update(String displayId, Object value, String... mimeTypes) {
            DisplayData data = mimeTypes.length == 0 ? getRenderer().render(value)
                    : getRenderer().renderAs(value, mimeTypes);
            data.setDisplayId(displayId);
            publish("update", displayId, data);
        }
    }

    // -------------------------------------------------------------------------------------- completion, inspection

    @Override
    public String isComplete(String code) {
        if (code.lines().anyMatch(l -> l.stripLeading().startsWith("%"))) {
            return IS_COMPLETE_YES;
        }
        SourceCodeAnalysis a = repl.analysis();
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = a.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> {
                    return IS_COMPLETE_YES;
                }
                case COMPLETE, COMPLETE_WITH_SEMI -> rest = info.remaining();
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "    ";
                }
                default -> {
                    return IS_COMPLETE_BAD;
                }
            }
        }
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Snippet s = snippetAt(code, at);
        int[] anchor = new int[1];
        List<String> options = repl.analysis().completionSuggestions(s.text(), s.cursor(), anchor).stream()
                .filter(SourceCodeAnalysis.Suggestion::matchesType)
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .toList();
        if (options.isEmpty()) {
            options = repl.analysis().completionSuggestions(s.text(), s.cursor(), anchor).stream()
                    .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        }
        return new ReplacementOptions(options, s.start() + anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        Snippet s = snippetAt(code, at);
        String text = s.text();
        // JShell documents a method when the cursor is inside its parentheses: move there from its name
        int end = s.cursor();
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        int call = end < text.length() && text.charAt(end) == '(' ? end + 1 : s.cursor();
        List<SourceCodeAnalysis.Documentation> docs = repl.analysis().documentation(text, call, extraDetail);
        if (!docs.isEmpty()) {
            var doc = new StringBuilder();
            for (var d : docs) {
                doc.append(d.signature()).append('\n');
                if (d.javadoc() != null && !d.javadoc().isBlank()) {
                    doc.append(d.javadoc().strip()).append("\n\n");
                }
            }
            return new DisplayData(doc.toString().strip());
        }
        // else the type of the name under the cursor, e.g. "archs: Table"
        int start = s.cursor();
        while (start > 0 && (Character.isJavaIdentifierPart(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        String expression = text.substring(start, end);
        if (expression.isBlank()) {
            return null;
        }
        String type = repl.analysis().analyzeType(expression, expression.length());
        return type == null ? null : new DisplayData(expression + ": " + type);
    }

    /** The snippet of {@code code} holding position {@code at}: its text, its start and the cursor within it. */
    private Snippet snippetAt(String code, int at) {
        SourceCodeAnalysis a = repl.analysis();
        String rest = code;
        while (true) {
            int start = code.length() - rest.length();
            SourceCodeAnalysis.CompletionInfo info = a.analyzeCompletion(rest);
            boolean complete = info.completeness().isComplete();
            int end = complete ? code.length() - info.remaining().length() : code.length();
            if (!complete || at <= end) {
                String text = code.substring(start, Math.max(start, Math.min(end, code.length())));
                return new Snippet(text, start, Math.max(0, Math.min(at - start, text.length())));
            }
            rest = info.remaining();
        }
    }

    private record Snippet(String text, int start, int cursor) {
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        close();
    }

    @Override
    public void close() {
        Display.detach(displayTarget);
        repl.close();
    }
}
