package io.trainfree.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/data.md, the reader's list of data sources, names every data file, artefact and recorded digest. */
class DataDocsTest {
    @Test
    void dataPageNamesEveryFileAndEveryRecordedDigest() throws IOException {
        String page = Files.readString(Path.of("docs/data.md"));
        List<String> missing = new ArrayList<>();
        for (DataFile f : DataFile.values()) {
            DataSource s = DataSource.of(f);
            String path = f.path().startsWith("cifar-10-batches-bin/") ? "cifar-10-batches-bin/" : f.path();
            if (!page.contains("`" + path)) {
                missing.add(f.path());
            }
            s.sha256().filter(d -> !page.contains("`" + d + "`")).ifPresent(d -> missing.add(f + " digest " + d));
            for (DataSource.Artefact a : s.artefacts()) {
                a.sha256().filter(d -> !page.contains(d)).ifPresent(d -> missing.add(f + " artefact digest " + d));
                String family = a.name().replaceAll("_\\d+$", "_{0..9}").replaceAll("batch(32|64)_", "batch{32,64}_");
                if (!page.contains(family) && !page.contains(a.name())) {
                    missing.add(f + " artefact " + a.name());
                }
            }
        }
        assertEquals(List.of(), missing, "docs/data.md does not name these");
    }
}
