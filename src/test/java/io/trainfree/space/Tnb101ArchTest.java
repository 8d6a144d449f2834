package io.trainfree.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Tnb101ArchTest {
    @Test
    void aMicroCellIsTheNb201CellWithTheSameEdges() {
        assertEquals("|skip_connect~0|+|none~0|nor_conv_1x1~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
                Tnb101Arch.parse("64-41414-1_02_333").asNb201Cell().archString());
    }

    @Test
    void everyMicroCellKeepsItsConnectivityAsAnNb201Cell() {
        // all 4^6 micro cells: the same input-output paths under both readings of the edge order
        int disconnected = 0;
        for (int code = 0; code < 4096; code++) {
            int[] codes = new int[6];
            for (int e = 0, c = code; e < 6; e++, c /= 4) {
                codes[e] = c % 4;
            }
            var micro = Tnb101Arch.of(Tnb101Space.MICRO, codes);
            assertEquals(micro.isConnected(), micro.asNb201Cell().isConnected(), micro.archString());
            disconnected += micro.isConnected() ? 0 : 1;
        }
        assertEquals(169, disconnected, "the benchmark's count of cells without an input-output path");
    }

    @Test
    void aMacroSkeletonIsNoCell() {
        assertThrows(IllegalStateException.class, () -> Tnb101Arch.parse("64-1234-basic").asNb201Cell());
    }
}
