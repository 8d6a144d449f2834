package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reportsFoundAndMissingFilesWithTheirDownloads() throws IOException {
        for (DataFile f : DataFile.values()) {
            if (f != DataFile.NB201_HP12_INFO && !DataCommand.OPTIONAL.contains(f)) {
                Path p = tmp.resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.writeString(p, "x");
            }
        }
        var out = new StringWriter();
        int rc = DataCommand.check(DataResolver.of(tmp), new PrintWriter(out));
        String text = out.toString();
        assertEquals(1, rc, text);
        assertTrue(text.contains("MISSING  nb201/robot/nb2_cf10_hp12_info.p"), text);
        assertTrue(text.contains("optional cifar-10-batches-bin/data_batch_2.bin"), text);
        assertTrue(text.contains("1 required file(s) missing"), text);
        assertTrue(text.contains("nb201/robot/nb2_cf10_hp12_info.p: download https://github.com/hzf1174/RoBoT"), text);

        Files.createDirectories(tmp.resolve("nb201/robot"));
        Files.writeString(tmp.resolve(DataFile.NB201_HP12_INFO.path()), "x");
        out = new StringWriter();
        assertEquals(0, DataCommand.check(DataResolver.of(tmp), new PrintWriter(out)), out.toString());
    }
}
