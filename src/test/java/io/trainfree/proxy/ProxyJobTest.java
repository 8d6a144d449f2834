package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.KeyedJob;
import io.trainfree.job.SettingsMismatchException;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Isomorphism;
import io.trainfree.space.Nb201Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable job with cheap fake proxies on a handful of 8x8 images: what is written, what survives an
 * interruption, what is refused. The space is in code order (index = code), so no benchmark file is needed.
 */
class ProxyJobTest {
    private static final Nb201Space SPACE = Nb201Space.of(Nb201Arch.all());
    private static final long SEED = 42;
    private static final ImageSet IMAGES = images();

    @TempDir
    Path dir;

    /** A proxy from a function of the context; {@code failAt} makes it throw on that index (-1: never). */
    private record Fake(String name, ToDoubleFunction<ProxyContext> f, int failAt) implements Proxy {
        @Override
        public double score(ProxyContext context) {
            if (context.seed() - SEED == failAt) {
                throw new IllegalStateException("boom");
            }
            return f.applyAsDouble(context);
        }
    }

    /** Depends on the seed (so on the index the values were computed for) and on the cell. */
    private static double a(ProxyContext c) {
        return c.seed() / 3.0 + c.arch().count(io.trainfree.space.Nb201Op.NOR_CONV_3X3);
    }

    /** NaN for disconnected cells, as jacob_cov is. */
    private static double b(ProxyContext c) {
        return c.arch().isConnected() ? Math.sqrt(c.seed()) : Double.NaN;
    }

    private static double expectedA(int computedFrom) {
        return (SEED + computedFrom) / 3.0 + SPACE.arch(computedFrom).count(io.trainfree.space.Nb201Op.NOR_CONV_3X3);
    }

    private static List<Proxy> proxies(int failAt) {
        return List.of(new Fake("a", ProxyJobTest::a, failAt), new Fake("b", ProxyJobTest::b, -1));
    }

    private static ImageSet images() {
        int n = 6;
        int side = 8;
        byte[] pixels = new byte[n * 3 * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        return ImageSet.of(Dataset.CIFAR10, side, new int[] {0, 1, 2, 3, 4, 5}, pixels);
    }

    private static ProxyRunner runner(List<Proxy> proxies, long seed) {
        return ProxyRunner.of(Dataset.CIFAR10, proxies, IMAGES, new ProxyRunner.Options(4, seed, "cpu", false));
    }

    private static ProxyJob.Options quiet() {
        return new ProxyJob.Options().withCommand("test");
    }

    private ProxyJob.Result run(int[] indices, Path target, ProxyJob.Options options) {
        try (var r = runner(proxies(-1), SEED)) {
            return ProxyJob.of(r, SPACE, indices, target, options).run();
        }
    }

    /** Runs with {@code a} failing at {@code failAt}: leaves a journal. */
    private void interruptedRun(int[] indices, Path target, int failAt, ProxyJob.Options options) {
        try (var r = runner(proxies(failAt), SEED)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> ProxyJob.of(r, SPACE, indices, target, options).run());
            assertTrue(e.getMessage().contains("proxy a failed") && e.getMessage().contains("boom")
                    && e.getMessage().contains("kept in " + ProxyJob.journalOf(target)), e.getMessage());
        }
    }

    private static long dataLines(Path journal) throws IOException {
        return Files.readAllLines(journal).stream().filter(l -> !l.startsWith("#")).count() - 1;
    }

    @Test
    void writesSortedTableSidecarAndRemovesTheJournal() throws IOException {
        Path target = dir.resolve("out/t.csv");
        var result = run(new int[] {7, 3, 0, 5, 3}, target, quiet());
        ProxyTable t = ProxyTableCsv.read(target);
        assertArrayEquals(new int[] {0, 3, 5, 7}, t.indices());
        assertEquals(List.of("a", "b"), t.proxies());
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(expectedA(row.index()), row.values()[0], 0.0);
            assertEquals(SPACE.arch(row.index()), row.arch());
        }
        assertTrue(Double.isNaN(t.values("b")[0]), "cell 0 (all none) is disconnected: b is NaN");
        assertFalse(t.hasComputedFrom());
        assertEquals(4, result.computed());
        assertEquals(0, result.resumed());
        assertFalse(Files.exists(ProxyJob.journalOf(target)), "journal removed");
        Map<String, Object> sidecar = ProxyJob.readSidecar(target).orElseThrow();
        assertEquals("t.csv", sidecar.get("file"));
        assertEquals("cifar10", sidecar.get("dataset"));
        assertEquals(List.of("a", "b"), sidecar.get("proxies"));
        assertEquals(42L, sidecar.get("seed"));
        assertEquals(4L, sidecar.get("batch_size"));
        assertEquals(false, sidecar.get("augment"));
        assertEquals("none", sidecar.get("iso"));
        assertEquals("cpu", sidecar.get("device"));
        assertEquals((long) io.trainfree.model.Devices.threads(), sidecar.get("threads"));
        assertEquals(4L, sidecar.get("rows"));
        assertEquals(4L, sidecar.get("computed"));
        assertEquals("test", sidecar.get("command"));
        assertTrue(((Map<?, ?>) sidecar.get("seconds_mean")).containsKey("b"));
        assertTrue((Double) sidecar.get("seconds_per_arch") > 0);
        try (var s = Files.list(target.getParent())) {
            assertEquals(2, s.count(), "only the table and its sidecar");
        }
    }

    /**
     * A proxy failing midway leaves the finished rows in the journal and no table; the journal's last line is then
     * cut mid-write (as an interruption would); the resumed run skips the finished rows, computes the cut one again
     * and the rest, and the table has every index once.
     */
    @Test
    void resumesAfterAnInterruptionWithATornLastLine() throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        int[] indices = IntStream.range(100, 110).toArray();
        interruptedRun(indices, target, 106, quiet());
        assertFalse(Files.exists(target), "no table after a failure");
        assertEquals(6, dataLines(journal), "rows 100..105 finished");
        long size = Files.size(journal);
        int lastLine = Files.readAllLines(journal).size();
        try (var ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(size - 20); // cut row 105 mid-line
        }
        var result = run(indices, target, quiet());
        assertEquals(5, result.resumed());
        assertEquals(5, result.computed(), "105 again, then 106..109");
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("line " + lastLine) && n.contains("cut")),
                result.notes().toString());
        ProxyTable t = ProxyTableCsv.read(target);
        assertArrayEquals(indices, t.indices());
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(expectedA(row.index()), row.values()[0], 0.0, "row " + row.index());
        }
        assertFalse(Files.exists(journal));
        assertEquals(2L, ProxyJob.readSidecar(target).orElseThrow().get("sessions"));
        assertEquals(10L, ProxyJob.readSidecar(target).orElseThrow().get("computed"));
    }

    /** The final write failing (here: the target is a non-empty directory) keeps every row in the journal. */
    @Test
    void aFailedFinalWriteKeepsTheJournal() throws IOException {
        Path target = dir.resolve("t.csv");
        int[] indices = {1, 2, 3};
        interruptedRun(indices, target, 3, quiet()); // leaves a journal, so the run below resumes it
        Files.createDirectories(target.resolve("in-the-way"));
        var e = assertThrows(UncheckedIOException.class, () -> run(indices, target, quiet()));
        assertTrue(e.getMessage().contains("cannot write " + target), e.getMessage());
        assertEquals(3, dataLines(ProxyJob.journalOf(target)), "all three rows kept");
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "the journal and the directory in the way, no temporary file");
        }
        Files.delete(target.resolve("in-the-way"));
        Files.delete(target);
        var result = run(indices, target, quiet());
        assertEquals(3, result.resumed());
        assertEquals(0, result.computed());
        assertArrayEquals(indices, ProxyTableCsv.read(target).indices());
    }

    /** A proxy that runs {@code act} with the index being computed, then scores 0. */
    private static Proxy meddler(IndexAction act) {
        return new Fake("c", c -> {
            try {
                act.at((int) (c.seed() - SEED));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        }, -1);
    }

    private interface IndexAction {
        void at(int index) throws IOException;
    }

    /** Runs a JVM that tries to lock {@code file} as a job would: says whether someone else holds it. */
    private String tryLockInAnotherProcess(Path file) throws IOException {
        Path source = dir.resolve("TryLock.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class TryLock {
                    public static void main(String[] a) throws Exception {
                        try (var ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.READ,
                                StandardOpenOption.WRITE)) {
                            System.out.print(ch.tryLock() == null ? "locked by another" : "free");
                        }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, source.toString(), file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes()).strip();
            assertEquals(0, p.waitFor(), out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static ProxyJob.Options syncEveryRow() {
        return new ProxyJob.Options(ProxyJob.Iso.NONE, false, 1, Duration.ofHours(1), "test");
    }

    /**
     * A git checkout or stash of a committed journal puts a new file at its path while the job runs; rows appended
     * after that went to the unlinked file and were lost. The job now writes them back at its next sync.
     */
    @Test
    void aJournalReplacedWhileTheJobRunsIsRestoredAndAppendedTo() throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        Path snapshot = dir.resolve("journal-as-committed");
        long[] seenAt107 = {-1};
        Proxy c = meddler(index -> {
            switch (index) {
                case 102 -> Files.copy(journal, snapshot); // rows 100, 101
                case 105 -> Files.move(snapshot, journal, StandardCopyOption.REPLACE_EXISTING); // the checkout
                case 107 -> seenAt107[0] = dataLines(journal);
                default -> { }
            }
        });
        int[] indices = IntStream.range(100, 110).toArray();
        ProxyJob.Result result;
        try (var r = runner(List.of(new Fake("a", ProxyJobTest::a, -1), c), SEED)) {
            result = ProxyJob.of(r, SPACE, indices, target, syncEveryRow()).run();
        }
        assertEquals(7, seenAt107[0], "restored after row 105 with 100..105, then 106 appended to the restored file");
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("replaced by another file")
                && n.contains("restored it with the 6 rows") && n.contains(journal.toString())),
                result.notes().toString());
        assertArrayEquals(indices, ProxyTableCsv.read(target).indices());
        assertFalse(Files.exists(journal));
    }

    /** A journal removed under an interrupted job is written back when the job closes it, with every row. */
    @Test
    void aJournalRemovedUnderAnInterruptedJobKeepsItsRows() throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        Proxy c = meddler(index -> {
            if (index == 103) {
                Files.delete(journal);
            }
        });
        int[] indices = IntStream.range(100, 110).toArray();
        try (var r = runner(List.of(new Fake("a", ProxyJobTest::a, 106), c), SEED)) {
            assertThrows(IllegalStateException.class, () -> ProxyJob.of(r, SPACE, indices, target, quiet()).run());
        }
        assertEquals(6, dataLines(journal), "rows 100..105, though the file was removed after 102");
        try (var r = runner(List.of(new Fake("a", ProxyJobTest::a, -1), meddler(index -> { })), SEED)) {
            var result = ProxyJob.of(r, SPACE, indices, target, quiet()).run();
            assertEquals(6, result.resumed());
            assertEquals(4, result.computed());
        }
        for (ProxyTable.Row row : ProxyTableCsv.read(target).rows()) {
            assertEquals(expectedA(row.index()), row.values()[0], 0.0, "row " + row.index());
        }
    }

    /**
     * A second job on a journal in use, resuming or restarting, is refused and leaves the first job's rows alone; so
     * is another process (a JVM of its own, since the lock is the operating system's, and POSIX drops it when the
     * process closes any descriptor of the file, not just the locked one).
     */
    @Test
    void aSecondJobOnABusyJournalIsRefused() throws IOException {
        Path target = dir.resolve("t.csv");
        var refusals = new ArrayList<String>();
        String[] otherProcess = {""};
        Proxy c = meddler(index -> {
            if (index == 3) {
                otherProcess[0] = tryLockInAnotherProcess(ProxyJob.journalOf(target));
                for (var options : List.of(quiet(), quiet().withRestart(true))) {
                    try (var r = runner(proxies(-1), SEED)) {
                        var e = assertThrows(IllegalStateException.class,
                                () -> ProxyJob.of(r, SPACE, new int[] {1, 2, 3, 4, 5}, target, options).run());
                        refusals.add(e.getMessage());
                    }
                }
            }
        });
        int[] indices = {1, 2, 3, 4, 5};
        try (var r = runner(List.of(new Fake("a", ProxyJobTest::a, -1), c), SEED)) {
            var result = ProxyJob.of(r, SPACE, indices, target, quiet()).run();
            assertEquals(5, result.computed());
        }
        assertEquals("locked by another", otherProcess[0]);
        assertEquals(2, refusals.size());
        for (String m : refusals) {
            assertTrue(m.contains("another job is writing the journal " + ProxyJob.journalOf(target)), m);
        }
        ProxyTable t = ProxyTableCsv.read(target);
        assertArrayEquals(indices, t.indices());
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(expectedA(row.index()), row.values()[0], 0.0, "row " + row.index());
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefusedUntilRestart() throws IOException {
        Path target = dir.resolve("t.csv");
        int[] indices = {1, 2, 3, 4};
        interruptedRun(indices, target, 3, quiet());
        try (var r = runner(proxies(-1), 7)) {
            var e = assertThrows(SettingsMismatchException.class,
                    () -> ProxyJob.of(r, SPACE, indices, target, quiet()).run());
            assertTrue(e.getMessage().contains("seed was 42, now 7"), e.getMessage());
            assertTrue(e.getMessage().contains("2 finished rows"), e.getMessage());
            assertEquals(List.of(new SettingsMismatchException.Difference("seed", "42", "7")), e.differences());
            assertEquals(2, e.rows());
        }
        // the command line adds the flags (ProxiesCommandTest)
        var other = assertThrows(SettingsMismatchException.class, () -> run(new int[] {1, 2, 3}, target, quiet()));
        assertTrue(other.getMessage().contains("archs was 4, now 3"), other.getMessage());
        assertEquals(List.of("archs", "archs_sha256"),
                other.differences().stream().map(SettingsMismatchException.Difference::key).toList());
        var iso = assertThrows(SettingsMismatchException.class,
                () -> run(indices, target, quiet().withIso(ProxyJob.Iso.FUNCTIONAL)));
        assertTrue(iso.getMessage().contains("iso was none, now functional"), iso.getMessage());
        assertEquals(2, dataLines(ProxyJob.journalOf(target)), "a refused run leaves the journal alone");
        try (var r = runner(proxies(-1), 7)) {
            var result = ProxyJob.of(r, SPACE, indices, target, quiet().withRestart(true)).run();
            assertEquals(0, result.resumed());
            assertEquals((7 + 4) / 3.0 + SPACE.arch(4).count(io.trainfree.space.Nb201Op.NOR_CONV_3X3),
                    result.table().values("a")[4], 0.0);
        }
    }

    // ---- resuming: every recorded setting is checked ---------------------------------------------------------------

    /** The job every resume case interrupts: rows 1 and 2 finished, 3 and 4 missing. */
    private static final int[] RESUMED = {1, 2, 3, 4};

    /** A job like the interrupted one, with some of its inputs changed. */
    private record JobSpec(Dataset dataset, List<Proxy> proxies, long seed, int batchSize, boolean augment,
            int[] indices, ProxyJob.Options options) {
        static JobSpec base() {
            return new JobSpec(Dataset.CIFAR10, ProxyJobTest.proxies(-1), SEED, 4, false, RESUMED, quiet());
        }

        ProxyJob.Result run(Path target) {
            ImageSet images = dataset == Dataset.CIFAR10 ? IMAGES : ImageSet.of(dataset, 8, new int[6],
                    new byte[6 * 3 * 8 * 8]);
            try (var r = ProxyRunner.of(dataset, proxies, images,
                    new ProxyRunner.Options(batchSize, seed, "cpu", augment))) {
                return ProxyJob.of(r, SPACE, indices, target, options).run();
            }
        }
    }

    /**
     * One recorded setting changed on resume: {@code was} is what the journal records, {@code now} what the resuming
     * job has. {@code resume} runs the job that should be refused. Settings this machine cannot change (the space, the
     * device, the build) are changed in the journal instead ({@code inJournal}: {@code resume} writes the recorded
     * value, and the job of the interrupted run is then refused), which is the same to the check: a journal written on
     * a GPU machine or by another release, resumed here.
     */
    record Change(String key, String was, String now, boolean inJournal, ResumeAttempt resume) {
        @Override
        public String toString() {
            return key;
        }
    }

    interface ResumeAttempt {
        void run(Path target) throws IOException;
    }

    private static Change inJournal(String key, String recorded, String now) {
        return new Change(key, recorded, now, true, target -> {
            Path journal = ProxyJob.journalOf(target);
            String text = Files.readString(journal);
            String line = "# " + key + ": " + now + "\n";
            assertTrue(text.contains(line), "test setup: the journal records " + line);
            Files.writeString(journal, text.replace(line, "# " + key + ": " + recorded + "\n"));
        });
    }

    private static Change run(String key, String was, String now, JobSpec spec) {
        return new Change(key, was, now, false, spec::run);
    }

    static List<Change> changes() {
        int threads = io.trainfree.model.Devices.threads();
        int otherThreads = threads == 1 ? 2 : 1;
        int[] sameCountOtherCells = {1, 2, 3, 5};
        JobSpec b = JobSpec.base();
        List<Proxy> ab = b.proxies();
        return List.of(
                inJournal("space", "nb101", ProxyJob.SPACE),
                run("dataset", "cifar10", "cifar100",
                        new JobSpec(Dataset.CIFAR100, ab, SEED, 4, false, RESUMED, quiet())),
                run("proxies", "a,b", "b,a",
                        new JobSpec(Dataset.CIFAR10, List.of(ab.get(1), ab.get(0)), SEED, 4, false, RESUMED, quiet())),
                run("seed", "42", "7", new JobSpec(Dataset.CIFAR10, ab, 7, 4, false, RESUMED, quiet())),
                run("batch_size", "4", "2", new JobSpec(Dataset.CIFAR10, ab, SEED, 2, false, RESUMED, quiet())),
                run("augment", "false", "true", new JobSpec(Dataset.CIFAR10, ab, SEED, 4, true, RESUMED, quiet())),
                run("iso", "none", "gradient-safe", new JobSpec(Dataset.CIFAR10, ab, SEED, 4, false, RESUMED,
                        quiet().withIso(ProxyJob.Iso.GRADIENT_SAFE))),
                inJournal("device", "gpu:0", "cpu"),
                new Change("threads", Integer.toString(threads), Integer.toString(otherThreads), false, t -> {
                    io.trainfree.model.Devices.setThreads(otherThreads);
                    try {
                        b.run(t);
                    } finally {
                        io.trainfree.model.Devices.setThreads(threads); // per process: later tests keep theirs
                    }
                }),
                inJournal("trainfree", "0.9.0", ProxyJob.version()),
                run("archs", "4", "3", new JobSpec(Dataset.CIFAR10, ab, SEED, 4, false, new int[] {1, 2, 3}, quiet())),
                run("archs_sha256", ArchSelection.fingerprint(RESUMED), ArchSelection.fingerprint(sameCountOtherCells),
                        new JobSpec(Dataset.CIFAR10, ab, SEED, 4, false, sameCountOtherCells, quiet())));
    }

    private List<String> recordedKeys() {
        try (var r = runner(proxies(-1), SEED)) {
            return List.copyOf(ProxyJob.of(r, SPACE, RESUMED, dir.resolve("keys.csv"), quiet()).settings().toMap()
                    .keySet());
        }
    }

    /** Every setting the journal records has a case above, in the journal's order: none can go unchecked. */
    @Test
    void everyRecordedSettingHasAResumeCase() {
        assertEquals(recordedKeys(), changes().stream().map(Change::key).toList());
    }

    /**
     * Resuming with one setting changed is refused, naming that setting (and no other) with the journal's value and
     * this run's, and leaves the journal's bytes as they were.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("changes")
    void resumingWithOneSettingChangedIsRefused(Change change) throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        interruptedRun(RESUMED, target, 3, quiet());
        assertEquals(2, dataLines(journal), "test setup: rows 1 and 2 finished");
        ResumeAttempt attempt = change.resume();
        if (change.inJournal()) {
            attempt.run(target);
            attempt = JobSpec.base()::run;
        }
        byte[] before = Files.readAllBytes(journal);
        ResumeAttempt refused = attempt;
        var e = assertThrows(SettingsMismatchException.class, () -> refused.run(target));
        String m = e.getMessage();
        assertTrue(m.contains("the journal " + journal + " (2 finished rows) was started with other settings: "), m);
        assertTrue(e.differences().contains(new SettingsMismatchException.Difference(change.key(), change.was(),
                change.now())), e.differences().toString());
        assertTrue(m.contains(change.key() + " was " + change.was() + ", now " + change.now()), m);
        for (String other : recordedKeys()) {
            boolean alsoChanged = change.key().equals("archs") && other.equals("archs_sha256");
            if (!other.equals(change.key()) && !alsoChanged) {
                assertFalse(m.contains(other + " was "), "only " + change.key() + " changed: " + m);
            }
        }
        assertArrayEquals(before, Files.readAllBytes(journal), "a refused resume leaves the journal's bytes alone");
        assertFalse(Files.exists(target), "no table");
    }

    /** With the journal's settings the job resumes: it scores only the missing cells and keeps the finished rows. */
    @Test
    void resumingWithTheSameSettingsComputesOnlyTheMissingCells() throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        interruptedRun(RESUMED, target, 3, quiet());
        String finished = Files.readString(journal);
        var scored = new ArrayList<Integer>();
        Proxy recording = new Fake("a", c -> {
            scored.add((int) (c.seed() - SEED));
            return a(c);
        }, -1);
        var spec = JobSpec.base();
        var result = new JobSpec(spec.dataset(), List.of(recording, spec.proxies().get(1)), SEED, 4, false, RESUMED,
                quiet().withCommand("another command line: not a setting")).run(target);
        assertEquals(List.of(3, 4), scored, "rows 1 and 2 were in the journal:\n" + finished);
        assertEquals(2, result.resumed());
        assertEquals(2, result.computed());
        ProxyTable t = ProxyTableCsv.read(target);
        assertArrayEquals(RESUMED, t.indices());
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(expectedA(row.index()), row.values()[0], 0.0, "row " + row.index());
        }
    }

    @Test
    void aFinishedTableIsOnlyReplacedWithRestart() throws IOException {
        Path target = dir.resolve("t.csv");
        run(new int[] {1}, target, quiet());
        String before = Files.readString(target);
        var e = assertThrows(KeyedJob.TargetExistsException.class, () -> run(new int[] {1, 2}, target, quiet()));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage()); // the command line adds --restart
        assertEquals(ProxyJob.sidecarOf(target), e.sidecar());
        assertEquals(before, Files.readString(target));
        run(new int[] {1, 2}, target, quiet().withRestart(true));
        assertEquals(2, ProxyTableCsv.read(target).rowCount());
    }

    /**
     * Functional classes: one computation per class, with the seed of its smallest index over the whole space;
     * members share its values and name it in computed_from.
     */
    @Test
    void isomorphismClassesAreComputedOnce() {
        var rule = Nb201Isomorphism.functional();
        // a connected cell and its class members, plus disconnected cells (all one functional class)
        Nb201Arch best = Nb201Arch.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        int[] members = IntStream.range(0, SPACE.size()).filter(i -> rule.isomorphic(SPACE.arch(i), best))
                .limit(3).toArray();
        int[] disconnected = IntStream.range(0, SPACE.size()).filter(i -> !SPACE.arch(i).isConnected())
                .skip(5).limit(3).toArray();
        int[] indices = IntStream.concat(IntStream.concat(Arrays.stream(members), Arrays.stream(disconnected)),
                IntStream.of(SPACE.index(best))).toArray();
        Path target = dir.resolve("iso.csv");
        var result = run(indices, target, quiet().withIso(ProxyJob.Iso.FUNCTIONAL));
        ProxyTable t = ProxyTableCsv.read(target);
        assertTrue(t.hasComputedFrom());
        var byClass = new HashMap<Integer, Integer>();
        for (ProxyTable.Row row : t.rows()) {
            int smallest = IntStream.range(0, SPACE.size()).filter(i -> rule.isomorphic(SPACE.arch(i), row.arch()))
                    .findFirst().orElseThrow();
            assertEquals(smallest, row.computedFrom(), "row " + row.index());
            assertEquals(expectedA(smallest), row.values()[0], 0.0, "row " + row.index() + " has its class's value");
            byClass.merge(smallest, 1, Integer::sum);
        }
        assertEquals(2, byClass.size(), byClass.toString());
        assertEquals(2, result.computed());
        assertEquals(Arrays.stream(indices).distinct().count() - 2, result.copied());
        assertEquals(Arrays.stream(indices).distinct().count(), t.rowCount());
    }

    /** load: the journal's rows while a run is unfinished (a cut last line left out), the table once it is done. */
    @Test
    void loadReadsTheJournalOfAnUnfinishedRun() throws IOException {
        Path target = dir.resolve("t.csv");
        var missing = assertThrows(FileFormatException.class, () -> ComputedTables.load(target));
        // the command line adds how to compute it (ProxiesCommandTest)
        assertTrue(missing.getMessage().startsWith(target + ": no such proxy table, and no unfinished run's journal "
                + ProxyJob.journalOf(target)), missing.getMessage());
        int[] indices = {1, 2, 3, 4, 5};
        interruptedRun(indices, target, 4, quiet());
        Path journal = ProxyJob.journalOf(target);
        Files.writeString(journal, "7,|nor_conv", StandardOpenOption.APPEND); // a row being written
        ProxyTable soFar = ComputedTables.load(target);
        assertArrayEquals(new int[] {1, 2, 3}, soFar.indices());
        assertEquals(List.of("a", "b"), soFar.proxies());
        assertEquals(expectedA(2), soFar.column("a")[1], 0.0);
        Files.writeString(journal, Files.readString(journal).replace("7,|nor_conv", ""));
        run(indices, target, quiet());
        assertArrayEquals(indices, ComputedTables.load(target).indices());
    }

    /** Timings come from the journal while a run is unfinished and from the sidecar after, and agree. */
    @Test
    void timingsFromJournalAndSidecarAgree() {
        Path target = dir.resolve("t.csv");
        int[] indices = {1, 2, 3, 4};
        interruptedRun(indices, target, 3, quiet());
        tech.tablesaw.api.Table soFar = ProxyJob.timings(target);
        assertEquals(List.of("a", "b", "(cell)"), soFar.stringColumn("proxy").asList());
        assertTrue(soFar.name().contains("over 2 cells"), soFar.name());
        assertTrue(soFar.doubleColumn("mean_s").getDouble(2) > 0);
        run(indices, target, quiet());
        tech.tablesaw.api.Table done = ProxyJob.timings(target);
        assertTrue(done.name().contains("over 4 cells"), done.name());
        assertTrue(done.doubleColumn("mean_s").getDouble(2) >= done.doubleColumn("mean_s").getDouble(0));
        var e = assertThrows(FileFormatException.class, () -> ProxyJob.timings(dir.resolve("none.csv")));
        assertTrue(e.getMessage().contains("timings"), e.getMessage());
    }

    /** gradient-safe: the benchmark's classes, but a cell with a zero-fed conv is computed on its own. */
    @Test
    void gradientSafeComputesZeroFedCellsApart() {
        Nb201Arch zeroFed = Nb201Arch.parse(
                "|none~0|+|avg_pool_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        Nb201Arch clean = Nb201Arch.parse(
                "|skip_connect~0|+|none~0|avg_pool_3x3~1|+|none~0|skip_connect~1|nor_conv_1x1~2|");
        assertTrue(Nb201Isomorphism.nb201().isomorphic(zeroFed, clean), "test setup: one benchmark class");
        int[] indices = {SPACE.index(zeroFed), SPACE.index(clean)};
        Path nb201 = dir.resolve("nb201.csv");
        run(indices, nb201, quiet().withIso(ProxyJob.Iso.NB201));
        Path safe = dir.resolve("safe.csv");
        run(indices, safe, quiet().withIso(ProxyJob.Iso.GRADIENT_SAFE));
        int cleanRep = IntStream.range(0, SPACE.size()).filter(i -> !SPACE.arch(i).hasZeroFedConv()
                && Nb201Isomorphism.nb201().isomorphic(SPACE.arch(i), clean)).findFirst().orElseThrow();
        for (ProxyTable.Row row : ProxyTableCsv.read(safe).rows()) {
            assertEquals(row.arch().equals(zeroFed) ? row.index() : cleanRep, row.computedFrom(), row.toString());
        }
        assertEquals(1, ProxyTableCsv.read(nb201).rows().stream().mapToInt(ProxyTable.Row::computedFrom).distinct()
                .count(), "the benchmark's rule merges them");
    }

    /** Copied rows get their own params and flops: a class's members differ in dead edges, which sizes count. */
    @Test
    void copiedRowsKeepTheirOwnSizes() {
        int[] disconnected = IntStream.range(0, SPACE.size()).filter(i -> !SPACE.arch(i).isConnected())
                .limit(4).toArray(); // one functional class, with convs on different dead edges
        Path target = dir.resolve("sizes.csv");
        List<Proxy> proxies = List.of(new Fake("a", ProxyJobTest::a, -1), Proxies.params(), Proxies.flops());
        try (var r = runner(proxies, SEED)) {
            ProxyJob.of(r, SPACE, disconnected, target, quiet().withIso(ProxyJob.Iso.FUNCTIONAL)).run();
        }
        ProxyTable t = ProxyTableCsv.read(target);
        var params = new java.util.HashSet<Double>();
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(disconnected[0], row.computedFrom());
            assertEquals(expectedA(disconnected[0]), row.values()[0], 0.0, "row " + row.index() + " copies a");
            assertEquals(io.trainfree.bench.Nb201.params(row.arch(), Dataset.CIFAR10), row.values()[1], 0.0);
            assertEquals(io.trainfree.bench.Nb201.flops(row.arch(), Dataset.CIFAR10), row.values()[2], 0.0);
            params.add(row.values()[1]);
        }
        assertTrue(params.size() > 1, "the members should differ in size: " + params);
    }

    /**
     * The same when the representative is not among the requested cells: the first member asked for is scored as the
     * representative, and its row still gets its own sizes, not the representative's.
     */
    @Test
    void aMemberComputedForItsRepresentativeKeepsItsOwnSizes() {
        int[] disconnected = IntStream.range(0, SPACE.size()).filter(i -> !SPACE.arch(i).isConnected())
                .limit(4).toArray();
        double repParams = io.trainfree.bench.Nb201.params(SPACE.arch(disconnected[0]), Dataset.CIFAR10);
        // members of other sizes than the representative, so that its sizes cannot pass for theirs
        int[] members = IntStream.range(disconnected[0] + 1, SPACE.size())
                .filter(i -> !SPACE.arch(i).isConnected()
                        && io.trainfree.bench.Nb201.params(SPACE.arch(i), Dataset.CIFAR10) != repParams)
                .limit(3).toArray();
        Path target = dir.resolve("sizes.csv");
        List<Proxy> proxies = List.of(new Fake("a", ProxyJobTest::a, -1), Proxies.params(), Proxies.flops());
        try (var r = runner(proxies, SEED)) {
            ProxyJob.of(r, SPACE, members, target, quiet().withIso(ProxyJob.Iso.FUNCTIONAL)).run();
        }
        ProxyTable t = ProxyTableCsv.read(target);
        assertArrayEquals(members, t.indices());
        for (ProxyTable.Row row : t.rows()) {
            assertEquals(disconnected[0], row.computedFrom());
            assertEquals(expectedA(disconnected[0]), row.values()[0], 0.0, "row " + row.index() + " copies a");
            assertEquals(io.trainfree.bench.Nb201.params(row.arch(), Dataset.CIFAR10), row.values()[1], 0.0,
                    "params of " + row.index());
            assertEquals(io.trainfree.bench.Nb201.flops(row.arch(), Dataset.CIFAR10), row.values()[2], 0.0,
                    "flops of " + row.index());
        }
    }

    @Test
    void badJournalLineNamesFileAndLine() throws IOException {
        Path target = dir.resolve("t.csv");
        Path journal = ProxyJob.journalOf(target);
        interruptedRun(new int[] {1, 2, 3}, target, 3, quiet());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(journal));
        int bad = lines.size() - 1; // 0-based: the last row, index 2
        lines.set(bad, lines.get(bad).replaceFirst(",[^,]+,", ",|nor_conv_3x3~0|,"));
        Files.write(journal, lines);
        var e = assertThrows(FileFormatException.class, () -> run(new int[] {1, 2, 3}, target, quiet()));
        assertEquals(journal, e.file());
        assertEquals(bad + 1, e.line());
        assertTrue(e.getMessage().contains("line " + (bad + 1)), e.getMessage());
        Files.writeString(journal, "something else\n");
        var other = assertThrows(FileFormatException.class, () -> run(new int[] {1}, target, quiet()));
        assertTrue(other.getMessage().contains("not a trainfree proxies journal"), other.getMessage());
    }

    @Test
    void unwritableTargetAndBadIndicesAreClearErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        var e = assertThrows(UncheckedIOException.class, () -> run(new int[] {1}, file.resolve("t.csv"), quiet()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        try (var r = runner(proxies(-1), SEED)) {
            var out = assertThrows(IllegalArgumentException.class,
                    () -> ProxyJob.of(r, SPACE, new int[] {15_625}, dir.resolve("t.csv"), quiet()));
            assertTrue(out.getMessage().contains("index 15625 is outside the space's indices 0..15624"),
                    out.getMessage());
        }
        assertEquals(ProxyJob.Iso.NB201, ProxyJob.Iso.parse("NB201"));
        assertEquals(ProxyJob.Iso.GRADIENT_SAFE, ProxyJob.Iso.parse("gradient-safe"));
        var iso = assertThrows(IllegalArgumentException.class, () -> ProxyJob.Iso.parse("graph"));
        assertTrue(iso.getMessage().contains("none, nb201, functional"), iso.getMessage());
    }

    /**
     * A scoring that hands results back out of order, twice (a retried task), with a cell not asked for (a stray
     * speculative result) and then fails (a lost executor): the rows merged stay in the journal without duplicates, a
     * rerun resumes, and the table equals the one scored in process, with and without isomorphism copying.
     */
    @Test
    void mergesOutOfOrderDuplicateAndStrayResultsOnceAndResumes() throws IOException {
        for (ProxyJob.Iso iso : List.of(ProxyJob.Iso.NONE, ProxyJob.Iso.NB201)) {
            int[] indices = {3, 7, 11, 20, 33, 41, 58, 64};
            Path local = dir.resolve(iso.id() + "/local.csv");
            Path merged = dir.resolve(iso.id() + "/merged.csv");
            run(indices, local, quiet().withIso(iso));
            try (var r = runner(proxies(-1), SEED)) {
                var job = ProxyJob.of(r, SPACE, indices, merged, quiet().withIso(iso));
                int[] asked = new int[1];
                var e = assertThrows(IllegalStateException.class, () -> job.run(io.trainfree.job.JobListener.NONE,
                        (cells, sink) -> {
                            asked[0] = cells.length;
                            for (int k = cells.length - 1; k >= cells.length / 2; k--) { // the later half, reversed
                                var s = ProxyJob.Scored.of(r, SPACE.arch(cells[k]), cells[k]);
                                sink.accept(s);
                                sink.accept(s); // a retried task's result
                            }
                            sink.accept(ProxyJob.Scored.of(r, SPACE.arch(1000), 1000)); // never asked for
                            throw new IllegalStateException("executor lost");
                        }));
                assertTrue(e.getMessage().contains("executor lost"), e.getMessage());
                long kept = dataLines(ProxyJob.journalOf(merged));
                assertTrue(kept >= asked[0] - asked[0] / 2 && kept < indices.length, "kept " + kept);
                List<String> journalIndices = Files.readAllLines(ProxyJob.journalOf(merged)).stream()
                        .filter(l -> !l.startsWith("#") && !l.startsWith("index")).map(l -> l.split(",")[0])
                        .toList();
                assertEquals(journalIndices.size(), journalIndices.stream().distinct().count(), "no row twice");
                var resumed = job.run(io.trainfree.job.JobListener.NONE, (cells, sink) -> {
                    for (int c : cells) {
                        sink.accept(ProxyJob.Scored.of(r, SPACE.arch(c), c));
                    }
                });
                assertEquals(kept, resumed.resumed());
            }
            assertEquals(Files.readString(local), Files.readString(merged), iso.id());
        }
    }

    /**
     * A cell scored on a GPU (a Spark executor's) under a job that records the CPU (its driver's) is refused, naming
     * the cell and both devices; the rows merged before stay in the journal. Another GPU than the driver's is fine.
     */
    @Test
    void aCellScoredOnAnotherKindOfDeviceIsRefused() throws IOException {
        int[] indices = {3, 7, 11};
        Path target = dir.resolve("device.csv");
        try (var r = runner(proxies(-1), SEED)) {
            var job = ProxyJob.of(r, SPACE, indices, target, quiet());
            assertEquals("cpu", job.settings().device());
            var e = assertThrows(IllegalStateException.class, () -> job.run(io.trainfree.job.JobListener.NONE,
                    (cells, sink) -> {
                        sink.accept(ProxyJob.Scored.of(r, SPACE.arch(cells[0]), cells[0]));
                        var s = ProxyJob.Scored.of(r, SPACE.arch(cells[1]), cells[1]);
                        sink.accept(new ProxyJob.Scored(s.index(), s.values(), s.archSeconds(), s.proxySeconds(),
                                "gpu:1"));
                    }));
            assertTrue(e.getMessage().contains("cell 7 was scored on gpu:1, but the job records cpu"), e.getMessage());
            assertEquals(1, dataLines(ProxyJob.journalOf(target)), "the CPU row stays");
        }
    }

    /**
     * {@code --workers}: three threads, each with its own runner, write the table one thread writes, byte for byte
     * (rows reach the journal in any order); a worker that fails stops the job with its error, and the rows merged
     * before stay, so a rerun resumes.
     */
    @Test
    void threadScoringWritesTheSameTableAndKeepsRowsWhenAWorkerFails() throws IOException {
        int[] indices = {3, 7, 11, 20, 33, 41, 58, 64, 77, 90};
        Path local = dir.resolve("one.csv");
        Path threaded = dir.resolve("three.csv");
        run(indices, local, quiet().withIso(ProxyJob.Iso.NB201));
        try (var r = runner(proxies(-1), SEED)) {
            var made = new java.util.concurrent.atomic.AtomicInteger();
            ProxyJob.of(r, SPACE, indices, threaded, quiet().withIso(ProxyJob.Iso.NB201)).run(
                    io.trainfree.job.JobListener.NONE, new ThreadScoring(3, SPACE, () -> {
                        made.incrementAndGet();
                        return runner(proxies(-1), SEED);
                    }));
            assertEquals(3, made.get(), "one runner per worker");
        }
        assertEquals(Files.readString(local), Files.readString(threaded));

        Path failing = dir.resolve("failing.csv");
        try (var r = runner(proxies(-1), SEED)) {
            var job = ProxyJob.of(r, SPACE, indices, failing, quiet());
            var e = assertThrows(IllegalStateException.class, () -> job.run(io.trainfree.job.JobListener.NONE,
                    new ThreadScoring(2, SPACE, () -> runner(proxies(58), SEED))));
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
            long kept = dataLines(ProxyJob.journalOf(failing));
            assertTrue(kept < indices.length, "kept " + kept);
            var resumed = job.run(io.trainfree.job.JobListener.NONE, new ThreadScoring(2, SPACE,
                    () -> runner(proxies(-1), SEED)));
            assertEquals(kept, resumed.resumed());
            assertEquals(indices.length, resumed.table().rowCount());
        }
        assertThrows(IllegalArgumentException.class, () -> new ThreadScoring(0, SPACE, () -> null));
    }
}
