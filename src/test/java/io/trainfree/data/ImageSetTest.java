package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageSetTest {
    /** Two 2x2 images: image 0 all channels 0,10,20,30 + 100*c; image 1 is 255 everywhere. */
    private static byte[] twoImages() {
        byte[] p = new byte[2 * 12];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 4; k++) {
                p[c * 4 + k] = (byte) (100 * c + 10 * k);
                p[12 + c * 4 + k] = (byte) 255;
            }
        }
        return p;
    }

    @Test
    void copiesItsInputsAndItsOutputs() {
        int[] labels = {1, 2};
        byte[] pixels = twoImages();
        ImageSet set = ImageSet.of(Dataset.CIFAR10, 2, labels, pixels);
        labels[0] = 7;
        pixels[0] = 99;
        assertEquals(1, set.label(0));
        assertEquals(0, set.pixel(0, 0, 0, 0));
        set.labels()[1] = 5;
        set.pixels()[0] = 5;
        set.image(0)[0] = 5;
        assertArrayEquals(new int[] {1, 2}, set.labels());
        assertEquals(0, set.pixel(0, 0, 0, 0));
        assertEquals(255, set.pixel(1, 2, 1, 1));
        assertEquals(210, set.pixel(0, 2, 0, 1));
    }

    @Test
    void rejectsWrongSizesAndLabels() {
        var sizes = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(Dataset.CIFAR10, 2, new int[] {1, 2}, new byte[23]));
        assertTrue(sizes.getMessage().contains("need 24 pixel bytes, got 23"), sizes.getMessage());
        var label = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(Dataset.CIFAR10, 2, new int[] {1, 10}, twoImages()));
        assertTrue(label.getMessage().contains("label 10 of image 1 is outside 0..9"), label.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ImageSet.of(Dataset.CIFAR10, 2, new int[] {-1, 0}, twoImages()));
    }

    @Test
    void countsClassesAndAveragesChannels() {
        ImageSet set = ImageSet.of(Dataset.CIFAR10, 2, new int[] {3, 3}, twoImages());
        int[] counts = set.classCounts();
        assertEquals(10, counts.length);
        assertEquals(2, counts[3]);
        assertEquals(2, java.util.Arrays.stream(counts).sum());
        double[] means = set.channelMeans();
        // channel c: image 0 has 100c + (0+10+20+30)/4 = 100c + 15, image 1 has 255
        for (int c = 0; c < 3; c++) {
            assertEquals((100 * c + 15 + 255) / 2.0 / 255.0, means[c], 1e-12);
        }
    }

    @Test
    void equalityIsByContent() {
        ImageSet a = ImageSet.of(Dataset.CIFAR10, 2, new int[] {1, 2}, twoImages());
        ImageSet b = ImageSet.of(Dataset.CIFAR10, 2, new int[] {1, 2}, twoImages());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ImageSet.of(Dataset.CIFAR100, 2, new int[] {1, 2}, twoImages()));
        assertNotEquals(a, ImageSet.of(Dataset.CIFAR10, 2, new int[] {1, 3}, twoImages()));
        assertEquals("cifar10: 2 images of 3x2x2 in memory", a.toString());
    }
}
