package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.predict.Manner;
import io.trainfree.predict.TrainingListener;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tnb101DeleStudy}: the split, the experts per task, the job and its table. */
class Tnb101DeleStudyTest {
    @TempDir
    Path tmp;

    private static final KeyedJob.Options OPTIONS = new KeyedJob.Options(false, 1, Duration.ZERO, "test");

    /** numpy.random.RandomState(0).permutation(4096), recorded with numpy: its first and 2,049th to 2,053rd values. */
    @Test
    void theSplitIsNumpysPermutationHalved() {
        int[][] s = Tnb101DeleStudy.split(0);
        assertEquals(2048, s[0].length);
        assertEquals(2048, s[1].length);
        assertArrayEquals(new int[] {582, 1961, 1957, 3193, 3818}, Arrays.copyOf(s[0], 5));
        assertArrayEquals(new int[] {2984, 1637, 2878, 2293, 1045}, Arrays.copyOf(s[1], 5));
        assertEquals(2732, s[1][2047]);
        int[] all = new int[4096];
        Arrays.stream(s[0]).forEach(i -> all[i]++);
        Arrays.stream(s[1]).forEach(i -> all[i]++);
        assertTrue(Arrays.stream(all).allMatch(c -> c == 1), "every cell in exactly one half");
    }

    @Test
    void expertsAreTheTasksFiniteReleasedProxies() throws IOException {
        Tnb101 tnb = synthetic(c -> Double.NaN);
        assertEquals(List.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS, Metric.FISHER),
                Tnb101DeleStudy.experts(tnb, Tnb101Task.JIGSAW));
        assertEquals(List.of(Metric.ZEN), Tnb101DeleStudy.experts(tnb, Tnb101Task.NORMAL));
        Tnb101 withInfinity = synthetic(c -> c == 7 ? Double.POSITIVE_INFINITY : c % 5);
        assertEquals(List.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS), Tnb101DeleStudy.experts(withInfinity,
                Tnb101Task.JIGSAW), "fisher has an infinite value: not an expert");
        var labels = Tnb101DeleStudy.labels(tnb, Tnb101Task.JIGSAW, new int[] {5, 10});
        assertEquals(List.of("zen", "synflow", "epe_nas", "fisher"), labels.names());
        assertEquals(zen(10), labels.values()[1][0], 0.0);
    }

    @Test
    void settingsRefuseWhatCannotRun() {
        var tasks = List.of(Tnb101Task.JIGSAW);
        var e = assertThrows(IllegalArgumentException.class, () -> new Tnb101DeleStudy.Settings(tasks, "gates",
                List.of(Manner.FINETUNE), List.of(0.1), List.of(0L), 1, 1, 8, 0));
        assertTrue(e.getMessage().contains("FINETUNE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tnb101DeleStudy.Settings(tasks, "gates",
                List.of(Manner.DELE), List.of(1.5), List.of(0L), 1, 1, 8, 0));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tnb101DeleStudy.Settings(List.of(), "gates",
                List.of(Manner.DELE), List.of(0.1), List.of(0L), 1, 1, 8, 0));
        assertTrue(e.getMessage().contains("task"), e.getMessage());
        assertEquals(7 * 2 * 3 * 5, Tnb101DeleStudy.Settings.standard().runs());
    }

    @Test
    void aRunIsOneLineOfTheTableAndReadsBack() {
        var run = new DeleStudy.Run("gates", Manner.DELE, 0.05, 3, 102, 0.61, new double[] {1, 0.5, 0.4, 0.3, 0.2,
            0.1, 1}, new double[] {Double.NaN, 0.2, 0.3, 0.4, 0.5, 0.55, 0.61}, 12.5, 0);
        var r = new Tnb101DeleStudy.Run(Tnb101Task.ROOM_LAYOUT, run);
        String line = Tnb101DeleStudy.line(r);
        assertTrue(line.startsWith("room_layout,gates,dele,0.05,3,102,0.61,"), line);
        var back = Tnb101DeleStudy.parse(Path.of("t.csv"), 2, line);
        assertEquals(r.key(), back.key());
        assertEquals(Tnb101DeleStudy.line(back), line);
        var bad = assertThrows(FileFormatException.class, () -> Tnb101DeleStudy.parse(Path.of("t.csv"), 4,
                "roomlayout," + line.substring(line.indexOf(',') + 1)));
        assertTrue(bad.getMessage().contains("t.csv") && bad.getMessage().contains("4")
                && bad.getMessage().contains("roomlayout"), bad.getMessage());
        assertThrows(FileFormatException.class, () -> Tnb101DeleStudy.parse(Path.of("t.csv"), 5, "jigsaw"));
    }

    /**
     * On a synthetic space whose score is the number of 3x3 convolutions (zen a noisy copy of it), a study stopped in
     * its first DELE run resumes with the rest; step 1 is trained once per task and seed; the summary's best-expert
     * tau is zen's own tau on the validation half and its gain is DELE minus vanilla.
     */
    @Test
    void anInterruptedStudyResumesAndSummarises() throws IOException {
        Tnb101 tnb = synthetic(c -> c % 5);
        var settings = new Tnb101DeleStudy.Settings(List.of(Tnb101Task.JIGSAW, Tnb101Task.NORMAL), "mlp",
                List.of(Manner.VANILLA, Manner.DELE), List.of(0.01, 0.05), List.of(0L), 3, 3, 256, 0);
        Path target = tmp.resolve("tnb.csv");
        var started = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Tnb101DeleStudy.run(settings, tnb, target, OPTIONS,
                JobListener.NONE, key -> {
                    if (started.incrementAndGet() == 3) { // jigsaw's first DELE run
                        throw new IllegalStateException("stopped here");
                    }
                    return TrainingListener.NONE;
                }));
        assertTrue(Files.exists(KeyedJob.journalOf(target)), "the two finished runs are in the journal");

        var result = Tnb101DeleStudy.run(settings, tnb, target, OPTIONS, JobListener.NONE,
                key -> TrainingListener.NONE);
        assertEquals(6, result.computed());
        assertEquals(8, result.runs().size());
        assertEquals(List.of("jigsaw vanilla 0.01", "jigsaw vanilla 0.05", "jigsaw dele 0.01", "jigsaw dele 0.05",
                "normal vanilla 0.01", "normal vanilla 0.05", "normal dele 0.01", "normal dele 0.05"),
                result.runs().stream().map(r -> r.task().id() + " " + r.run().manner().name().toLowerCase(Locale.ROOT)
                        + " " + r.run().ratio()).toList());
        assertEquals(20, result.runs().getFirst().run().trainSize(), "1% of 2,048 cells");
        assertTrue(result.runs().get(2).run().pretrainSeconds() > 0, "step 1 charged to the first DELE run");
        assertEquals(0.0, result.runs().get(3).run().pretrainSeconds(), "and shared by the next ratio");
        Path step1 = target.resolveSibling("tnb.csv.step1");
        assertTrue(Files.isRegularFile(step1.resolve("jigsaw-mlp-dele-seed0.step1")));
        assertTrue(Files.isRegularFile(step1.resolve("normal-mlp-dele-seed0.step1")));
        assertEquals(result.runs().stream().map(Tnb101DeleStudy.Run::key).toList(),
                Tnb101DeleStudy.read(target).stream().map(Tnb101DeleStudy.Run::key).toList());

        var summary = Tnb101DeleStudy.summary(result.runs(), tnb, 0);
        assertEquals(8, summary.rowCount());
        int[] valid = Tnb101DeleStudy.split(0)[1];
        double[] truth = Arrays.stream(valid).mapToDouble(c -> convs(c)).toArray();
        double zenTau = RankMetrics.kendallTau(Arrays.stream(valid).mapToDouble(c -> zen(c)).toArray(), truth);
        assertEquals(zenTau, summary.doubleColumn("best_expert_tau").get(4), 1e-12, "normal: zen alone");
        assertEquals("zen", summary.stringColumn("experts").get(4));
        double gain = result.runs().get(6).run().kendall() - result.runs().get(4).run().kendall();
        assertEquals(gain, summary.doubleColumn("vs_vanilla").get(6), 1e-12);
        assertTrue(summary.doubleColumn("vs_vanilla").isMissing(4), "no gain for vanilla itself");

        var byTask = Tnb101DeleStudy.byTask(result.runs(), tnb, 0, 0.05);
        assertEquals(List.of("task", "best expert alone", "vanilla", "dele"), byTask.columnNames());
        assertEquals(List.of("jigsaw", "normal"), byTask.stringColumn("task").asList());
        assertEquals(zenTau, byTask.doubleColumn("best expert alone").getDouble(1), 1e-12);
        assertEquals(result.runs().get(7).run().kendall(), byTask.doubleColumn("dele").getDouble(1), 1e-12);
        assertEquals(result.runs().get(1).run().kendall(), byTask.doubleColumn("vanilla").getDouble(0), 1e-12);
    }

    @Test
    @RealData
    void thePublishedMicroTasksGiveTheirExperts() {
        assumeTrue(DataResolver.standard().has(DataFile.TNB101_MICRO), "needs " + DataFile.TNB101_MICRO.path()
                + " from ../shared/data (or $TRAINFREE_DATA)");
        Tnb101 tnb = Tnb101.load(Tnb101Space.MICRO);
        assertEquals(4, Tnb101DeleStudy.experts(tnb, Tnb101Task.CLASS_OBJECT).size());
        assertEquals(4, Tnb101DeleStudy.experts(tnb, Tnb101Task.JIGSAW).size());
        assertEquals(List.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS),
                Tnb101DeleStudy.experts(tnb, Tnb101Task.CLASS_SCENE));
        assertEquals(List.of(Metric.ZEN, Metric.SYNFLOW, Metric.EPE_NAS),
                Tnb101DeleStudy.experts(tnb, Tnb101Task.ROOM_LAYOUT));
        for (Tnb101Task t : List.of(Tnb101Task.SEGMENTSEMANTIC, Tnb101Task.NORMAL, Tnb101Task.AUTOENCODER)) {
            assertEquals(List.of(Metric.ZEN), Tnb101DeleStudy.experts(tnb, t), t.id());
        }
    }

    // ---- a synthetic micro space -----------------------------------------------------------------------------------

    /** The micro cell whose codes are the base-4 digits of {@code c}. */
    private static Tnb101Arch cell(int c) {
        return Tnb101Arch.of(Tnb101Space.MICRO, c >> 10 & 3, c >> 8 & 3, c >> 6 & 3, c >> 4 & 3, c >> 2 & 3, c & 3);
    }

    /** The score: 3x3 convolutions (code 3) in the cell. */
    private static double convs(int c) {
        int n = 0;
        for (int i = 0; i < 6; i++) {
            n += (c >> 2 * i & 3) == 3 ? 1 : 0;
        }
        return n;
    }

    private static double zen(int c) {
        return convs(c) + (c * 7 % 11) / 10.0;
    }

    /** jigsaw with all four proxies (fisher from {@code fisher}), normal with zen alone. */
    private Tnb101 synthetic(java.util.function.IntToDoubleFunction fisher) throws IOException {
        var sb = new StringBuilder("task,idx,arch,val_accuracy,zen,synflow,epe_nas,fisher\n");
        for (String task : List.of("jigsaw", "normal")) {
            for (int c = 0; c < 4096; c++) {
                double f = fisher.applyAsDouble(c);
                sb.append(task).append(',').append(c).append(",\"").append(cell(c).naslibString()).append("\",")
                        .append(convs(c)).append(',').append(zen(c)).append(',')
                        .append(task.equals("jigsaw") ? (c % 3) + "," + (c % 7) + "," + (Double.isNaN(f) ? c % 2
                                : f) : ",,").append('\n');
            }
        }
        Path p = tmp.resolve("data").resolve(DataFile.TNB101_MICRO.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, sb);
        return Tnb101.load(Tnb101Space.MICRO, DataResolver.of(tmp.resolve("data")));
    }
}
