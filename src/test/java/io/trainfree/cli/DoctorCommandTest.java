package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.DataSource;
import io.trainfree.data.Download;
import io.trainfree.kernel.KernelInstaller;
import io.trainfree.model.CpuCapabilities;
import io.trainfree.model.Devices;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsEverySectionTheJavaHomeAndEveryDataFile() {
        CliRun run = CliRun.of("doctor");
        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("trainfree doctor: paste all of this into a bug report."), out);
        for (String section : List.of("trainfree", "java", "engine", "cpu", "cuda", "threads", "data",
                "jupyter kernel", "jupyter")) {
            assertTrue(out.contains("\n== " + section + "\n"), section + " in\n" + out);
        }
        assertTrue(out.contains(System.getProperty("java.home")), out);
        assertTrue(Pattern.compile("\n  libtorch: +2\\.7\\.1\n").matcher(out).find(), out);
        for (DataFile f : DataFile.values()) {
            assertTrue(Pattern.compile("(found|missing) +" + Pattern.quote(f.path()) + "\\b").matcher(out).find(),
                    f.path() + " in\n" + out);
        }
    }

    @Test
    void parsesCpuinfoFlagsAndInfersTheKernels() {
        String cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse4_1 sse4_2 avx avx2 fma "
                + "avx512f avx512bw avx512vl avx512dq\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        CpuCapabilities cpu = CpuCapabilities.parse(cpuinfo);
        assertEquals("AMD EPYC 7B13", cpu.model());
        assertEquals(List.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
                "avx512dq"), cpu.vectorFlags());
        assertEquals("avx512", cpu.best());
        assertEquals("avx512", cpu.chosen(null));
        assertEquals("default", cpu.chosen("default"));
        assertEquals("avx2", cpu.chosen("AVX2"));
        CpuCapabilities avx2 = CpuCapabilities.parse("flags : sse4_2 avx avx2 fma\n");
        assertEquals("avx2", avx2.best());
        assertEquals("avx2", avx2.chosen("avx512"), "the variable only lowers the choice");
        assertEquals("default", CpuCapabilities.parse("flags : sse4_2 avx2\n").best(), "AVX2 needs FMA");
        CpuCapabilities none = CpuCapabilities.parse("");
        assertEquals("", none.model());
        assertEquals("default", none.best());
        assertEquals(List.of("neon", "asimd"), CpuCapabilities.parse("Features\t: fp asimd neon\n").vectorFlags());
    }

    @Test
    void aKernelJsonPointingToAMissingJarIsReported() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("kernels/trainfree"));
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = tmp.resolve("gone/trainfree.jar") + File.pathSeparator + lib + "/*";
        Files.writeString(dir.resolve("kernel.json"), "{\"argv\": [\"" + java + "\", \"-cp\", \"" + cp
                + "\", \"io.trainfree.kernel.KernelMain\", \"{connection_file}\"], \"display_name\": \"x\"}");
        KernelInstaller.Installed k = KernelInstaller.inspect(tmp, "trainfree").orElseThrow();
        assertEquals(java, k.java());
        assertEquals(cp, k.classpath());
        assertEquals(List.of(tmp.resolve("gone/trainfree.jar").toString()), k.missing());
        var out = new StringWriter();
        DoctorCommand.kernelLines(new PrintWriter(out), k);
        assertTrue(out.toString().contains("MISSING " + tmp.resolve("gone/trainfree.jar")), out.toString());

        assertTrue(KernelInstaller.inspect(tmp, "other").isEmpty());
        Files.writeString(dir.resolve("kernel.json"), "not json");
        out = new StringWriter();
        DoctorCommand.kernel(new PrintWriter(out), Map.of("JUPYTER_DATA_DIR", tmp.toString()));
        assertTrue(out.toString().contains("unknown (IllegalArgumentException: " + dir.resolve("kernel.json")),
                out.toString());
    }

    @Test
    void aProbeThatFailsOrHangsPrintsUnknownWithTheReason() {
        assertEquals("42", DoctorCommand.probe(Duration.ofSeconds(5), () -> "42"));
        assertEquals("unknown (IllegalStateException: no libtorch)", DoctorCommand.probe(Duration.ofSeconds(5),
                () -> {
                    throw new IllegalStateException("no libtorch\nsecond line");
                }));
        assertEquals("unknown (UnsatisfiedLinkError: x.so)", DoctorCommand.probe(Duration.ofSeconds(5), () -> {
            throw new UnsatisfiedLinkError("x.so");
        }));
        assertEquals("unknown (no answer within 0 s)", DoctorCommand.probe(Duration.ofMillis(50), () -> {
            Thread.sleep(10_000);
            return "late";
        }));
    }

    @Test
    void saysWhyNoGpuIsVisible() {
        assertEquals("", Devices.cudaAbsence(1, true, true, null));
        String why = Devices.cudaAbsence(0, false, false, "-1");
        assertTrue(why.contains("CPU build") && why.contains("/dev/nvidia0") && why.contains("CUDA_VISIBLE_DEVICES"),
                why);
        assertTrue(Devices.cudaAbsence(0, true, true, null).contains("driver"));
    }
    /** The checksum column: the recorded SHA-256 of the file trainfree reads against a right and a wrong copy. */
    @Test
    void checksumsAreCheckedWhereTheProjectRecordsThem() throws IOException {
        Path wrong = Files.writeString(tmp.resolve("nb2_cf10_hp12_info.p"), "not the pickle");
        String state = DoctorCommand.checksum(DataFile.NB201_HP12_INFO, wrong);
        assertTrue(state.startsWith("checksum MISMATCH (SHA-256 " + Download.sha256(wrong) + ", recorded "
                + DataSource.of(DataFile.NB201_HP12_INFO).sha256().orElseThrow()), state);
        assertTrue(DoctorCommand.checksum(DataFile.NB201_HP12_ACCS, wrong).contains(", recorded 3c50de436fb99609"),
                "a converted file is checked against the digest of the conversion's output");
        assertEquals(DoctorCommand.NO_CHECKSUM, DoctorCommand.checksum(DataFile.CIFAR10_TEST, wrong),
                "a file unpacked from an archive has only the archive's digest");
        var found = DataResolver.standard().find(DataFile.NB201_HP12_INFO);
        if (found.isPresent()) { // the shared copy is the published file
            assertEquals("checksum ok", DoctorCommand.checksum(DataFile.NB201_HP12_INFO, found.get()));
        }
    }
}
