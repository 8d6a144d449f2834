package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The count_include_pad=False correction, by hand. */
class PoolRescaleTest {
    @Test
    void strideOneDividesCornersByFourEdgesBySixInsideByNine() {
        try (NDManager m = NDManager.newBaseManager()) {
            var r = PoolRescale.of(m, 3, 3, 1, DataType.FLOAT64);
            assertEquals(new Shape(3, 3), r.getShape());
            assertArrayEquals(new double[] {9 / 4.0, 9 / 6.0, 9 / 4.0, 9 / 6.0, 1, 9 / 6.0, 9 / 4.0, 9 / 6.0, 9 / 4.0},
                    r.toDoubleArray(), 0);
        }
    }

    @Test
    void strideTwoSeesOnlyTheTopAndLeftBorder() {
        try (NDManager m = NDManager.newBaseManager()) {
            // windows centred on rows/columns 0 and 2 of a 4x4 input: row 0 has 2 valid rows, row 2 has 3
            var r = PoolRescale.of(m, 4, 4, 2, DataType.FLOAT32);
            assertEquals(new Shape(2, 2), r.getShape());
            assertEquals(DataType.FLOAT32, r.getDataType());
            assertArrayEquals(new float[] {9 / 4f, 9 / 6f, 9 / 6f, 1}, r.toFloatArray(), 1e-6f);
        }
    }

    /**
     * The regression behind a flaky Spark check: libtorch's {@code to()} returns the same tensor when the type already
     * matches, so a float64 rescale made as {@code create(double[]).toType(FLOAT64)} aliased the direct buffer DJL
     * made for the Java array; once that array was closed and collected, the rescale read freed memory and synflow
     * (the one proxy in float64) turned to noise or NaN whenever a garbage collection came at the wrong time. Here the
     * collections are forced and the freed memory refilled with 7s.
     */
    @Test
    void float64RescaleOutlivesTheJavaBufferItWasMadeFrom() throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            var r = PoolRescale.of(m, 32, 32, 1, DataType.FLOAT64);
            double[] before = r.toDoubleArray();
            for (int round = 0; round < 5; round++) {
                System.gc();
                Thread.sleep(50); // the direct buffer's cleaner runs on its own thread
                var filler = new ArrayList<ByteBuffer>();
                for (int i = 0; i < 2_000; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(32 * 32 * Double.BYTES);
                    while (b.hasRemaining()) {
                        b.put((byte) 7);
                    }
                    filler.add(b);
                }
            }
            assertArrayEquals(before, r.toDoubleArray(), 0);
            assertEquals(9 / 4.0, before[0], 0);
            assertEquals(1, before[33], 0);
        }
    }
}
