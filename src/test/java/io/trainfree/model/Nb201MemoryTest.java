package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.trainfree.space.Nb201Arch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hundreds of networks built, run forward and backward, and closed: nothing may stay behind. */
class Nb201MemoryTest {
    private static final int NETWORKS = 200;


    /** One architecture's life: parameters, batch, forward, backward, a gradient read back as a double. */
    private static double score(NDManager parent, Nb201Arch arch, long seed) {
        Nb201Net net = Nb201Net.of(arch, 10).withChannels(4).withCellsPerStage(1);
        try (NDManager m = parent.newSubManager()) {
            Nb201Params p = Nb201Params.create(net, m, seed).requireGradients();
            NDArray x = m.randomNormal(new Shape(16, 3, 16, 16));
            NDArray y = m.randomInteger(0, 10, new Shape(16), DataType.INT64);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(net.forward(p, x)));
                gc.backward(loss);
            }
            double norm = 0;
            for (Layer.Weighted l : net.scoredLayers()) {
                norm += p.gradient(l).norm().getFloat();
            }
            return norm;
        }
    }

    @Test
    void closingEachNetworksManagerLeavesNothingBehind() {
        var rng = new SplittableRandom(1);
        try (NDManager parent = NDManager.newBaseManager()) {
            for (int i = 0; i < 10; i++) { // warm-up: libtorch and the allocator settle
                score(parent, Nb201Arch.random(rng), i);
            }
            long before = ProcessMemory.residentKb().orElseThrow();
            double sum = 0;
            for (int i = 0; i < NETWORKS; i++) {
                sum += score(parent, Nb201Arch.random(rng), i);
            }
            long after = ProcessMemory.residentKb().orElseThrow();
            System.out.printf("Nb201MemoryTest: %d networks, VmRSS %d MB -> %d MB%n", NETWORKS, before / 1024,
                    after / 1024);
            assertTrue(sum > 0);
            assertEquals(0, parent.getManagedArrays().size(), "arrays left in the parent manager");
            // loose: measured +80 MB here (allocator, JIT), while keeping every network's arrays gave +560 MB
            assertTrue(after - before < 256 * 1024, "VmRSS grew by " + (after - before) / 1024 + " MB");
        }
    }
}
