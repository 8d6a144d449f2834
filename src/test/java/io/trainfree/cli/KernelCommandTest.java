package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCommandTest {
    @TempDir
    Path tmp;

    @Test
    void installSaysWhereItWroteTheKernel() throws Exception {
        Path home = tmp.resolve("project");
        Files.createDirectories(home.resolve("target"));
        Files.writeString(home.resolve("target/trainfree.jar"), "jar");
        String before = System.getProperty("trainfree.home");
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setProperty("trainfree.home", home.toString());
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int rc;
        int again;
        try {
            rc = Main.run("kernel", "install", "--prefix", tmp.resolve("prefix").toString());
            again = Main.run("kernel", "install", "--prefix", tmp.resolve("prefix").toString(), "--name", "tf-2");
        } finally {
            System.setOut(original);
            if (before == null) {
                System.clearProperty("trainfree.home");
            } else {
                System.setProperty("trainfree.home", before);
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        assertEquals(0, again, out);
        Path dir = tmp.resolve("prefix/share/jupyter/kernels/trainfree");
        assertTrue(out.contains("installed kernel 'trainfree' (\"Java (trainfree)\") in " + dir), out);
        assertTrue(Files.isRegularFile(dir.resolve("kernel.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("prefix/share/jupyter/kernels/tf-2/kernel.json")));
        assertTrue(out.contains("JUPYTER_PATH"), "a prefix install says how Jupyter finds it: " + out);
    }
}
