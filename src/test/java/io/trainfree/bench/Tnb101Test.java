package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.CorruptDataException;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Tnb101Test {
    private static final DataResolver DATA = DataResolver.standard();

    @TempDir
    Path root;

    // ---- architectures ---------------------------------------------------------------------------------------------

    @Test
    void netCodesRoundTrip() {
        Tnb101Arch micro = Tnb101Arch.parse("64-41414-1_02_333");
        assertEquals(Tnb101Arch.of(Tnb101Space.MICRO, 1, 0, 2, 3, 3, 3), micro);
        assertEquals("(1, 0, 2, 3, 3, 3)", micro.naslibString());
        assertEquals("64-41414-1_02_333", micro.archString());
        Tnb101Arch macro = Tnb101Arch.parse("64-1234-basic");
        assertEquals(Tnb101Arch.of(Tnb101Space.MACRO, 1, 2, 3, 4), macro);
        assertEquals(macro, Tnb101Arch.parseNaslib(Tnb101Space.MACRO, "(1, 2, 3, 4)"));
        // the same tuple means different architectures in the two spaces
        assertEquals("64-232323-basic", Tnb101Arch.parseNaslib(Tnb101Space.MACRO, "(2, 3, 2, 3, 2, 3)").toString());
        assertEquals("64-41414-2_32_323",
                Tnb101Arch.parseNaslib(Tnb101Space.MICRO, "(2, 3, 2, 3, 2, 3)").toString());
    }

    @Test
    void connectivityOfMicroCells() {
        assertFalse(Tnb101Arch.parse("64-41414-1_00_000").isConnected());
        assertTrue(Tnb101Arch.parse("64-41414-0_00_100").isConnected());   // 0->3 directly
        assertTrue(Tnb101Arch.parse("64-41414-1_01_001").isConnected());   // 0->1->2->3
        assertFalse(Tnb101Arch.parse("64-41414-0_01_011").isConnected());  // node 1 never reached
        assertTrue(Tnb101Arch.parse("64-1111-basic").isConnected());
        long disconnected = IntStream.range(0, 4096).mapToObj(Tnb101Test::microCell)
                .filter(a -> !a.isConnected()).count();
        assertEquals(169, disconnected);
    }

    /** The micro cell whose codes are the base-4 digits of {@code c}. */
    private static Tnb101Arch microCell(int c) {
        return Tnb101Arch.of(Tnb101Space.MICRO, c >> 10 & 3, c >> 8 & 3, c >> 6 & 3, c >> 4 & 3, c >> 2 & 3, c & 3);
    }

    @Test
    void badArchitecturesAreRefusedWithTheForm() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tnb101Arch.parse("64-41414-4_02_333"));
        assertTrue(e.getMessage().startsWith("'64-41414-4_02_333' is not a TransNAS-Bench-101 net code"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tnb101Arch.of(Tnb101Space.MACRO, 1, 2, 0, 4));
        assertEquals("TransNAS-Bench-101 macro codes [1, 2, 0, 4] are not 4 to 6 module codes in 1..4",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tnb101Arch.of(Tnb101Space.MICRO, 1, 2, 3));
        assertEquals("TransNAS-Bench-101 micro codes [1, 2, 3] are not 6 op codes in 0..3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tnb101Space.parse("mezzo"));
        assertEquals("unknown TransNAS-Bench-101 space 'mezzo'; known: micro, macro", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tnb101Task.parse("scene"));
        assertTrue(e.getMessage().startsWith("unknown TransNAS-Bench-101 task 'scene'; known: class_scene"),
                e.getMessage());
    }

    // ---- hand-made files -----------------------------------------------------------------------------------------

    private static final String HEADER = "task,idx,arch,val_accuracy,zen,synflow,epe_nas,fisher";

    /** A tiny "macro space" file is impossible (3,256 rows per task), so bad files are cut from a full micro one. */
    private Path microFile(java.util.function.UnaryOperator<String> edit) throws IOException {
        var sb = new StringBuilder(HEADER).append('\n');
        for (String task : List.of("jigsaw", "normal")) {
            for (int c = 0; c < 4096; c++) {
                String tuple = microCell(c).naslibString();
                String row = task + "," + c + ",\"" + tuple + "\"," + (c / 100.0) + ",1.5,"
                        + (task.equals("jigsaw") ? "2,3,4" : ",,");
                String edited = edit.apply(row);
                if (edited != null) {
                    sb.append(edited).append('\n');
                }
            }
        }
        Path p = root.resolve(DataFile.TNB101_MICRO.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, sb);
        return p;
    }

    private Tnb101 loadMicro() {
        return Tnb101.load(Tnb101Space.MICRO, DataResolver.of(root));
    }

    @Test
    void readsTasksAndWhatIsReleasedForEach() throws IOException {
        microFile(r -> r);
        Tnb101 micro = loadMicro();
        assertEquals(List.of(Tnb101Task.JIGSAW, Tnb101Task.NORMAL), micro.tasks());
        assertEquals(EnumSet.of(Metric.VAL_ACCURACY, Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS, Metric.FISHER),
                micro.metrics(Tnb101Task.JIGSAW));
        assertEquals(EnumSet.of(Metric.VAL_ACCURACY, Metric.ZEN), micro.metrics(Tnb101Task.NORMAL));
        assertEquals(12.34, micro.query(1234, Tnb101Task.NORMAL, Metric.VAL_ACCURACY), 0.0);
        assertEquals(4.0, micro.query(Tnb101Arch.parse("64-41414-0_00_012"), Tnb101Task.JIGSAW, Metric.FISHER),
                0.0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> micro.query(0, Tnb101Task.NORMAL, Metric.SYNFLOW));
        assertEquals("TransNAS-Bench-101 micro has no synflow for normal; released there: [val_accuracy, zen]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> micro.query(0, Tnb101Task.JIGSAW, Metric.SNIP));
        assertTrue(e.getMessage().contains("released there: [val_accuracy, epe_nas, fisher, synflow, zen]"));
        e = assertThrows(IllegalArgumentException.class,
                () -> micro.query(0, Tnb101Task.AUTOENCODER, Metric.VAL_ACCURACY));
        assertEquals("TransNAS-Bench-101 micro has no rows for task autoencoder; tasks: [jigsaw, normal]",
                e.getMessage());
        var table = micro.table(Tnb101Task.JIGSAW);
        assertEquals(List.of("idx", "arch", "arch_str", "val_accuracy", "epe_nas", "fisher", "synflow", "zen"),
                table.columnNames());
        assertEquals("(0, 0, 0, 0, 1, 2)", table.stringColumn("arch").get(6));
        assertEquals("64-41414-0_00_012", table.stringColumn("arch_str").get(6));
    }

    @Test
    void badRowsAreNamedByLine() throws IOException {
        microFile(r -> r.startsWith("jigsaw,5,") ? r.replace("jigsaw", "jigsw") : r);
        var e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("micro.csv: line 7, column 'task': unknown TransNAS-Bench-101 task "
                + "'jigsw'"), e.getMessage());

        microFile(r -> r.startsWith("normal,5,") ? r.replace("normal,5,", "normal,4096,") : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("line 4103, column 'idx': idx 4096 is not in 0..4095"), e.getMessage());

        microFile(r -> r.startsWith("normal,5,") ? r.replace("(0, 0, 0, 0, 1, 1)", "(0, 0, 0, 0, 1, 2)") : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("line 4103, column 'arch': idx 5 is (0, 0, 0, 0, 1, 2) here but "
                + "(0, 0, 0, 0, 1, 1) on line 7"), e.getMessage());

        microFile(r -> r.startsWith("normal,17,") ? null : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("micro.csv: task normal has no row for idx 17"), e.getMessage());

        microFile(r -> r.startsWith("jigsaw,3,") ? r.replace("(0, 0, 0, 0, 0, 3)", "(1, 2, 3, 4, 1, 2)") : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("line 5, column 'arch': TransNAS-Bench-101 micro codes [1, 2, 3, 4, 1, 2]"
                + " are not 6 op codes in 0..3"), e.getMessage());

        microFile(r -> r.startsWith("jigsaw,3,") ? r.replace(",0.03,", ",0.03x,") : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("line 5, column 'val_accuracy': '0.03x' is not a number"),
                e.getMessage());

        microFile(r -> r.startsWith("jigsaw,3,") ? r.substring(0, r.length() - 2) : r);
        e = assertThrows(CorruptDataException.class, this::loadMicro);
        assertTrue(e.getMessage().contains("line 5 has 7 fields, expected 8"), e.getMessage());
    }

    // ---- the published files -------------------------------------------------------------------------------------

    private static void assumeData(Tnb101Space space) {
        assumeTrue(DATA.has(Tnb101.file(space)), "needs " + Tnb101.file(space).path() + " from ../shared/data");
    }

    @Test
    @RealData
    void publishedMicroSpace() {
        assumeData(Tnb101Space.MICRO);
        Tnb101 micro = Tnb101.load(Tnb101Space.MICRO);
        assertEquals(4096, micro.archs().size());
        assertEquals(List.of(Tnb101Task.values()), micro.tasks());
        assertEquals(4096, Set.copyOf(micro.archs()).size()); // every cell of the micro space once
        assertEquals("64-41414-2_32_323", micro.arch(0).archString());
        assertEquals(0, micro.lookup("(2, 3, 2, 3, 2, 3)"));
        assertEquals(0, micro.lookup("64-41414-2_32_323"));
        assertEquals(2609, micro.lookup("64-41414-3_33_333"));
        // with ops coded 0 = none in the cell string's edge order, the 169 cells without an input-output path score
        // alike on every task (the chance level), which fixes the encoding
        var disconnected = IntStream.range(0, 4096).filter(i -> !micro.arch(i).isConnected()).boxed().toList();
        assertEquals(169, disconnected.size());
        for (Tnb101Task t : List.of(Tnb101Task.CLASS_SCENE, Tnb101Task.CLASS_OBJECT, Tnb101Task.JIGSAW)) {
            Set<Double> scores = disconnected.stream().map(i -> micro.query(i, t, Metric.VAL_ACCURACY))
                    .collect(Collectors.toSet());
            assertEquals(1, scores.size(), t.id() + ": " + scores);
        }
        assertEquals(7.484076499938965, micro.query(disconnected.get(0), Tnb101Task.CLASS_SCENE,
                Metric.VAL_ACCURACY), 0.0);
        var released = Map.of(
                Tnb101Task.CLASS_SCENE, EnumSet.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS),
                Tnb101Task.CLASS_OBJECT, EnumSet.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS, Metric.FISHER),
                Tnb101Task.ROOM_LAYOUT, EnumSet.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS),
                Tnb101Task.JIGSAW, EnumSet.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS, Metric.FISHER),
                Tnb101Task.SEGMENTSEMANTIC, EnumSet.of(Metric.ZEN),
                Tnb101Task.NORMAL, EnumSet.of(Metric.ZEN),
                Tnb101Task.AUTOENCODER, EnumSet.of(Metric.ZEN));
        released.forEach((t, proxies) -> {
            proxies.add(Metric.VAL_ACCURACY);
            assertEquals(proxies, micro.metrics(t), t.id());
        });
        assertEquals(List.of(1330, 956, 1068, 3088, 1090, 3096, 1662),
                micro.summary(Metric.VAL_ACCURACY).intColumn("best_index").asList());
    }

    @Test
    @RealData
    void publishedMacroSpace() {
        assumeData(Tnb101Space.MACRO);
        Tnb101 macro = Tnb101.load(Tnb101Space.MACRO);
        assertEquals(3256, macro.archs().size());
        assertEquals("64-232323-basic", macro.arch(0).archString());
        assertEquals(3256, macro.archs().stream().map(Tnb101Arch::archString).distinct().count());
        assertTrue(macro.archs().stream().allMatch(a -> a.codes().size() >= 4));
        for (Tnb101Task t : Tnb101Task.values()) {
            boolean fisher = t == Tnb101Task.JIGSAW;
            assertEquals(fisher, macro.metrics(t).contains(Metric.FISHER), t.id());
            assertTrue(macro.metrics(t).contains(Metric.ZEN));
        }
        assertEquals(97.0193099975586, macro.query(1400, Tnb101Task.JIGSAW, Metric.VAL_ACCURACY), 0.0);
        assertEquals(Tnb101Arch.parse("64-2243-basic"), macro.arch(1400));
        var e = assertThrows(IllegalArgumentException.class, () -> macro.lookup("64-41414-3_33_333"));
        assertEquals("64-41414-3_33_333 is a micro architecture, not one of TransNAS-Bench-101 macro",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> macro.lookup("64-1111-basic"));
        assertTrue(e.getMessage().contains("is not among the 3256 architectures"), e.getMessage());
    }
}
