package io.trainfree.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made record files for the reader tests: pixel values are a known function of record, channel, row, column. */
final class TestImages {
    private TestImages() {
    }

    /** The pixel the test files hold at record {@code r}, channel {@code c}, row {@code y}, column {@code x}. */
    static int value(int r, int c, int y, int x) {
        return (r * 101 + c * 67 + y * 7 + x * 3 + 1) & 0xFF;
    }

    /** Records of one label byte and 3 planes of side x side pixels, with {@link #value} pixels. */
    static byte[] records(int side, int... labels) {
        int record = 1 + 3 * side * side;
        byte[] bytes = new byte[labels.length * record];
        for (int r = 0; r < labels.length; r++) {
            int at = r * record;
            bytes[at++] = (byte) labels[r];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        bytes[at++] = (byte) value(r, c, y, x);
                    }
                }
            }
        }
        return bytes;
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
