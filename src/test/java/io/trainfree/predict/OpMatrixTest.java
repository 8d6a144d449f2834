package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpMatrixTest {
    /** Every op on a different edge, so a transposed or shifted matrix would show. */
    static final Nb201Arch CELL = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|");

    @Test
    void opCodesAreAwNasNotNaslib() {
        assertEquals(0, OpMatrix.code(Nb201Op.NONE));
        assertEquals(1, OpMatrix.code(Nb201Op.SKIP_CONNECT));
        assertEquals(2, OpMatrix.code(Nb201Op.NOR_CONV_1X1));
        assertEquals(3, OpMatrix.code(Nb201Op.NOR_CONV_3X3));
        assertEquals(4, OpMatrix.code(Nb201Op.AVG_POOL_3X3));
        // NASLib codes none 1, skip 0, conv3 2, conv1 3: the two differ
        assertEquals("(2, 0, 4, 1, 3, 0)", CELL.naslibString());
    }

    @Test
    void knownCellGivesItsLowerTriangularMatrix() {
        int[][] expected = {
            {0, 0, 0, 0},
            {3, 0, 0, 0},
            {1, 0, 0, 0},
            {4, 2, 1, 0}};
        assertArrayEquals(expected, OpMatrix.of(CELL));
        // tril_indices order (1,0), (2,0), (2,1), (3,0), (3,1), (3,2)
        assertArrayEquals(new int[] {3, 1, 0, 4, 2, 1}, OpMatrix.sequence(CELL));
    }

    @Test
    void batchIsBTimesFourTimesFourInt64() {
        Nb201Arch allConv = Nb201Arch.fromCode(Nb201Arch.SPACE_SIZE - 1 - 5461); // any second cell
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = OpMatrix.batch(m, List.of(CELL, allConv));
            assertEquals(new Shape(2, 4, 4), a.getShape());
            assertEquals(DataType.INT64, a.getDataType());
            long[] flat = a.toLongArray();
            int[][] second = OpMatrix.of(allConv);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(OpMatrix.of(CELL)[i][j], flat[i * 4 + j]);
                    assertEquals(second[i][j], flat[16 + i * 4 + j]);
                }
            }
            NDArray s = LstmEncoder.sequences(m, List.of(CELL));
            assertArrayEquals(new long[] {3, 1, 0, 4, 2, 1}, s.toLongArray());
        }
    }
}
