package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
}
