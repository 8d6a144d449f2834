package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    /** {@code count} random 32x32 images with labels i % 10. */
    private static ImageSet images(int count, long seed) {
        var random = new SplittableRandom(seed);
        byte[] p = new byte[count * 3072];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) random.nextInt(256);
        }
        return ImageSet.of(Dataset.CIFAR10, 32, IntStream.range(0, count).map(i -> i % 10).toArray(), p);
    }

    private static final ImageSet SET = images(500, 11);

    @Test
    void shapesAndTypes() {
        try (NDManager m = NDManager.newBaseManager(); Batch b = BatchSampler.training(SET).sample(64, 42L, m)) {
            assertEquals(new Shape(64, 3, 32, 32), b.images().getShape());
            assertEquals(DataType.FLOAT32, b.images().getDataType());
            assertEquals(new Shape(64), b.labels().getShape());
            assertEquals(DataType.INT64, b.labels().getDataType());
            assertEquals(64, b.size());
            assertEquals(64, b.crops().size());
            assertEquals(m.getDevice(), b.images().getDevice());
        }
    }

    @Test
    void sameSeedSameBatchDifferentSeedDifferentBatch() {
        BatchSampler sampler = BatchSampler.training(SET);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch a = sampler.sample(64, 7L, m);
            Batch b = sampler.sample(64, 7L, m);
            Batch c = sampler.sample(64, 8L, m);
            assertArrayEquals(a.indices(), b.indices());
            assertEquals(a.crops(), b.crops());
            assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray());
            assertArrayEquals(a.labels().toLongArray(), b.labels().toLongArray());
            assertFalse(Arrays.equals(a.indices(), c.indices()));
            assertNotEquals(a.crops(), c.crops());
            assertFalse(Arrays.equals(a.images().toFloatArray(), c.images().toFloatArray()));
        }
    }

    @Test
    void tensorHoldsEachDrawnImageTransformedAsRecorded() {
        BatchSampler sampler = BatchSampler.training(SET);
        try (NDManager m = NDManager.newBaseManager(); Batch b = sampler.sample(16, 3L, m)) {
            float[] all = b.images().toFloatArray();
            long[] labels = b.labels().toLongArray();
            int[] indices = b.indices();
            boolean anyShifted = false;
            boolean anyFlipped = false;
            for (int k = 0; k < 16; k++) {
                float[] expected = sampler.augmentation()
                        .apply(SET, indices[k], b.crops().get(k), Normalization.of(Dataset.CIFAR10));
                assertArrayEquals(expected, Arrays.copyOfRange(all, k * 3072, (k + 1) * 3072), "image " + k);
                assertEquals(SET.label(indices[k]), labels[k]);
                anyShifted |= b.crops().get(k).dy() != 0 || b.crops().get(k).dx() != 0;
                anyFlipped |= b.crops().get(k).flipped();
            }
            assertTrue(anyShifted && anyFlipped, "16 reference draws should shift and flip some images");
        }
    }

    @Test
    void drawsWithoutReplacementAndUniformly() {
        ImageSet ten = images(10, 5);
        BatchSampler sampler = BatchSampler.evaluation(ten);
        int[] hits = new int[10];
        int batches = 3000;
        try (NDManager m = NDManager.newBaseManager()) {
            Batch whole = sampler.sample(10, 1L, m);
            assertArrayEquals(IntStream.range(0, 10).toArray(), Arrays.stream(whole.indices()).sorted().toArray());
            whole.close();
            for (long seed = 0; seed < batches; seed++) {
                try (Batch b = sampler.sample(3, seed, m)) {
                    assertEquals(3, Arrays.stream(b.indices()).distinct().count(), "seed " + seed);
                    for (int i : b.indices()) {
                        hits[i]++;
                    }
                }
            }
        }
        // each image is in a batch with probability 3/10: 900 of 3000, binomial sd 25; bound 6 sd
        for (int i = 0; i < 10; i++) {
            assertEquals(900, hits[i], 150, "image " + i);
        }
    }

    @Test
    void noAugmentationAndFirstAreOnlyNormalised() {
        Normalization norm = Normalization.of(Dataset.CIFAR10);
        try (NDManager m = NDManager.newBaseManager()) {
            Batch first = BatchSampler.training(SET).first(5, m);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, first.indices());
            float[] values = first.images().toFloatArray();
            for (int i = 0; i < 5; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y += 7) {
                        for (int x = 0; x < 32; x += 5) {
                            assertEquals(norm.apply(c, SET.pixel(i, c, y, x)),
                                    values[((i * 3 + c) * 32 + y) * 32 + x], 0f);
                        }
                    }
                }
            }
            Batch again = BatchSampler.evaluation(SET).first(5, m);
            assertArrayEquals(values, again.images().toFloatArray());
            Batch sampled = BatchSampler.evaluation(SET).sample(8, 9L, m);
            assertTrue(sampled.crops().stream().allMatch(Augmentation.Crop.identity()::equals));
        }
    }

    @Test
    void labelsWorkWithDjlCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager(); Batch b = BatchSampler.training(SET).sample(32, 1L, m)) {
            NDArray logits = m.zeros(new Shape(32, 10));
            float loss = Loss.softmaxCrossEntropyLoss()
                    .evaluate(new NDList(b.labels()), new NDList(logits)).getFloat();
            assertEquals(Math.log(10), loss, 1e-5);
            // and the labels pick the right column: a large logit at each true class gives a near-zero loss
            NDArray confident = b.labels().oneHot(10).mul(50f);
            float small = Loss.softmaxCrossEntropyLoss()
                    .evaluate(new NDList(b.labels()), new NDList(confident)).getFloat();
            assertTrue(small < 1e-6, "loss " + small);
        }
    }

    @Test
    void leavesNothingBehindInTheParentManager() {
        BatchSampler sampler = BatchSampler.training(SET);
        try (NDManager parent = NDManager.newBaseManager()) {
            int before = parent.getManagedArrays().size();
            for (int k = 0; k < 300; k++) {
                try (NDManager m = parent.newSubManager()) {
                    Batch b = sampler.sample(64, BatchSampler.seedFor(100, k), m);
                    // exactly the two arrays of the batch, in the manager given and nowhere else
                    assertEquals(2, m.getManagedArrays().size());
                    assertTrue(m.getManagedArrays().contains(b.images()));
                    assertEquals(before + 2, parent.getManagedArrays().size());
                }
            }
            assertEquals(before, parent.getManagedArrays().size());
            // and a capped manager proves no array is created outside the one passed in
            try (NDManager m = parent.newSubManager()) {
                parent.cap();
                Batch b = sampler.sample(64, 5L, m);
                assertEquals(2, m.getManagedArrays().size());
                b.close();
                assertEquals(0, m.getManagedArrays().size());
            }
        }
    }

    @Test
    void rejectsBadSizesAndIndices() {
        BatchSampler sampler = BatchSampler.training(SET);
        try (NDManager m = NDManager.newBaseManager()) {
            var big = assertThrows(IllegalArgumentException.class, () -> sampler.sample(501, 1L, m));
            assertTrue(big.getMessage().contains("outside 1..500"), big.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sampler.sample(0, 1L, m));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> sampler.batch(new int[] {0, 500}, new SplittableRandom(1), m));
            assertEquals(0, m.getManagedArrays().size());
        }
    }

    @Test
    void seedForIsBasePlusIndex() {
        assertEquals(42, BatchSampler.seedFor(42, 0));
        assertEquals(15_666, BatchSampler.seedFor(42, 15_624));
    }
    @Test
    void patchesAreTheImagesPixelsAtTheDrawnOffsets() {
        var sampler = BatchSampler.evaluation(SET);
        var norm = Normalization.of(Dataset.CIFAR10);
        try (NDManager m = NDManager.newBaseManager();
                Batch b = sampler.patches(50, 4, new SplittableRandom(3), m)) {
            assertEquals(new Shape(50, 3, 4, 4), b.images().getShape());
            float[] x = b.images().toFloatArray();
            long[] labels = b.labels().toLongArray();
            int[] index = b.indices();
            for (int k = 0; k < 50; k++) {
                var crop = b.crops().get(k);
                assertTrue(crop.dy() >= 0 && crop.dy() <= 28 && crop.dx() >= 0 && crop.dx() <= 28, crop.toString());
                assertFalse(crop.flipped());
                assertEquals(index[k] % 10, labels[k]);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 4; y++) {
                        for (int xx = 0; xx < 4; xx++) {
                            float expected = norm.apply(c, SET.pixel(index[k], c, crop.dy() + y, crop.dx() + xx));
                            assertEquals(expected, x[((k * 3 + c) * 4 + y) * 4 + xx], 0f);
                        }
                    }
                }
            }
            try (Batch again = sampler.patches(50, 4, new SplittableRandom(3), m)) {
                assertArrayEquals(x, again.images().toFloatArray(), "the same seed gives the same patches");
            }
        }
    }

    @Test
    void wholeImagePatchesHaveNoOffsetAndBadSidesAreRefused() {
        var sampler = BatchSampler.evaluation(SET);
        try (NDManager m = NDManager.newBaseManager(); Batch b = sampler.patches(5, 32, new SplittableRandom(1), m)) {
            b.crops().forEach(c -> assertEquals(Augmentation.Crop.identity(), c));
            var e = assertThrows(IllegalArgumentException.class, () -> sampler.patches(5, 33, new SplittableRandom(1),
                    m));
            assertTrue(e.getMessage().contains("1..32"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sampler.patches(0, 4, new SplittableRandom(1), m));
        }
    }
}
