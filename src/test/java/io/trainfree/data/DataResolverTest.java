package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataResolverTest {
    @TempDir
    Path tmp;

    private Path put(Path root, DataFile file) throws IOException {
        Path p = root.resolve(file.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, root.toString());
        return p;
    }

    @Test
    void searchesEnvThenProjectDataThenSharedData() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("work/project"));
        Path env = Files.createDirectories(tmp.resolve("elsewhere"));
        Path shared = Files.createDirectories(tmp.resolve("work/shared/data"));
        Path projectData = Files.createDirectories(project.resolve("data"));
        var resolver = DataResolver.fromEnvironment(Map.of(DataResolver.ENV, env.toString()), project);
        assertEquals(3, resolver.roots().size());

        Path inShared = put(shared, DataFile.NB201_HP12_INFO);
        assertEquals(inShared, resolver.resolve(DataFile.NB201_HP12_INFO));
        Path inProject = put(projectData, DataFile.NB201_HP12_INFO);
        assertEquals(inProject, resolver.resolve(DataFile.NB201_HP12_INFO));
        Path inEnv = put(env, DataFile.NB201_HP12_INFO);
        assertEquals(inEnv, resolver.resolve(DataFile.NB201_HP12_INFO));
    }

    @Test
    void blankEnvironmentVariableIsIgnored() {
        var resolver = DataResolver.fromEnvironment(Map.of(DataResolver.ENV, "  "), tmp);
        assertEquals(2, resolver.roots().size());
        assertEquals(tmp.resolve("data"), resolver.roots().get(0));
        assertEquals(tmp.resolve("../shared/data").normalize(), resolver.roots().get(1));
    }

    @Test
    void missingFileNamesTheFileEveryPlaceAndTheDownload() {
        var resolver = DataResolver.of(tmp.resolve("a"), tmp.resolve("b"));
        assertFalse(resolver.has(DataFile.CIFAR10_TEST));
        var e = assertThrows(MissingDataException.class, () -> resolver.resolve(DataFile.CIFAR10_TEST));
        String m = e.getMessage();
        assertEquals(DataFile.CIFAR10_TEST, e.file());
        assertTrue(m.contains("missing data file cifar-10-batches-bin/test_batch.bin"), m);
        assertTrue(m.contains(tmp.resolve("a/cifar-10-batches-bin/test_batch.bin").toString()), m);
        assertTrue(m.contains(tmp.resolve("b/cifar-10-batches-bin/test_batch.bin").toString()), m);
        assertTrue(m.contains("cifar-10-binary.tar.gz"), m);
        assertTrue(m.contains(DataResolver.ENV), m);
    }

    @Test
    void everyFileSaysWhereToDownloadIt() {
        for (DataFile f : DataFile.values()) {
            assertTrue(f.source().startsWith("https://"), f + ": " + f.source());
            assertFalse(f.path().startsWith("/"), f.path());
        }
    }

    @Test
    void datasetNamesParseAndUnknownOnesListTheKnown() {
        assertEquals(Dataset.IMAGENET16_120, Dataset.parse("ImageNet16-120"));
        assertEquals(Dataset.CIFAR100, Dataset.parse("C100"));
        assertEquals("ImageNet16-120", Dataset.IMAGENET16_120.id());
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.parse("mnist"));
        assertEquals("unknown dataset 'mnist'; known: cifar10, cifar100, ImageNet16-120", e.getMessage());
    }
}
