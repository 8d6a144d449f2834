package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FreeReaSample} and {@link TorchPickles} on batch files written by real torch, the way FreeREA wrote its
 * cached minibatches: the recorded fixtures under {@code reference/freerea} (made by
 * {@code reference/record_torch_batches.py}, see its docstring), and, where Debian's python3-torch and the shared
 * samples are present, the 20 files of each sample rebuilt from the shared copy and converted back.
 */
class FreeReaSampleTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static Path reference(String name) {
        try {
            return Path.of(FreeReaSampleTest.class.getResource("/reference/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path fixture(String name) {
        return reference("freerea/" + name);
    }

    private static byte[] convert(FreeReaSample.Set set, List<Path> files) throws IOException {
        var out = new ByteArrayOutputStream();
        new FreeReaSample(set).convert(files, out);
        return out.toByteArray();
    }

    // ---- recorded fixtures --------------------------------------------------------------------------------------

    @Test
    void readsTensorsAsTorchPickledThem() throws IOException {
        Object batch = TorchPickles.read(fixture("cifar100__batch2_0"));
        List<?> pair = assertInstanceOf(List.class, batch);
        assertEquals(2, pair.size());
        var images = assertInstanceOf(TorchPickles.Tensor.class, pair.get(0));
        assertEquals(TorchPickles.DType.FLOAT32, images.dtype());
        assertArrayEquals(new long[] {2, 3, 32, 32}, images.shape());
        assertArrayEquals(new long[] {3072, 1024, 32, 1}, images.stride());
        var labels = assertInstanceOf(TorchPickles.Tensor.class, pair.get(1));
        assertEquals(TorchPickles.DType.INT64, labels.dtype());
        assertArrayEquals(new double[] {7, 99}, labels.values());
        // the first two bytes of image 0 are 0 and 255 (red plane): (0 / 255 - mean) / std and (1 - mean) / std
        double[] v = images.values();
        assertEquals((float) ((0f - 0.4914f) / 0.2023f), v[0], 0.0);
        assertEquals((float) ((1f - 0.4914f) / 0.2023f), v[1], 0.0);

        // a channel-first view of a channel-last storage, and labels that start at storage offset 1
        List<?> strided = assertInstanceOf(List.class, TorchPickles.read(fixture("imagenet__batch2_1")));
        var view = (TorchPickles.Tensor) strided.get(0);
        assertEquals(TorchPickles.DType.UINT8, view.dtype());
        assertArrayEquals(new long[] {2, 3, 16, 16}, view.shape());
        assertArrayEquals(new long[] {768, 1, 48, 3}, view.stride());
        var sliced = (TorchPickles.Tensor) strided.get(1);
        assertEquals(1, sliced.offset());
        assertArrayEquals(new double[] {0, 42}, sliced.values());
    }

    @Test
    void convertsCifar100BatchesToTheRecordedBytes() throws IOException {
        byte[] got = convert(FreeReaSample.Set.CIFAR100,
                List.of(fixture("cifar100__batch2_0"), fixture("cifar100__batch1_1")));
        assertArrayEquals(Files.readAllBytes(fixture("expected_cifar100.bin")), got);
        assertEquals(3 * 3073, got.length);
        assertEquals(0, got[1], "byte 0 survives de-normalisation");
        assertEquals((byte) 255, got[2], "byte 255 survives de-normalisation");
    }

    @Test
    void convertsImageNetBatchesDroppingLabelsFrom120() throws IOException {
        // uint8 channel-last (FreeREA's form) with labels 5, 120, 119, 999; uint8 channel-first strided with labels
        // 0, 42; float normalised with labels 3, 130: five records stay
        byte[] got = convert(FreeReaSample.Set.IMAGENET16, List.of(fixture("imagenet__batch4_0"),
                fixture("imagenet__batch2_1"), fixture("imagenet__batch2_2")));
        assertArrayEquals(Files.readAllBytes(fixture("expected_imagenet.bin")), got);
        assertEquals(5 * 769, got.length);
        assertArrayEquals(new byte[] {5, 119, 0, 42, 3}, new byte[] {got[0], got[769], got[2 * 769], got[3 * 769],
            got[4 * 769]});
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    @Test
    void refusesAFileThatIsNotImagesAndLabels() {
        Path file = fixture("bad_tensor_alone");
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.CIFAR100, List.of(file)));
        assertEquals(file + ": holds a tensor float32 [2, 3, 32, 32], expected FreeREA's [images, labels] (a list of "
                + "two tensors)", e.getMessage());
    }

    @Test
    void refusesAValueThatIsNotANormalisedByte() {
        Path good = fixture("cifar100__batch2_0");
        Path file = fixture("bad_not_a_byte");
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.CIFAR100, List.of(good, file)));
        assertTrue(e.getMessage().startsWith(file + ": image 1, channel 2, row 5, column 7: value 0.12300000339746475 "
                + "de-normalises to 120.1619, not a byte"), e.getMessage());
    }

    @Test
    void refusesImagesOfTheOtherSet() {
        Path file = fixture("imagenet__batch4_0");
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.CIFAR100, List.of(file)));
        assertEquals(file + ": images are uint8 [4, 16, 16, 3], expected [batch, 3, 32, 32]", e.getMessage());
    }

    @Test
    void refusesATruncatedFileNamingIt(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(fixture("imagenet__batch4_0"));
        Path cut = dir.resolve("imagenet__batch32_0");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.IMAGENET16, List.of(cut)));
        long length = whole.length / 2;
        assertEquals(cut + ": cannot unpickle at byte " + length + " of " + length
                + ": the file ends before the pickle does (the file is corrupt or truncated: download it again)",
                e.getMessage());
    }

    @Test
    void refusesAStorageWhoseCountDisagreesWithItsPickle(@TempDir Path dir) throws IOException {
        // the images' storage: after the key list's pickle (ending "a."), its element count 4 * 16 * 16 * 3 = 3072
        byte[] bytes = Files.readAllBytes(fixture("imagenet__batch4_0"));
        byte[] count = {'a', '.', 0x00, 0x0c, 0, 0, 0, 0, 0, 0};
        int at = indexOf(bytes, count);
        assertTrue(at > 0 && indexOf(Arrays.copyOfRange(bytes, at + 1, bytes.length), count) < 0, "found once");
        bytes[at + 2] = (byte) 0xff; // 3071 = 0x0bff
        bytes[at + 3] = 0x0b;
        Path bad = dir.resolve("imagenet__batch32_0");
        Files.write(bad, bytes);
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.IMAGENET16, List.of(bad)));
        assertTrue(e.getMessage().matches("\\Q" + bad + "\\E: cannot unpickle at byte \\d+ of " + bytes.length
                + ": in a tensor storage, at byte \\d+ of its \\d+: storage \\d+ has 3071 elements, its pickle says "
                + "3072 .*"), e.getMessage());
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void refusesATorchSaveZip(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("cifar100__batch32_0");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0});
        var e = assertThrows(IOException.class, () -> convert(FreeReaSample.Set.CIFAR100, List.of(zip)));
        assertTrue(e.getMessage().startsWith(zip + ": is a zip file (torch.save's format)"), e.getMessage());
    }

    // ---- the shared samples, rebuilt with torch -------------------------------------------------------------------

    @Test
    @RealData
    void rebuildsTheSharedCifar100Sample(@TempDir Path dir) throws Exception {
        roundTrip(DataFile.CIFAR100_SAMPLE, "cifar100", dir);
    }

    @Test
    @RealData
    void rebuildsTheSharedImageNet16Sample(@TempDir Path dir) throws Exception {
        roundTrip(DataFile.IMAGENET16_SAMPLE, "imagenet", dir);
    }

    /**
     * Writes the 20 batch files of the shared sample with torch, converts them with the registered converter (the
     * artefacts in their recorded order), and compares with the shared file byte for byte and with its digest.
     */
    private static void roundTrip(DataFile file, String dataset, Path dir) throws Exception {
        var shared = DataResolver.standard().find(file);
        assumeTrue(shared.isPresent(), () -> file.path() + " not found under " + DataResolver.standard().roots());
        assumeTrue(hasTorch(), PYTHON + " with torch (Debian's python3-torch) is not available");
        Process p = new ProcessBuilder(PYTHON.toString(), reference("record_torch_batches.py").toString(),
                "from-sample", dataset, shared.get().toString(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);

        DataSource source = DataSource.of(file);
        List<Path> batches = new ArrayList<>();
        for (DataSource.Artefact a : source.artefacts()) {
            batches.add(dir.resolve(a.name()));
        }
        assertEquals(20, batches.size());
        assertEquals(dataset + "__batch32_0", batches.getFirst().getFileName().toString());
        var out = new ByteArrayOutputStream();
        source.converter().convert(batches, out);
        byte[] expected = Files.readAllBytes(shared.get());
        assertArrayEquals(expected, out.toByteArray());
        Path written = dir.resolve("sample.bin");
        Files.write(written, out.toByteArray());
        assertEquals(source.sha256().orElseThrow(), Download.sha256(written));
    }

    private static boolean hasTorch() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
