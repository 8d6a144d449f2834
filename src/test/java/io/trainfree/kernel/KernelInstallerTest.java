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
                "--sun-misc-unsafe-memory-access=allow", "-Dtrainfree.home=" + home, "-Dai.djl.offline=true")),
                argv.toString());
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
    void jsonReadsBackAsTheHandWrittenJsonDid() {
        // quotes, backslashes (a Windows path), HTML characters, non-ASCII, JSON's line separators, control characters
        String odd = "/home/Zoë \"q\"/C:\\jdk\\bin/a<b>&c='d'/模型/\uD83D\uDE80/\u2028\u2029/tab\tnl\nbell\u0007";
        var spec = new KernelSpec(List.of(odd + "/bin/java", "-Dtrainfree.home=" + odd, "{connection_file}"),
                "Java (" + odd + ")", "java", "message", Map.of("Z_" + odd, odd, "A", "1", "MALLOC_TOP_PAD_", "2"));
        JsonObject json = parse(spec);
        assertEquals(JsonParser.parseString(handWrittenJson(spec)), json);
        assertEquals(spec.argv(), json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals("Java (" + odd + ")", json.get("display_name").getAsString());
        assertEquals(List.of("A", "MALLOC_TOP_PAD_", "Z_" + odd), List.copyOf(json.getAsJsonObject("env").keySet()),
                "environment keys sorted, as before");
        assertEquals(odd, json.getAsJsonObject("env").get("Z_" + odd).getAsString());
        assertFalse(json.getAsJsonObject("metadata").get("debugger").getAsBoolean());
        assertTrue(spec.toJson().contains("a<b>&c='d'/模型/\uD83D\uDE80"), "written as they are, not \\u-escaped: "
                + spec.toJson());
    }

    /** What {@link KernelSpec#toJson} wrote before it used Gson (the reference the Gson writer must agree with). */
    static String handWrittenJson(KernelSpec spec) {
        var j = new StringBuilder("{\n  \"argv\": [");
        for (int i = 0; i < spec.argv().size(); i++) {
            j.append(i == 0 ? "\n    " : ",\n    ").append(quote(spec.argv().get(i)));
        }
        j.append("\n  ],\n");
        j.append("  \"display_name\": ").append(quote(spec.displayName())).append(",\n");
        j.append("  \"language\": ").append(quote(spec.language())).append(",\n");
        j.append("  \"interrupt_mode\": ").append(quote(spec.interruptMode())).append(",\n");
        j.append("  \"env\": {");
        var keys = spec.env().keySet().stream().sorted().toList();
        for (int i = 0; i < keys.size(); i++) {
            j.append(i == 0 ? "\n    " : ",\n    ").append(quote(keys.get(i))).append(": ")
                    .append(quote(spec.env().get(keys.get(i))));
        }
        j.append(keys.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"metadata\": {\"debugger\": false}\n}\n");
        return j.toString();
    }

    private static String quote(String s) {
        var b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
        }
        return b.append('"').toString();
    }

    @Test
    void userDataDirFollowsJupyterCore() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/data/j"),
                KernelInstaller.userDataDir(Map.of("JUPYTER_DATA_DIR", "/data/j"), "Linux", home));
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
