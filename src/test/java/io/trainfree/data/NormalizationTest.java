package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    /** The reference's constants as written in its Python source (double precision), per dataset. */
    private static double[][] referenceMeanStd(Dataset d) {
        return switch (d) {
            case CIFAR10, CIFAR100 -> new double[][] {{0.4914, 0.4822, 0.4465}, {0.2023, 0.1994, 0.2010}};
            case IMAGENET16_120 -> new double[][] {
                {122.68 / 255, 116.66 / 255, 104.01 / 255}, {63.22 / 255, 61.26 / 255, 65.09 / 255}};
        };
    }

    @Test
    void constantsAreTheReferencesRoundedOnceToFloat() {
        // torchvision's Normalize turns the Python doubles into a float32 tensor: one rounding
        for (Dataset d : Dataset.values()) {
            double[][] ref = referenceMeanStd(d);
            for (int c = 0; c < 3; c++) {
                assertEquals((float) ref[0][c], d.mean()[c], d + " mean " + c);
                assertEquals((float) ref[1][c], d.std()[c], d + " std " + c);
            }
        }
    }

    @Test
    void everyValueOfEveryChannelIsNormalisedAsTorchvisionDoes() {
        // Tolerance against the exact (double) formula: 1e-6 absolute; values lie within about [-2.5, 2.8], where a
        // float32 ulp is 2.4e-7, and the float pipeline rounds three times.
        for (Dataset d : Dataset.values()) {
            Normalization n = Normalization.of(d);
            double[][] ref = referenceMeanStd(d);
            float[] mean = d.mean();
            float[] std = d.std();
            for (int c = 0; c < 3; c++) {
                for (int v = 0; v <= 255; v++) {
                    float got = n.apply(c, v);
                    assertEquals((v / 255f - mean[c]) / std[c], got, 0f, d + " c" + c + " v" + v);
                    assertEquals((v / 255.0 - ref[0][c]) / ref[1][c], got, 1e-6, d + " c" + c + " v" + v);
                    assertEquals(got, n.tables()[c][v], 0f);
                }
            }
        }
    }

    @Test
    void unitKeepsTheZeroToOneScale() {
        assertEquals(1f, Normalization.unit().apply(2, 255));
        assertEquals(0f, Normalization.unit().apply(0, 0));
    }

    @Test
    void validatesAndCopies() {
        float[] mean = {0.5f, 0.5f, 0.5f};
        Normalization n = new Normalization(mean, new float[] {1, 1, 1});
        mean[0] = 9;
        n.mean()[1] = 9;
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, n.mean());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[2], new float[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[3], new float[] {1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> n.apply(0, 256));
        assertEquals(Normalization.of(Dataset.CIFAR10), Normalization.of(Dataset.CIFAR100));
    }
}
