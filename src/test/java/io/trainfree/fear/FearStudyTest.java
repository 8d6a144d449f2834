package io.trainfree.fear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.trainfree.data.ImageSet;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.SettingsMismatchException;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.TinyImages;
import io.trainfree.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FEAR study job on a made-up task: logs, resumption at epoch ends, shards, settings and bad input. */
class FearStudyTest {
    private static final ImageSet IMAGES = TinyImages.colourClasses(200, 8, 7);
    private static final FearStudy.Settings TINY = new FearStudy.Settings(new FearProtocol(4, 1, 0.25, 10, 6, 16, 32,
            2), 200, 40, 36, 32, List.of(1, 2), List.of("grad_norm", "synflow", "naswot"), 16);
    private static final List<Integer> ARCHS = List.of(6111, 9, 14000);
    private static final IntFunction<Nb201Arch> CELL = Nb201Arch::fromCode;

    @TempDir
    Path dir;

    private FearStudy.Outcome run(Path where, int shard, int shards, FearStudy.EpochListener epochs) {
        return FearStudy.run(where, TINY, ARCHS, CELL, IMAGES, shard, shards, Device.cpu(), JobListener.NONE,
                epochs);
    }

    @Test
    void eachArchitectureGetsOneLogWithEveryPhase() {
        var o = run(dir, 0, 1, FearStudy.EpochListener.NONE);
        assertEquals(3, o.computed());
        assertEquals(ARCHS, o.logs().stream().map(ArchLog::index).toList());
        for (ArchLog log : o.logs()) {
            assertEquals(log, ArchLog.read(FearStudy.logFile(dir, log.index())), "the file reads back as written");
            assertEquals(1, log.phase(ArchLog.INIT).size());
            assertEquals(1, log.epochs(ShortReg.phase(1)).size());
            assertEquals(2, log.epochs(ShortReg.phase(2)).size());
            // proxies at initialisation and after each epoch of the longest shortreg run only
            assertTrue(log.proxy(ArchLog.INIT, -1, "synflow").isPresent());
            assertTrue(log.proxy(ShortReg.phase(2), 1, "synflow").isPresent());
            assertFalse(log.proxy(ShortReg.phase(1), 0, "synflow").isPresent());
            log.phase(ShortReg.phase(2)).forEach(r -> assertTrue(r.heldOut() >= 0 && r.heldOut() <= 1));
            assertTrue(log.notes().containsKey("rss_mib"));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".ckpt") || f.endsWith(".partial.csv")).toList(),
                    "nothing of an architecture in progress is left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // shortreg runs at one batch start alike: the same seed, order and rate 0.1 in their first epoch
        ArchLog first = o.logs().getFirst();
        assertEquals(first.epochs(ShortReg.phase(1)).getFirst().loss(),
                first.epochs(ShortReg.phase(2)).getFirst().loss(), 0.0);
        assertEquals(0.1, first.epochs(ShortReg.phase(2)).getFirst().learningRate(), 0.0);
        assertEquals(new io.trainfree.train.CosineSchedule(0.1, 2, 0).lr(1),
                first.epochs(ShortReg.phase(2)).get(1).learningRate(), 1e-15);
    }

    @Test
    void aKilledJobResumesAtTheLastEpochEndAndEndsAsIfNeverStopped() throws IOException {
        Path whole = dir.resolve("whole");
        Path killed = dir.resolve("killed");
        List<ArchLog> expected = run(whole, 0, 1, FearStudy.EpochListener.NONE).logs();
        var heard = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> run(killed, 0, 1, (index, phase, s) -> {
            if (index == 9 && heard.incrementAndGet() == 4) {
                throw new IllegalStateException("killed");
            }
        }));
        assertTrue(Files.isRegularFile(FearStudy.logFile(killed, 6111)), "the finished architecture is kept");
        assertTrue(Files.isRegularFile(killed.resolve("arch-9.partial.csv")));
        // a row logged whose checkpoint was never written (killed in between): that phase is trained again
        try (var files = Files.list(killed)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("arch-9\\.short.*\\.ckpt")).toList()) {
                Files.delete(f);
            }
        }
        var trained = new AtomicInteger();
        var o = run(killed, 0, 1, (index, phase, s) -> trained.incrementAndGet());
        assertEquals(2, o.computed());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(withoutTimes(expected.get(i)), withoutTimes(o.logs().get(i)), "architecture " + ARCHS.get(i));
        }
        int perArch = expected.get(1).rows().size() - 1;
        assertTrue(trained.get() < perArch + expected.get(2).rows().size() - 1, "finished epochs were not redone");
    }

    @Test
    void shortregTakesStageOnesFirstEpochAsIfItHadTrainedIt() {
        // shortreg at stage 1's batch: its first epoch is stage 1's first epoch
        var same = new FearStudy.Settings(new FearProtocol(4, 1, 0.25, 10, 6, 32, 64, 2), 200, 40, 36, 32,
                List.of(1, 2), List.of("grad_norm", "synflow"), 16);
        var heard = new java.util.ArrayList<String>();
        ArchLog shared = FearStudy.run(dir.resolve("shared"), same, List.of(6111), CELL, IMAGES, 0, 1, Device.cpu(),
                JobListener.NONE, (index, phase, e) -> heard.add(phase + " " + e.epoch()), true).logs().getFirst();
        ArchLog trained = FearStudy.run(dir.resolve("trained"), same, List.of(6111), CELL, IMAGES, 0, 1,
                Device.cpu(), JobListener.NONE, FearStudy.EpochListener.NONE, false).logs().getFirst();
        assertEquals(withoutTimes(trained), withoutTimes(shared));
        assertEquals(shared.epochs(Fear.STAGE1).getFirst(), shared.epochs(ShortReg.phase(2)).getFirst(),
                "the same epoch, seconds included");
        assertTrue(heard.contains("short2 0") && heard.contains("short1 0"), heard.toString());
    }

    @Test
    void shardsSplitTheListAndShareTheDirectory() {
        var a = run(dir, 0, 2, FearStudy.EpochListener.NONE);
        var b = run(dir, 1, 2, FearStudy.EpochListener.NONE);
        assertEquals(List.of(6111, 14000), a.logs().stream().map(ArchLog::index).toList());
        assertEquals(List.of(9), b.logs().stream().map(ArchLog::index).toList());
        assertEquals(3, FearStudy.load(dir, ARCHS).size());
        assertEquals(0, run(dir, 0, 2, FearStudy.EpochListener.NONE).computed(), "a finished shard does nothing");
        assertThrows(IllegalArgumentException.class, () -> run(dir, 2, 2, FearStudy.EpochListener.NONE));
    }

    @Test
    void aDirectoryWithOtherSettingsIsRefusedNamingTheDifference() {
        FearStudy.run(dir, TINY, List.of(9), CELL, IMAGES, 0, 1, Device.cpu(), JobListener.NONE,
                FearStudy.EpochListener.NONE);
        var other = new FearStudy.Settings(TINY.protocol(), 200, 40, 36, 32, List.of(1, 3), TINY.proxies(), 16);
        var e = assertThrows(SettingsMismatchException.class, () -> FearStudy.run(dir, other, List.of(9), CELL,
                IMAGES, 0, 1, Device.cpu(), JobListener.NONE, FearStudy.EpochListener.NONE));
        assertTrue(e.getMessage().contains("short_epochs was 1,2, now 1,3"), e.getMessage());
        assertEquals(1, e.rows());
    }

    @Test
    void badSettingsAndListsAreNamed() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new FearStudy.Settings(TINY.protocol(), 200, 40, 36, 32,
                List.of(2, 1), List.of(), 16));
        var unknown = assertThrows(IllegalArgumentException.class, () -> new FearStudy.Settings(TINY.protocol(), 200,
                40, 36, 32, List.of(1), List.of("no_such_proxy"), 16));
        assertTrue(unknown.getMessage().contains("no_such_proxy"), unknown.getMessage());
        Path list = dir.resolve("archs.txt");
        Files.writeString(list, "6983\n14708\nx12\n");
        var e = assertThrows(FileFormatException.class, () -> FearStudy.archList(list));
        assertEquals(3, e.line());
        Files.writeString(list, "6983\n15625\n");
        assertEquals(2, assertThrows(FileFormatException.class, () -> FearStudy.archList(list)).line());
        Files.writeString(list, "6983\n14708\n6983\n");
        assertEquals(3, assertThrows(FileFormatException.class, () -> FearStudy.archList(list)).line());
        Files.writeString(list, "6983\n14708\n");
        assertEquals(List.of(6983, 14708), FearStudy.archList(list));
        assertThrows(IllegalArgumentException.class, () -> FearStudy.run(dir, TINY, List.of(9, 9), CELL, IMAGES, 0,
                1, Device.cpu(), JobListener.NONE, FearStudy.EpochListener.NONE));
    }

    @Test
    void aCutLogIsNamedWithItsLine() throws IOException {
        Path f = dir.resolve("arch-1.csv");
        Files.writeString(f, "# index=1\n# arch=x\nphase,epoch,learning_rate,steps,loss,train_top1,held_out_top1,"
                + "seconds,diverged\nfear1,0,0.1,3,2.0,0.3\n");
        var e = assertThrows(FileFormatException.class, () -> ArchLog.read(f));
        assertEquals(4, e.line());
    }

    private static List<String> withoutTimes(ArchLog log) {
        return log.rows().stream().map(r -> {
            EpochStats s = r.stats();
            return r.phase() + " " + s.epoch() + " " + s.learningRate() + " " + s.steps() + " " + s.loss() + " "
                    + s.trainTop1() + " " + r.heldOut() + " " + r.proxies();
        }).toList();
    }
}
