package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path dir;

    @Test
    void readsCifarRecordsExactly() throws IOException {
        Path file = TestImages.write(dir.resolve("data_batch_1.bin"), TestImages.records(32, 3, 0, 9));
        ImageSet set = Images.read(Dataset.CIFAR10, file);

        assertEquals(3, set.size());
        assertEquals(32, set.side());
        assertArrayEquals(new int[] {3, 0, 9}, set.labels());
        for (int r = 0; r < 3; r++) {
            byte[] image = set.image(r);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int expected = TestImages.value(r, c, y, x);
                        assertEquals(expected, set.pixel(r, c, y, x));
                        assertEquals(expected, image[(c * 32 + y) * 32 + x] & 0xFF);
                    }
                }
            }
        }
        assertEquals(List.of(file), set.files());
    }

    @Test
    void readsImageNet16RecordsOf769Bytes() throws IOException {
        Path file = TestImages.write(dir.resolve("sample.bin"), TestImages.records(16, 119, 0));
        ImageSet set = Images.read(Dataset.IMAGENET16_120, file);
        assertEquals(769, Images.recordBytes(Dataset.IMAGENET16_120));
        assertEquals(16, set.side());
        assertArrayEquals(new int[] {119, 0}, set.labels());
        assertEquals(TestImages.value(1, 2, 15, 15), set.pixel(1, 2, 15, 15));
        assertEquals(TestImages.value(0, 1, 3, 14), set.pixel(0, 1, 3, 14));
    }

    @Test
    void concatenatesFilesInTheOrderGiven() throws IOException {
        Path a = TestImages.write(dir.resolve("a.bin"), TestImages.records(32, 1, 2));
        Path b = TestImages.write(dir.resolve("b.bin"), TestImages.records(32, 7));
        ImageSet set = Images.read(Dataset.CIFAR10, b, a);
        assertArrayEquals(new int[] {7, 1, 2}, set.labels());
        // b's record 0, then a's records 0 and 1
        assertEquals(TestImages.value(0, 0, 5, 6), set.pixel(0, 0, 5, 6));
        assertEquals(TestImages.value(0, 0, 5, 6), set.pixel(1, 0, 5, 6));
        assertEquals(TestImages.value(1, 0, 5, 6), set.pixel(2, 0, 5, 6));
        assertEquals(List.of(b, a), set.files());
    }

    @Test
    void truncatedFileFailsWithItsNameAndSize() throws IOException {
        byte[] two = TestImages.records(32, 1, 2);
        Path file = TestImages.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(two, two.length - 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Images.read(Dataset.CIFAR10, file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is 6145 bytes, not a whole number of 3073-byte records: truncated?"),
                e.getMessage());
    }

    @Test
    void emptyFileFails() throws IOException {
        Path file = TestImages.write(dir.resolve("empty.bin"), new byte[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> Images.read(Dataset.CIFAR10, file));
        assertTrue(e.getMessage().contains(file + " is empty"), e.getMessage());
    }

    @Test
    void labelOutOfRangeFailsWithFileAndRecord() throws IOException {
        Path file = TestImages.write(dir.resolve("data_batch_2.bin"), TestImages.records(32, 9, 0, 10, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> Images.read(Dataset.CIFAR10, file));
        assertTrue(e.getMessage().startsWith(file + ": record 2 "), e.getMessage());
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
        // the same bytes are fine as CIFAR-100
        assertArrayEquals(new int[] {9, 0, 10, 4}, Images.read(Dataset.CIFAR100, file).labels());
    }

    @Test
    void unreadableFileNamesThePath() {
        Path missing = dir.resolve("nope.bin");
        var e = assertThrows(UncheckedIOException.class, () -> Images.read(Dataset.CIFAR10, missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void trainLoadsWhicheverCifar10BatchesExistInBatchOrder() throws IOException {
        Path batches = dir.resolve("cifar-10-batches-bin");
        Path b4 = TestImages.write(batches.resolve("data_batch_4.bin"), TestImages.records(32, 4, 4));
        Path b2 = TestImages.write(batches.resolve("data_batch_2.bin"), TestImages.records(32, 2));
        TestImages.write(batches.resolve("test_batch.bin"), TestImages.records(32, 5));
        DataResolver resolver = DataResolver.of(dir.resolve("elsewhere"), dir);

        ImageSet train = Images.train(Dataset.CIFAR10, resolver);
        assertArrayEquals(new int[] {2, 4, 4}, train.labels());
        assertEquals(List.of(b2, b4), train.files());
        assertArrayEquals(new int[] {5}, Images.test(Dataset.CIFAR10, resolver).labels());
    }

    @Test
    void trainWithNoCifar10BatchListsAllFiveAndWhereToDownload() {
        DataResolver resolver = DataResolver.of(dir);
        var e = assertThrows(MissingDataException.class, () -> Images.train(Dataset.CIFAR10, resolver));
        for (int i = 1; i <= 5; i++) {
            assertTrue(e.getMessage().contains("cifar-10-batches-bin/data_batch_" + i + ".bin"), e.getMessage());
        }
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
                e.getMessage());
        assertEquals(DataFile.CIFAR10_TRAIN_1, e.file());
    }

    @Test
    void samplesComeFromTheirOwnFiles() throws IOException {
        TestImages.write(dir.resolve("cifar-100-sample/sample.bin"), TestImages.records(32, 99, 50));
        TestImages.write(dir.resolve("imagenet16-120-sample/sample.bin"), TestImages.records(16, 100));
        DataResolver resolver = DataResolver.of(dir);
        assertArrayEquals(new int[] {99, 50}, Images.train(Dataset.CIFAR100, resolver).labels());
        ImageSet in16 = Images.train(Dataset.IMAGENET16_120, resolver);
        assertArrayEquals(new int[] {100}, in16.labels());
        assertEquals(16, in16.side());
    }

    @Test
    void missingSampleNamesTheFile() {
        var e = assertThrows(MissingDataException.class,
                () -> Images.train(Dataset.IMAGENET16_120, DataResolver.of(dir)));
        assertTrue(e.getMessage().contains("imagenet16-120-sample/sample.bin"), e.getMessage());
    }

    @Test
    void noTestSetForTheSamples() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Images.test(Dataset.CIFAR100, DataResolver.of(dir)));
        assertTrue(e.getMessage().contains("cifar-100-sample/sample.bin"), e.getMessage());
    }
}
