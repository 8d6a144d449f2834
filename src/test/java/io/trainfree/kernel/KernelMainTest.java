package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelMainTest {
    @Test
    void guessesTheProjectFromWhereItsClassesAre() {
        // tests run from target/classes of this project
        assertEquals(Path.of("").toAbsolutePath(), KernelMain.projectDir().orElseThrow());
    }
}
