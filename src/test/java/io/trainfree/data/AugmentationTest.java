package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Augmentation.Crop;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    /** One 8x8 image whose pixel at channel c, row y, column x is 1 + 64c + 8y + x: never 0, so padding shows. */
    private static ImageSet coordinates() {
        byte[] p = new byte[3 * 64];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    p[(c * 8 + y) * 8 + x] = (byte) (1 + 64 * c + 8 * y + x);
                }
            }
        }
        return ImageSet.of(Dataset.CIFAR10, 8, new int[] {0}, p);
    }

    private static ImageSet random(int side, int count, long seed) {
        var random = new SplittableRandom(seed);
        byte[] p = new byte[count * 3 * side * side];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) random.nextInt(256);
        }
        return ImageSet.of(Dataset.CIFAR10, side, new int[count], p);
    }

    /**
     * torchvision's steps done literally: pad with zeros into a bigger array, cut the window whose corner is (i, j),
     * mirror the rows if flipped, then ToTensor and Normalize in double precision.
     */
    private static double[] slow(ImageSet set, int index, int pad, int i, int j, boolean flip, Dataset d) {
        int s = set.side();
        int big = s + 2 * pad;
        int[][][] padded = new int[3][big][big];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    padded[c][y + pad][x + pad] = set.pixel(index, c, y, x);
                }
            }
        }
        int[][][] cropped = new int[3][s][s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    cropped[c][y][x] = padded[c][y + i][x + j];
                }
            }
        }
        if (flip) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < s; y++) {
                    int[] row = cropped[c][y];
                    for (int a = 0, b = s - 1; a < b; a++, b--) {
                        int t = row[a];
                        row[a] = row[b];
                        row[b] = t;
                    }
                }
            }
        }
        double[] out = new double[3 * s * s];
        float[] mean = d.mean();
        float[] std = d.std();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    out[(c * s + y) * s + x] = (cropped[c][y][x] / 255.0 - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            // float32 against double: 1e-6 absolute (values within about [-2.5, 2.8])
            assertEquals(expected[k], actual[k], 1e-6, what + " at " + k);
        }
    }

    @Test
    void everyCropAndFlipMatchesTheLiteralPadCutMirror() {
        for (int[] sidePad : new int[][] {{8, 2}, {8, 4}, {16, 2}, {32, 4}}) {
            int side = sidePad[0];
            int pad = sidePad[1];
            ImageSet set = side == 8 ? coordinates() : random(side, 2, side);
            Augmentation aug = new Augmentation(pad, 0.5);
            Normalization norm = Normalization.of(Dataset.CIFAR10);
            for (int index = 0; index < set.size(); index++) {
                for (int i = 0; i <= 2 * pad; i++) {
                    for (int j = 0; j <= 2 * pad; j++) {
                        for (boolean flip : new boolean[] {false, true}) {
                            float[] got = aug.apply(set, index, new Crop(i - pad, j - pad, flip), norm);
                            assertClose(slow(set, index, pad, i, j, flip, Dataset.CIFAR10), got,
                                    "side " + side + " pad " + pad + " i " + i + " j " + j + " flip " + flip);
                        }
                    }
                }
            }
        }
    }

    @Test
    void handCheckedPixelsOfTheCoordinateImage() {
        ImageSet set = coordinates();
        Augmentation aug = new Augmentation(2, 0.5);
        Normalization unit = Normalization.unit();
        // shift down 1 and left 2 (torchvision corner i = 3, j = 0): output (y, x) shows input (y + 1, x - 2)
        float[] shifted = aug.apply(set, 0, new Crop(1, -2, false), unit);
        assertEquals(0f, shifted[0]);                                   // (0,0) <- (1,-2): padding
        assertEquals(0f, shifted[1]);                                   // (0,1) <- (1,-1): padding
        assertEquals((1 + 8 * 1 + 0) / 255f, shifted[2]);               // (0,2) <- (1,0)
        assertEquals((1 + 8 * 7 + 5) / 255f, shifted[6 * 8 + 7]);       // (6,7) <- (7,5)
        assertEquals(0f, shifted[7 * 8 + 3]);                           // (7,3) <- (8,1): padding
        assertEquals((1 + 64 * 2 + 8 * 3 + 1) / 255f, shifted[(2 * 8 + 2) * 8 + 3]); // blue (2,3) <- (3,1)
        // mirrored, no shift: output (y, x) shows input (y, 7 - x)
        float[] mirrored = aug.apply(set, 0, new Crop(0, 0, true), unit);
        assertEquals((1 + 7) / 255f, mirrored[0]);
        assertEquals((1 + 8 * 4 + 2) / 255f, mirrored[4 * 8 + 5]);
        // mirrored after shifting right 2 (j = 4): output (y, x) shows input (y, 7 - x + 2)
        float[] both = aug.apply(set, 0, new Crop(0, 2, true), unit);
        assertEquals(0f, both[0]);                                      // (0,0) <- (0,9)
        assertEquals(0f, both[1]);                                      // (0,1) <- (0,8)
        assertEquals((1 + 7) / 255f, both[2]);                          // (0,2) <- (0,7)
        assertEquals((1 + 2) / 255f, both[7]);                          // (0,7) <- (0,2)
    }

    @Test
    void paddingIsTheNormalisedValueOfZero() {
        ImageSet set = random(32, 1, 7);
        Normalization norm = Normalization.of(Dataset.CIFAR10);
        float[] out = new Augmentation(4, 0.5).apply(set, 0, new Crop(4, -4, false), norm);
        for (int c = 0; c < 3; c++) {
            float zero = (0 / 255f - Dataset.CIFAR10.mean()[c]) / Dataset.CIFAR10.std()[c];
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean padding = y >= 28 || x < 4;
                    float v = out[(c * 32 + y) * 32 + x];
                    if (padding) {
                        assertEquals(zero, v, 0f, "c" + c + " y" + y + " x" + x);
                    } else {
                        assertEquals(norm.apply(c, set.pixel(0, c, y + 4, x - 4)), v, 0f);
                    }
                }
            }
        }
    }

    @Test
    void drawsCoverEveryOffsetUniformlyAndFlipHalfTheTime() {
        int draws = 90_000;
        for (int pad : new int[] {2, 4}) {
            Augmentation aug = new Augmentation(pad, 0.5);
            var random = new SplittableRandom(2024);
            int[] rows = new int[2 * pad + 1];
            int[] cols = new int[2 * pad + 1];
            int flips = 0;
            for (int k = 0; k < draws; k++) {
                Crop crop = aug.draw(random);
                rows[crop.dy() + pad]++;   // torchvision's i, must lie in 0..2*pad
                cols[crop.dx() + pad]++;
                flips += crop.flipped() ? 1 : 0;
            }
            double expected = (double) draws / (2 * pad + 1);
            for (int i = 0; i <= 2 * pad; i++) {
                // a count's binomial sd is below sqrt(expected): 100 at pad 4, 134 at pad 2; the bound is 6 of those
                assertEquals(expected, rows[i], 6 * Math.sqrt(expected), "pad " + pad + " row offset " + i);
                assertEquals(expected, cols[i], 6 * Math.sqrt(expected), "pad " + pad + " column offset " + i);
            }
            // sd of the flip count is 150
            assertEquals(draws / 2.0, flips, 900, "flips at pad " + pad);
        }
    }

    @Test
    void noneNeverMovesOrFlips() {
        var random = new SplittableRandom(1);
        for (int k = 0; k < 1000; k++) {
            assertEquals(Crop.identity(), Augmentation.none().draw(random));
        }
        ImageSet set = random(32, 1, 3);
        Normalization norm = Normalization.of(Dataset.CIFAR10);
        float[] out = Augmentation.none().apply(set, 0, Crop.identity(), norm);
        assertClose(slow(set, 0, 0, 0, 0, false, Dataset.CIFAR10), out, "identity");
    }

    @Test
    void referenceSettingsFollowTheDataset() {
        assertEquals(new Augmentation(4, 0.5), Augmentation.reference(Dataset.CIFAR10));
        assertEquals(new Augmentation(4, 0.5), Augmentation.reference(Dataset.CIFAR100));
        assertEquals(new Augmentation(2, 0.5), Augmentation.reference(Dataset.IMAGENET16_120));
    }

    @Test
    void rejectsCropsBeyondThePaddingAndBadSettings() {
        ImageSet set = coordinates();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Augmentation(2, 0.5).apply(set, 0, new Crop(3, 0, false), Normalization.unit()));
        assertTrue(e.getMessage().contains("padding 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(4, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(4, Double.NaN));
        assertEquals(1 / 255f, Augmentation.none().apply(set, 0, Crop.identity(), Normalization.unit())[0]);
    }
}
