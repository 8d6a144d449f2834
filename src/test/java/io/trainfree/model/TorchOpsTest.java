package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TorchOpsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path TORCH_OPS = MAIN.resolve("io/trainfree/model/TorchOps.java");

    /**
     * The PyTorch engine's internals are reached through TorchOps only: the rest speaks DJL's engine-neutral API. A
     * line of code (an import, a qualified name) naming the engine's package counts; comments may name it.
     */
    @Test
    void castCopyOwnsItsStorageEvenWhenTheTypeAlreadyMatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new double[] {1, 2, 3});
            NDArray aliasing = a.toType(DataType.FLOAT64, true); // DJL's "copy": libtorch's to() returns a itself
            NDArray same = TorchOps.castCopy(a, DataType.FLOAT64);
            NDArray cast = TorchOps.castCopy(a, DataType.FLOAT32);
            a.addi(10);
            assertArrayEquals(new double[] {11, 12, 13}, aliasing.toDoubleArray(), 0); // why castCopy exists
            assertArrayEquals(new double[] {1, 2, 3}, same.toDoubleArray(), 0);
            assertEquals(DataType.FLOAT32, cast.getDataType());
            assertArrayEquals(new float[] {1, 2, 3}, cast.toFloatArray(), 0);
        }
    }

    @Test
    void onlyTorchOpsReachesIntoThePyTorchEngine() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the project's root (Maven's basedir): no "
                + MAIN.toAbsolutePath());
        assertFalse(engineLines(TORCH_OPS).isEmpty(), "the scan sees TorchOps's imports");
        var offenders = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java") && !f.equals(TORCH_OPS)).sorted().toList()) {
                offenders.addAll(engineLines(f));
            }
        }
        assertEquals(List.of(), offenders, "code naming ai.djl.pytorch outside TorchOps: move the call into TorchOps");
    }

    /** "file:line" of each line of code (not a comment line) in {@code f} that names the PyTorch engine's package. */
    private static List<String> engineLines(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        var found = new ArrayList<String>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean comment = line.startsWith("*") || line.startsWith("/*") || line.startsWith("//");
            if (!comment && line.contains("ai.djl.pytorch")) {
                found.add(f + ":" + (i + 1));
            }
        }
        return found;
    }

    /** y = sum(w * w): each backward adds 2w to w's gradient; with the graph kept a second one can follow. */
    @Test
    void backwardKeepingTheGraphAccumulatesAndZeroGradientClears() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, -2, 3});
            w.setRequiresGradient(true);
            assertFalse(TorchOps.recordingGradients(), "outside a collector");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                assertTrue(TorchOps.recordingGradients(), "inside a collector");
                NDArray y = w.mul(w).sum();
                TorchOps.backward(y, true);
                assertArrayEquals(new float[] {2, -4, 6}, w.getGradient().toFloatArray());
                TorchOps.backward(y, false);
                assertArrayEquals(new float[] {4, -8, 12}, w.getGradient().toFloatArray(), "accumulated");
                TorchOps.zeroGradient(w);
                assertArrayEquals(new float[] {0, 0, 0}, w.getGradient().toFloatArray());
            }
        }
    }

    /** Recordings nest and restore the thread's mode; DJL's collector, by contrast, allows one in the whole JVM. */
    @Test
    void recordingsNestAndTwoThreadsRecordAtOnce() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, -2, 3});
            w.setRequiresGradient(true);
            try (GradientCollector outer = TorchOps.recordGradients()) {
                try (GradientCollector inner = TorchOps.recordGradients()) {
                    assertTrue(TorchOps.recordingGradients());
                }
                assertTrue(TorchOps.recordingGradients(), "the inner recording gave the outer one back");
                outer.backward(w.mul(w).sum());
            }
            assertFalse(TorchOps.recordingGradients());
            assertArrayEquals(new float[] {2, -4, 6}, w.getGradient().toFloatArray());
        }
        var open = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                open.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        try {
            open.await();
            // on a thread of its own: DJL's constructor turns recording on before it refuses
            var refused = new AtomicReference<Throwable>();
            Thread second = new Thread(() -> {
                try {
                    Engine.getInstance().newGradientCollector().close();
                } catch (RuntimeException e) {
                    refused.set(e);
                }
            });
            second.start();
            second.join();
            assertTrue(refused.get() instanceof IllegalStateException, "DJL's lock: why trainfree records per thread");
            try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = TorchOps.recordGradients()) {
                NDArray v = m.create(new float[] {3});
                v.setRequiresGradient(true);
                gc.backward(v.mul(v).sum());
                assertArrayEquals(new float[] {6}, v.getGradient().toFloatArray());
            }
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
