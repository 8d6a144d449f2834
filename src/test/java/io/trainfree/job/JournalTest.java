package io.trainfree.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal and the keyed job on a small row type of their own: "key,value" lines. */
class JournalTest {
    @TempDir
    Path dir;

    record Row(int key, double value) {
    }

    record Settings(String name, int size, List<String> parts) {
    }

    static final RowCodec<Row> CODEC = new RowCodec<>() {
        @Override
        public String header() {
            return "key,value";
        }

        @Override
        public String format(Row row) {
            return row.key() + "," + row.value();
        }

        @Override
        public Reader<Row> reader(Path file, int line, String header) {
            if (!header.equals(header())) {
                throw new FileFormatException(file, line, "not key,value");
            }
            return (n, text) -> {
                String[] f = text.split(",");
                try {
                    return new Row(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
                } catch (RuntimeException e) {
                    throw new FileFormatException(file, n, "bad row '" + text + "'", e);
                }
            };
        }

        @Override
        public Object key(Row row) {
            return row.key();
        }
    };

    private static final Settings SETTINGS = new Settings("sq", 3, List.of("a", "b"));

    private KeyedJob<Row> job(Path target, Settings settings, boolean restart) {
        return KeyedJob.of("squares", target, settings, CODEC,
                new KeyedJob.Options(restart, 1, Duration.ofHours(1), "squares --size 3"));
    }

    /** Two rows, then an interruption: the journal holds them, and a session with the same settings resumes them. */
    @Test
    void interruptedSessionsResumeAndTheLastOneWritesTargetAndSidecar() throws IOException {
        Path target = dir.resolve("sq.txt");
        try (var s = job(target, SETTINGS, false).start(JobListener.NONE)) {
            s.append(new Row(1, 1.0));
            s.append(new Row(2, 4.0));
        }
        Path journal = KeyedJob.journalOf(target);
        List<String> lines = Files.readAllLines(journal);
        assertEquals(List.of("# trainfree squares journal 1", "# name: sq", "# size: 3", "# parts: a,b"),
                lines.subList(0, 4));
        assertEquals(List.of("key,value", "1,1.0", "2,4.0"), lines.subList(lines.size() - 3, lines.size()));
        Journal.Header h = Journal.header(journal, "squares");
        assertEquals(2, h.rows());
        assertEquals("squares --size 3", h.settings().get("command"));
        assertEquals(List.of(new Row(1, 1.0), new Row(2, 4.0)), Journal.read(journal, "squares", CODEC).rows());

        var notes = new ArrayList<String>();
        try (var s = job(target, SETTINGS, false).start(new JobListener() {
            @Override
            public void written(Path t, int rows, Path sidecar) {
                notes.add(t.getFileName() + " " + rows + " " + sidecar.getFileName());
            }
        })) {
            assertEquals(List.of(new Row(1, 1.0), new Row(2, 4.0)), s.resumed());
            assertEquals(2, s.sessions());
            s.append(new Row(3, 9.0));
            s.finish("1\n4\n9\n", 3, null);
        }
        assertEquals("1\n4\n9\n", Files.readString(target));
        assertEquals("{\n  \"file\": \"sq.txt\",\n  \"name\": \"sq\",\n  \"size\": 3,\n  \"parts\": [\"a\", \"b\"]\n"
                + "}\n", Files.readString(KeyedJob.sidecarOf(target)));
        assertFalse(Files.exists(journal), "the journal is removed");
        assertEquals(List.of("sq.txt 3 sq.txt.json"), notes);
        var e = assertThrows(KeyedJob.TargetExistsException.class,
                () -> job(target, SETTINGS, false).start(JobListener.NONE));
        assertEquals(target, e.target());
    }

    @Test
    void otherSettingsAreRefusedNamingEachDifferenceAndBothValues() throws IOException {
        Path target = dir.resolve("sq.txt");
        try (var s = job(target, SETTINGS, false).start(JobListener.NONE)) {
            s.append(new Row(1, 1.0));
        }
        Path journal = KeyedJob.journalOf(target);
        byte[] before = Files.readAllBytes(journal);
        var e = assertThrows(SettingsMismatchException.class,
                () -> job(target, new Settings("sq", 4, List.of("a")), false).start(JobListener.NONE));
        assertEquals(List.of(new SettingsMismatchException.Difference("size", "3", "4"),
                new SettingsMismatchException.Difference("parts", "a,b", "a")), e.differences());
        assertEquals(1, e.rows());
        assertEquals(journal, e.journal());
        assertTrue(e.getMessage().contains("(1 finished rows) was started with other settings: size was 3, now 4; "
                + "parts was a,b, now a."), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(journal), "a refused session leaves the journal alone");
        try (var s = job(target, new Settings("sq", 4, List.of("a")), true).start(JobListener.NONE)) {
            assertEquals(List.of(), s.resumed(), "restart discards the journal");
        }
    }

    @Test
    void aSecondSessionOnAnOpenJournalIsRefused() {
        Path target = dir.resolve("sq.txt");
        try (var s = job(target, SETTINGS, false).start(JobListener.NONE)) {
            var busy = assertThrows(JobLock.BusyException.class,
                    () -> job(target, SETTINGS, false).start(JobListener.NONE));
            assertEquals(KeyedJob.journalOf(target), busy.journal());
            s.append(new Row(1, 1.0));
        }
    }

    @Test
    void aRowTwiceNamesBothLines() throws IOException {
        Path target = dir.resolve("sq.txt");
        try (var s = job(target, SETTINGS, false).start(JobListener.NONE)) {
            s.append(new Row(1, 1.0));
            s.append(new Row(1, 2.0));
        }
        Path journal = KeyedJob.journalOf(target);
        var e = assertThrows(FileFormatException.class, () -> Journal.read(journal, "squares", CODEC));
        assertEquals(journal, e.file());
        assertEquals(Files.readAllLines(journal).size(), e.line());
        assertTrue(e.getMessage().endsWith("key 1 appears again (first on line " + (e.line() - 1) + ")"),
                e.getMessage());
        var other = assertThrows(FileFormatException.class, () -> Journal.read(journal, "cubes", CODEC));
        assertEquals(1, other.line());
    }
}
