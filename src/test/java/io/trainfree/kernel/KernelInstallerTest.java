package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {
    @TempDir
    Path tmp;

    Path project() throws IOException {
        Path home = tmp.resolve("project");
        Files.createDirectories(home.resolve("target/lib"));
        Files.writeString(home.resolve("target/trainfree.jar"), "jar");
        Files.createDirectories(home.resolve("kernel"));
        Files.write(home.resolve("kernel/logo-64x64.png"), new byte[] {1, 2, 3});
        Files.writeString(home.resolve("kernel/README.md"), "not copied");
        return home;
    }

    static JsonObject parse(KernelSpec spec) {
        return JsonParser.parseString(spec.toJson()).getAsJsonObject();
    }

    @Test
    void specRunsTheKernelMainWithTheProjectClasspath() throws IOException {
        Path home = project();
        KernelSpec spec = KernelSpec.forProject(home, Path.of("/opt/jdk"), 25, "cpu", Map.of("MALLOC_TOP_PAD_", "1"));
        JsonObject json = parse(spec);
        var argv = json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertEquals("/opt/jdk/bin/java", argv.get(0));
        assertEquals(List.of("-cp", home + "/target/trainfree.jar:" + home + "/target/lib/*",
                "io.trainfree.kernel.KernelMain", "{connection_file}"), argv.subList(argv.size() - 4, argv.size()));
        assertTrue(argv.containsAll(List.of("-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dtrainfree.home=" + home, "-Dai.djl.offline=true")), argv.toString());
        assertEquals("Java (trainfree)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        var env = json.getAsJsonObject("env");
        assertEquals("1", env.get("MALLOC_TOP_PAD_").getAsString(), "the launcher's value wins");
        assertEquals("33554432", env.get("MALLOC_MMAP_THRESHOLD_").getAsString());
    }

    @Test
    void olderJdksAndCudaBuildsGetTheirOwnOptions() throws IOException {
        Path home = project();
        var argv = KernelSpec.forProject(home, Path.of("/jdk21"), 21, "cuda",
                Map.of("TRAINFREE_JAVA_OPTS", " -Xmx8g  -Dx=1 ")).argv();
        assertFalse(argv.contains("--sun-misc-unsafe-memory-access=allow"), "JDK 21 does not know the flag");
        assertFalse(argv.contains("-Dai.djl.offline=true"), "CUDA fetches libtorch on first use");
        assertTrue(argv.containsAll(List.of("-Xmx8g", "-Dx=1")), argv.toString());
        KernelSpec cuda = KernelSpec.forProject(home, Path.of("/jdk21"), 21, "cuda", Map.of());
        assertEquals("cu128", cuda.env().get("PYTORCH_FLAVOR"));
    }

    @Test
    void anUnbuiltProjectIsRefusedWithTheFix() {
        var e = assertThrows(IllegalStateException.class,
                () -> KernelSpec.forProject(tmp, Path.of("/jdk"), 25, "cpu", Map.of()));
        assertTrue(e.getMessage().contains("target/trainfree.jar does not exist: build first"), e.getMessage());
    }

    @Test
    void jsonEscapes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", KernelSpec.quote("a\"b\\c\nd\u0001"));
    }

    @Test
    void userDataDirFollowsJupyterCore() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/data/j"), KernelInstaller.userDataDir(Map.of("JUPYTER_DATA_DIR", "/data/j"), "Linux", home));
        assertEquals(Path.of("/home/u/.local/share/jupyter"), KernelInstaller.userDataDir(Map.of(), "Linux", home));
        assertEquals(Path.of("/x/jupyter"), KernelInstaller.userDataDir(Map.of("XDG_DATA_HOME", "/x"), "Linux", home));
        assertEquals(Path.of("/home/u/Library/Jupyter"), KernelInstaller.userDataDir(Map.of(), "Mac OS X", home));
        assertEquals(Path.of("/p/share/jupyter"), KernelInstaller.prefixDataDir(Path.of("/p")));
    }

    @Test
    void aSecondInstallReplacesTheFirstCleanly() throws IOException {
        Path home = project();
        Path data = tmp.resolve("jupyter");
        KernelSpec first = KernelSpec.forProject(home, Path.of("/jdk-a"), 25, "cpu", Map.of());
        var r1 = KernelInstaller.install(first, data, "trainfree", home.resolve("kernel"));
        assertFalse(r1.replaced());
        assertEquals(data.resolve("kernels/trainfree"), r1.directory());
        Files.writeString(r1.directory().resolve("stale.txt"), "left by hand");

        KernelSpec second = KernelSpec.forProject(home, Path.of("/jdk-b"), 25, "cpu", Map.of());
        var r2 = KernelInstaller.install(second, data, "trainfree", home.resolve("kernel"));
        assertTrue(r2.replaced());
        try (Stream<Path> kernels = Files.list(data.resolve("kernels"))) {
            assertEquals(List.of("trainfree"), kernels.map(p -> p.getFileName().toString()).toList(),
                    "no staging or old directories left");
        }
        try (Stream<Path> files = Files.list(r2.directory())) {
            assertEquals(List.of("kernel.json", "logo-64x64.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.readString(r2.directory().resolve("kernel.json")).contains("/jdk-b/bin/java"));
    }

    @Test
    void badNamesAreRefused() throws IOException {
        KernelSpec spec = KernelSpec.forProject(project(), Path.of("/jdk"), 25, "cpu", Map.of());
        var e = assertThrows(IllegalArgumentException.class,
                () -> KernelInstaller.install(spec, tmp.resolve("j"), "my kernel", null));
        assertTrue(e.getMessage().startsWith("kernel name 'my kernel' is not valid for Jupyter"), e.getMessage());
    }
}
