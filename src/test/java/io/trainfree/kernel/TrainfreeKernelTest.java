package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's evaluation, display, errors and magics, through {@link TrainfreeKernel#eval}, without Jupyter. */
class TrainfreeKernelTest {
    static TrainfreeKernel kernel;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        kernel = new TrainfreeKernel();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    static String text(DisplayData d) {
        assertNotNull(d, "expected a displayed value");
        return String.valueOf(d.getData(MIMEType.TEXT_PLAIN)); // a CharSequence renders as itself
    }

    static String textOf(String code) throws Exception {
        return text(kernel.eval(code));
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Test
    void keepsStateAcrossCells() throws Exception {
        assertNull(kernel.eval("int answer = 20;"));
        assertNull(kernel.eval("answer += 22;\nString unit = \"units\";"));
        assertEquals("42 units", textOf("answer + \" \" + unit"));
    }

    @Test
    void showsOnlyTheLastExpression() throws Exception {
        assertEquals("3", textOf("int one = 1;\none + 1;\none + 2"));
        assertEquals("4", textOf("2 + 2;"), "a trailing semicolon still shows the value, as in JShell and IJava");
        assertEquals("x", textOf("String sx = \"x\";\nsx"), "a variable on its own shows its value");
    }

    @Test
    void statementsAndDeclarationsShowNothing() throws Exception {
        assertNull(kernel.eval("int quiet = 3;"));
        assertNull(kernel.eval("void nothing() { }"));
        assertNull(kernel.eval("nothing();"));
        assertNull(kernel.eval("class Plain { }"));
        assertNull(kernel.eval("import java.time.*;"));
        assertNull(kernel.eval("Object none = null;\nnone"), "a null value shows nothing");
        assertNull(kernel.eval("// only a comment"));
        assertNull(kernel.eval(""));
    }

    @Test
    void valuesComeBackAsObjects() throws Exception {
        DisplayData d = kernel.eval("new StringBuilder(\"built\").append('!')");
        assertEquals("built!", text(d), "text/plain is the object's toString, not JShell's quoted string");
        assertEquals("[1, 2]", textOf("List.of(1, 2)"));
        assertEquals("int[3] { 1, 2, 3 }", textOf("new int[] {1, 2, 3}"), "arrays show their elements");
    }

    @Test
    void definesMethodsAndClassesUsedLater() throws Exception {
        kernel.eval("record Pair(int a, int b) { int sum() { return a + b; } }");
        kernel.eval("int twice(int x) {\n    return 2 * x;\n}");
        assertEquals("14", textOf("twice(new Pair(3, 4).sum())"));
    }

    @Test
    void defaultImportsAreThereAndMissingPackagesAreSkipped() throws Exception {
        assertEquals("3", textOf("Table.create(\"t\", IntColumn.create(\"i\", 1, 2, 3)).rowCount()"));
        assertEquals("true", textOf("Notebook.class != null && Correlation.class != null && XYChart.class != null"));
        // the numerics left search for math; a cell still names them without an import
        assertEquals("0.5488135039273248", textOf("new NumpyRandom(0).randomSample()"));
        assertFalse(kernel.skippedImports().contains("io.trainfree.notebook.*"));
        assertFalse(kernel.skippedImports().contains("static io.trainfree.notebook.Display.display"));
        for (String skipped : kernel.skippedImports()) {
            String pkg = skipped.replace(".*", "").replace('.', '/');
            assertNull(getClass().getClassLoader().getResource(pkg), skipped + " was skipped though it exists");
        }
    }

    // ---------------------------------------------------------------------------------------------------- errors

    @Test
    void compileErrorNamesTheCellLine() throws Exception {
        var e = assertThrows(CompilationException.class, () -> kernel.eval("int fine = 1;\n\nint broken = nope + 1;"));
        assertTrue(e.getMessage().startsWith("line 3: cannot find symbol"), e.getMessage());
        String shown = String.join("\n", e.lines());
        assertTrue(shown.contains("symbol:   variable nope"), shown);
        assertTrue(shown.contains("    int broken = nope + 1;\n                 ^^^^"), shown);
        assertFalse(shown.contains("location: class"), "JShell's nameless wrapper class is not news: " + shown);
        assertEquals("1", textOf("fine"), "snippets before the error ran");
    }

    @Test
    void compileErrorLineCountsMagicLines() {
        var e = assertThrows(CompilationException.class, () -> kernel.eval("%chart png\nint a1 = 1;\nString s = 5;"));
        assertTrue(e.getMessage().startsWith("line 3: incompatible types"), e.getMessage());
    }

    @Test
    void incompleteCellSaysWhereTheOpenStatementStarts() {
        var e = assertThrows(CompilationException.class,
                () -> kernel.eval("int before = 0;\nfor (int i = 0; i < 3; i++) {\n  before += i;"));
        assertTrue(e.getMessage().startsWith("line 2: the cell ends inside a statement"), e.getMessage());
    }

    @Test
    void runtimeExceptionShowsATrimmedTrace() throws Exception {
        kernel.eval("void explode(int n) {\n  if (n > 0) throw new IllegalStateException(\"bad \" + n);\n}");
        var e = assertThrows(EvaluationException.class, () -> kernel.eval("int z = 1;\nexplode(z);"));
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        List<String> lines = e.lines();
        assertEquals("java.lang.IllegalStateException: bad 1", lines.get(0));
        assertTrue(lines.get(1).matches("    at explode \\(cell \\d+, line 2\\)"), lines.toString());
        assertEquals("    at (line 2)", lines.get(2), lines.toString());
        assertEquals(3, lines.size(), "nothing after the cell frame: " + lines);
    }

    @Test
    void runtimeExceptionKeepsLibraryFramesAndCauses() {
        var e = assertThrows(EvaluationException.class,
                () -> kernel.eval("throw new RuntimeException(\"outer\", new NumberFormatException(\"inner\"));"));
        assertTrue(e.lines().contains("Caused by: java.lang.NumberFormatException: inner"), e.lines().toString());
        var lib = assertThrows(EvaluationException.class, () -> kernel.eval("Integer.parseInt(\"x\")"));
        String shown = String.join("\n", lib.lines());
        assertTrue(shown.contains("at java.base/java.lang.Integer.parseInt"), shown);
        for (String internal : List.of("jdk.jshell", "io.trainfree.kernel", "reflect", "REPL", "Trampoline")) {
            assertFalse(shown.contains(internal), internal + " in " + shown);
        }
    }

    @Test
    void formatErrorShowsCellErrorsAsTheyAre() {
        var e = assertThrows(EvaluationException.class, () -> kernel.eval("Objects.requireNonNull(null, \"gone\")"));
        assertEquals(e.lines(), kernel.formatError(e));
        assertEquals(List.of("java.lang.IllegalArgumentException: no such column"),
                kernel.formatError(new IllegalArgumentException("no such column")));
    }

    // ------------------------------------------------------------------------------------------------- rendering

    @Test
    void tableRendersAsHtmlWithARowLimit() throws Exception {
        DisplayData d = kernel.eval("Table.create(\"squares\", IntColumn.indexColumn(\"i\", 25, 0))");
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "a Table shows as HTML");
        assertEquals(21, html.split("<tr>", -1).length - 1, "a header row and 20 rows");
        assertTrue(html.contains("<td>19</td>") && !html.contains("<td>20</td>"), html);
        assertTrue(html.contains("… 5 more rows (25 in all)"), html);
        assertTrue(text(d).contains("… 5 more rows"), text(d));
        DisplayData small = kernel.eval("Table.create(\"small\", IntColumn.indexColumn(\"i\", 3, 0))");
        assertFalse(((String) small.getData(MIMEType.TEXT_HTML)).contains("more row"));
    }

    @Test
    void chartRendersAsPngOrSvg() throws Exception {
        kernel.eval("var pts = Table.create(\"pts\", DoubleColumn.create(\"x\", 1, 2, 3), "
                + "DoubleColumn.create(\"y\", 2, 4, 9));");
        DisplayData d = kernel.eval("Charts.scatter(pts, \"x\", \"y\")");
        String b64 = (String) d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(b64, "a chart shows as PNG");
        byte[] png = Base64.getDecoder().decode(b64);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(600, image.getWidth());
        assertEquals(400, image.getHeight());
        assertNull(d.getData(MIMEType.IMAGE_SVG));
        try {
            DisplayData svg = kernel.eval("%chart svg\nCharts.line(pts, \"x\", \"y\")");
            assertNull(svg.getData(MIMEType.IMAGE_PNG));
            assertTrue(((String) svg.getData(MIMEType.IMAGE_SVG)).contains("<svg"));
        } finally {
            kernel.eval("%chart png");
        }
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, "PNG signature");
    }

    @Test
    void displayPublishesNow() throws Exception {
        List<DisplayData> published = new ArrayList<>();
        kernel.onPublish((kind, data) -> published.add(data));
        try {
            assertNull(kernel.eval("display(\"first\");"
                    + "\ndisplay(Table.create(\"shown\", IntColumn.create(\"i\", new int[] {7})));"
                    + "\ndisplay(Charts.bar(Table.create(\"b\", StringColumn.create(\"k\", \"a\", \"b\"), "
                    + "DoubleColumn.create(\"v\", 1, 2)), \"k\", \"v\"), \"image/svg+xml\");"));
        } finally {
            kernel.onPublish(null);
        }
        assertEquals(3, published.size());
        assertEquals("first", text(published.get(0)));
        assertTrue(((String) published.get(1).getData(MIMEType.TEXT_HTML)).contains("<td>7</td>"));
        assertNotNull(published.get(2).getData(MIMEType.IMAGE_SVG), "display(obj, mime) renders as asked");
        assertNull(published.get(2).getData(MIMEType.IMAGE_PNG));
        assertTrue(published.get(0).hasDisplayId());
    }

    // ---------------------------------------------------------------------------------------------------- magics

    @Test
    void jarsMagicAddsAJarCellsCanImport() throws Exception {
        Path jar = jarWith(tmp.resolve("jars"), "greet.Greeter",
                "package greet; public class Greeter { public String hello() { return \"hello from a jar\"; } }");
        assertNull(kernel.eval("%jars " + jar.getParent() + "/*.jar"));
        assertEquals("hello from a jar", textOf("import greet.Greeter;\nnew Greeter().hello()"));
    }

    @Test
    void classpathMagicAddsADirectory() throws Exception {
        Path classes = compile(tmp.resolve("classes"), "dir.Answer",
                "package dir; public class Answer { public static int value() { return 42; } }");
        assertEquals("42", textOf("%classpath " + classes + "\ndir.Answer.value()"));
    }

    @Test
    void magicErrorsSayWhatAndWhere() {
        var none = assertThrows(MagicException.class, () -> kernel.eval("int m = 1;\n%jars /nonexistent/*.jar"));
        assertTrue(none.getMessage().startsWith("line 2: %jars: nothing matches '/nonexistent/*.jar'"),
                none.getMessage());
        var unknown = assertThrows(MagicException.class, () -> kernel.eval("%maven a:b:1"));
        assertTrue(unknown.getMessage().contains("unknown magic %maven; known: %jars, %classpath"),
                unknown.getMessage());
        assertThrows(MagicException.class, () -> kernel.eval("%chart gif"));
        assertThrows(MagicException.class, () -> kernel.eval("%%timeit\n1"));
    }

    @Test
    void timeCellMagicPrintsWallTime() throws Exception {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        DisplayData d;
        try {
            d = kernel.eval("%%time\nint timed = 6 * 7;\ntimed");
        } finally {
            System.setOut(original);
        }
        assertEquals("42", text(d));
        assertTrue(captured.toString(StandardCharsets.UTF_8).matches("(?s)time: \\d+\\.\\d{3} s\\R"),
                captured.toString());
    }

    // ------------------------------------------------------------------------------------------------- interrupt

    @Test
    void interruptStopsALongCellAndTheKernelGoesOn() throws Exception {
        kernel.eval("int kept = 5;");
        for (String cell : List.of("long spins = 0;\nwhile (true) { spins++; }", "Thread.sleep(60_000);")) {
            var pool = Executors.newSingleThreadExecutor();
            try {
                var running = pool.submit(() -> kernel.eval(cell));
                Thread.sleep(300);
                kernel.interrupt();
                var e = assertThrows(ExecutionException.class, () -> running.get(20, TimeUnit.SECONDS), cell);
                assertInstanceOf(EvaluationInterruptedException.class, e.getCause(), cell);
            } finally {
                pool.shutdownNow();
            }
            assertEquals("6", textOf("kept + 1"), "the kernel evaluates after an interrupt");
        }
    }

    // --------------------------------------------------------------------------------------- frontend requests

    @Test
    void isCompleteAndCompletion() throws Exception {
        assertEquals("complete", kernel.isComplete("int x = 1;"));
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", kernel.isComplete("%jars a.jar"));
        String code = "int y = 2;\nTable.cre";
        var options = kernel.complete(code, code.length());
        assertTrue(options.getReplacements().stream().anyMatch(r -> r.startsWith("create(")), options.getReplacements()
                .toString());
        assertEquals(code.length() - 3, options.getSourceStart());
    }

    @Test
    void inspectShowsSignaturesAndTypes() throws Exception {
        String call = "Math.max(1, 2)";
        assertTrue(text(kernel.inspect(call, 6, false)).contains("int Math.max(int a, int b)"));
        kernel.eval("var inspected = Table.create(\"t\");");
        assertEquals("inspected: Table", text(kernel.inspect("inspected.rowCount()", 3, false)));
        assertNull(kernel.inspect("   ", 1, false));
    }

    @Test
    void addingTheKernelsOwnJarsAgainChangesNothing() throws Exception {
        // what an IJava-style notebook does first: %jars of jars that are already on the kernel's classpath
        String tablesaw = tech.tablesaw.api.Table.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertEquals("note: line 1: %jars: tablesaw-core-0.44.4.jar is on the kernel's classpath already; not added "
                + "again", stderrOf("%jars " + tablesaw).strip());
        DisplayData d = kernel.eval("Table.create(\"again\", IntColumn.create(\"i\", 1, 2))");
        assertNotNull(d.getData(MIMEType.TEXT_HTML), "Table is still the kernel's Table, so it still renders");
        assertNull(kernel.eval("io.trainfree.kernel.Renderers.registerWithIJava();"), "no IJava here: nothing happens");
    }

    @Test
    void jarsAlreadyOnTheClasspathAreANoteAndNotAddedAgain() throws Exception {
        Path tablesaw = Path.of(tech.tablesaw.api.Table.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path pickle = Path.of(net.razorvine.pickle.Unpickler.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path fresh = jarWith(tmp.resolve("fresh"), "fresh.Hi",
                "package fresh; public class Hi { public static String hi() { return \"hi\"; } }");
        int before = kernel.addedClasspath().size();
        String err = stderrOf("%jars " + tablesaw + " " + pickle.getParent() + "/*.jar " + fresh);
        assertEquals(List.of(fresh.toString()), kernel.addedClasspath().subList(before, kernel.addedClasspath().size()),
                "only the jar the kernel lacked is added");
        assertEquals("note: line 1: %jars: 2 paths (" + tablesaw.getFileName() + ", " + pickle.getFileName()
                + ") are on the kernel's classpath already; not added again", err.strip());
        assertEquals("hi", textOf("fresh.Hi.hi()"));
        // a jar a cell added counts as on the classpath too
        assertEquals("note: line 2: %jars: lib.jar is on the kernel's classpath already; not added again",
                stderrOf("int again = 1;\n%jars " + fresh).strip());
        assertEquals(before + 1, kernel.addedClasspath().size());
    }

    @Test
    void aMissingTrainfreeBuildIsANoteUnderThisKernel() throws Exception {
        // the notebooks' first cell, with the kernel started where ../target holds no build (another directory)
        String clone = tmp.resolve("elsewhere/notebooks") + "/..";
        int before = kernel.addedClasspath().size();
        String err = stderrOf("%jars " + clone + "/target/trainfree.jar " + clone + "/target/lib/*.jar");
        assertEquals("note: line 1: %jars: nothing matches " + clone + "/target/trainfree.jar " + clone
                + "/target/lib/*.jar (relative paths start at " + Path.of("").toAbsolutePath() + "); skipped, since "
                + "this kernel already has trainfree and its libraries", err.strip());
        assertEquals(before, kernel.addedClasspath().size());
        assertEquals("true", textOf("Notebook.class != null"), "and the cells that follow have trainfree");
    }

    @Test
    void aMissingJarOfAnythingElseIsStillAnError() throws Exception {
        int before = kernel.addedClasspath().size();
        String mine = tmp.resolve("gone") + "/mylib/*.jar";
        var e = assertThrows(MagicException.class,
                () -> kernel.eval("%jars " + tmp.resolve("gone") + "/target/trainfree.jar " + mine));
        assertTrue(e.getMessage().startsWith("line 1: %jars: nothing matches '" + mine + "'"), e.getMessage());
        assertEquals(before, kernel.addedClasspath().size(), "a failed magic adds nothing");
    }

    @Test
    void aTrainfreeBuildIsItsJarOrItsLibDirectory() {
        for (String glob : List.of("../target/trainfree.jar", "trainfree.jar", "/p/target/trainfree-0.1.0.jar",
                "../target/lib/*.jar", "C:\\p\\target\\lib\\*.jar", "target//lib/djl-api.jar")) {
            assertTrue(TrainfreeKernel.namesTrainfreeBuild(glob), glob);
        }
        for (String glob : List.of("lib/*.jar", "../target/lib/sub/*.jar", "../target/mylib.jar", "target/lib",
                "trainfree.jar.bak", "/opt/libs/*.jar")) {
            assertFalse(TrainfreeKernel.namesTrainfreeBuild(glob), glob);
        }
    }

    /** What evaluating {@code code} printed on stderr (where the kernel's notes go); the cell must show nothing. */
    static String stderrOf(String code) throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertNull(kernel.eval(code));
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** Compiles one class into {@code dir}. */
    static Path compile(Path dir, String className, String source) throws IOException {
        Path src = dir.resolve("src/" + className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc, "javac of " + className);
        return out;
    }

    /** A jar holding one compiled class. */
    static Path jarWith(Path dir, String className, String source) throws IOException {
        Path out = compile(dir.resolve("build"), className, source);
        String entry = className.replace('.', '/') + ".class";
        Path jar = dir.resolve("lib.jar");
        try (var j = new JarOutputStream(Files.newOutputStream(jar))) {
            j.putNextEntry(new JarEntry(entry));
            j.write(Files.readAllBytes(out.resolve(entry)));
            j.closeEntry();
        }
        return jar;
    }
}
