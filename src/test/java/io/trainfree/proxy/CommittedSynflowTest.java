package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * synflow reads no image, so the committed CIFAR-10 table's synflow column can be recomputed anywhere, bit for bit,
 * on the table's settings (seed 42 + index, one engine thread): here for the 7 computations that a garbage
 * collection had corrupted before the float64 pool-rescale fix (data/proxies/README.md) and for three others.
 */
class CommittedSynflowTest {
    private static final Path TABLE = Path.of("data", "proxies", "nb201-cifar10.csv");
    private static int threadsBefore;

    @BeforeAll
    static void oneThread() {
        threadsBefore = Devices.threads();
        Devices.setThreads(1); // the table's setting: it changes the last bits
    }

    @AfterAll
    static void restore() {
        Devices.setThreads(threadsBefore);
    }

    @Test
    void correctedAndOtherCellsRecomputeToTheCommittedValues() {
        assumeTrue(Files.exists(TABLE), "needs the committed table " + TABLE);
        ProxyTable table = ProxyTableCsv.read(TABLE);
        double[] committed = table.column("synflow");
        int side = Dataset.CIFAR10.resolution();
        // two constant images: synflow feeds ones of the input's shape and never looks at the batch
        var images = ImageSet.of(Dataset.CIFAR10, side, new int[] {0, 1}, new byte[2 * 3 * side * side]);
        var options = new ProxyRunner.Options().withBatchSize(2).withDevice("cpu");
        try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list("synflow"), images, options)) {
            for (int index : new int[] {251, 1268, 3537, 6360, 9984, 11360, 15292, 0, 6111, 9607}) {
                ProxyTable.Row row = table.rows().get(index);
                assertEquals(index, row.index());
                double value = runner.score(row.arch(), index).values().get("synflow");
                assertEquals(committed[index], value, 0, "synflow of cell " + index + " (" + row.arch() + ")");
            }
        }
    }
}
