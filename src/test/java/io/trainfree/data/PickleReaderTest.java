package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.testing.PickleBytes;
import io.trainfree.testing.RealData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsNumpyFloat64ListAsNumpyWritesItInProtocol4() throws IOException {
        double[] expected = {1.5, -2.25, 94.37333333333333, 10.0};
        Path p = write("p4.p", PickleBytes.floatList(4, expected).bytes());
        assertArrayEquals(expected, PickleReader.readDoubles(p), 0.0);
    }

    /**
     * Bytes written by Python itself, not by {@link PickleBytes}, so a misreading shared by the writer and the reader
     * shows: {@code pickle.dumps([np.float64(94.37333333333333), np.float64(-0.1), np.float32(0.1), np.int64(-3),
     * 2.5, 7], protocol=P).hex()} with Debian's /usr/bin/python3 3.11.2 and numpy 1.24.2 (protocols 2 and 4), and
     * with Python 3.11.7 and numpy 2.4.6 (protocol 4, module numpy._core). pickle.loads gives back the same list;
     * float(np.float32(0.1)) is 0.10000000149011612.
     */
    @Test
    void readsBytesPickledByPython() throws IOException {
        String numpy1Protocol2 = "80025d710028636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7101636e75"
                + "6d70790a64747970650a71025802000000663871038988877104527105284b0358010000003c71064e4e4e4affffffff"
                + "4affffffff4b0074710762635f636f646563730a656e636f64650a7108580b000000184b7ec2b1c3a4c2975740710958"
                + "060000006c6174696e31710a86710b52710c86710d52710e6801680568085810000000c29ac299c299c299c299c299c2"
                + "b9c2bf710f680a867110527111867112527113680168025802000000663471148988877115527116284b0368064e4e4e"
                + "4affffffff4affffffff4b007471176268085807000000c38dc38cc38c3d7118680a86711952711a86711b52711c6801"
                + "680258020000006938711d898887711e52711f284b0368064e4e4e4affffffff4affffffff4b00747120626808581000"
                + "0000c3bdc3bfc3bfc3bfc3bfc3bfc3bfc3bf7121680a8671225271238671245271254740040000000000004b07652e";
        String numpy1Protocol4 = "800495f1000000000000005d94288c156e756d70792e636f72652e6d756c74696172726179948c0673"
                + "63616c61729493948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013c944e4e4e4a"
                + "ffffffff4affffffff4b007494624308184b7eb1e497574094869452946803680943089a9999999999b9bf9486945294"
                + "680368068c02663494898887945294284b03680a4e4e4e4affffffff4affffffff4b007494624304cdcccc3d94869452"
                + "94680368068c02693894898887945294284b03680a4e4e4e4affffffff4affffffff4b007494624308fdffffffffffff"
                + "ff94869452944740040000000000004b07652e";
        String numpy2Protocol4 = "800495f2000000000000005d94288c166e756d70792e5f636f72652e6d756c74696172726179948c06"
                + "7363616c61729493948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013c944e4e4e"
                + "4affffffff4affffffff4b007494624308184b7eb1e497574094869452946803680943089a9999999999b9bf94869452"
                + "94680368068c02663494898887945294284b03680a4e4e4e4affffffff4affffffff4b007494624304cdcccc3d948694"
                + "5294680368068c02693894898887945294284b03680a4e4e4e4affffffff4affffffff4b007494624308fdffffffffff"
                + "ffff94869452944740040000000000004b07652e";
        List<Object> expected = List.of(94.37333333333333, -0.1, 0.10000000149011612, -3L, 2.5, 7);
        for (String hex : List.of(numpy1Protocol2, numpy1Protocol4, numpy2Protocol4)) {
            Object read = PickleReader.read(write("python.p", HexFormat.of().parseHex(hex)));
            assertEquals(expected, read, hex.substring(0, 6));
        }
    }

    @Test
    void readsProtocol2WithGlobalAndCodecsEncodedBytesAndTheNumpy2ModuleName() throws IOException {
        var p = PickleBytes.protocol(2).emptyList().mark();
        p.numpyScalar("numpy._core.multiarray", "f8", '<', PickleBytes.le64(1.5));
        p.memoize();
        p.numpyScalar("numpy._core.multiarray", "f8", '<', PickleBytes.le64(-2.0));
        p.memoize();
        p.appends().stop();
        assertArrayEquals(new double[] {1.5, -2.0}, PickleReader.readDoubles(write("p2.p", p.bytes())), 0.0);
    }

    @Test
    void decodesOtherDtypesAndByteOrders() throws IOException {
        var p = PickleBytes.protocol(4).emptyList().mark();
        p.numpyScalar("numpy.core.multiarray", "f8", '>',
                ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(0.1).array()).memoize();
        p.numpyScalar("numpy.core.multiarray", "f4", '<',
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).array()).memoize();
        p.numpyScalar("numpy.core.multiarray", "i8", '<',
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).array()).memoize();
        p.numpyScalar("numpy.core.multiarray", "i4", '>',
                ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(70000).array()).memoize();
        p.numpyScalar("numpy.core.multiarray", "u1", '|', new byte[] {(byte) 200}).memoize();
        p.numpyScalar("numpy.core.multiarray", "b1", '|', new byte[] {1}).memoize();
        p.appends().stop();
        Object o = PickleReader.read(write("dtypes.p", p.bytes()));
        assertEquals(List.of(0.1, 0.5, -3L, 70000L, 200L, true), o);
    }

    @Test
    void readsDictRecordsWithNumpyValuesAndPythonFloats() throws IOException {
        var p = PickleBytes.protocol(4).emptyList().mark();
        for (int i = 0; i < 3; i++) {
            p.emptyDict().mark().string(String.valueOf(i)).binint1(i)
                    .string("arch").string("a" + i)
                    .string("valacc").float64(50.0 + i).memoize();
            p.string("cost").binfloat(100.25 * i).setitems().endRecord();
        }
        p.appends().stop();
        List<Map<String, Object>> dicts = PickleReader.readDicts(write("dicts.p", p.bytes()));
        assertEquals(3, dicts.size());
        assertEquals(Map.of("2", 2, "arch", "a2", "valacc", 52.0, "cost", 200.5), dicts.get(2));
    }

    /** Every cut of a small float list: the message names the file and the record being read at the cut. */
    @Test
    void truncatedFloatListNamesFileAndRecordAtEveryCut() throws IOException {
        var p = PickleBytes.floatList(4, 1.0, 2.0, 3.0, 4.0, 5.0);
        assertTruncationsNameTheRecord(p.bytes(), p.recordEnds(), "floats.p", PickleReader::readDoubles);
    }

    @Test
    void truncatedDictListNamesFileAndRecordAtEveryCut() throws IOException {
        var p = PickleBytes.protocol(4).emptyList().mark();
        for (int i = 0; i < 4; i++) {
            p.emptyDict().mark().string("arch").string("a" + i).string("valacc").float64(i).memoize();
            p.setitems().endRecord();
        }
        p.appends().stop();
        assertTruncationsNameTheRecord(p.bytes(), p.recordEnds(), "dicts.p", PickleReader::readDicts);
    }

    private void assertTruncationsNameTheRecord(byte[] full, List<Integer> ends, String name,
            Function<Path, ?> reader) throws IOException {
        int start = 14; // PROTO 4, FRAME, EMPTY_LIST, MEMOIZE: from here on the top-level list exists
        for (int cut = start; cut < full.length; cut++) {
            Path p = write(name, Arrays.copyOf(full, cut));
            final int c = cut;
            int expected = (int) ends.stream().filter(e -> e <= c).count();
            var e = assertThrows(CorruptDataException.class, () -> reader.apply(p), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("in record " + expected + ":"),
                    "cut at " + cut + ", expected record " + expected + ": " + e.getMessage());
            assertEquals(p, e.file());
        }
    }

    @Test
    void corruptOpcodeNamesFileAndRecord() throws IOException {
        var p = PickleBytes.floatList(4, 1.0, 2.0, 3.0, 4.0);
        byte[] bytes = p.bytes();
        int inThird = p.recordEnds().get(1) + 1; // the first opcode of record 2, after record 1's MEMOIZE
        bytes[inThird] = (byte) 0xff;
        Path file = write("corrupt.p", bytes);
        var e = assertThrows(CorruptDataException.class, () -> PickleReader.readDoubles(file));
        assertTrue(e.getMessage().contains("corrupt.p: cannot unpickle at byte"), e.getMessage());
        assertTrue(e.getMessage().contains("in record 2:"), e.getMessage());
    }

    @Test
    void unsupportedDtypeNamesRecordAndDtype() throws IOException {
        var p = PickleBytes.protocol(4).emptyList().mark();
        p.float64(1.0).memoize();
        p.numpyScalar("numpy.core.multiarray", "c16", '<', new byte[16]).memoize();
        p.appends().stop();
        Path file = write("complex.p", p.bytes());
        var e = assertThrows(CorruptDataException.class, () -> PickleReader.read(file));
        assertTrue(e.getMessage().contains("in record 1: numpy scalar of unsupported dtype 'c16'"), e.getMessage());
    }

    @Test
    void wrongShapesAreNamed() throws IOException {
        var strings = PickleBytes.protocol(4).emptyList().mark().binfloat(1.0).binint1(2).string("abc").appends()
                .stop();
        Path file = write("strings.p", strings.bytes());
        var e = assertThrows(CorruptDataException.class, () -> PickleReader.readDoubles(file));
        assertTrue(e.getMessage().contains("strings.p: record 2 is a str 'abc', expected a number"), e.getMessage());

        var dict = PickleBytes.protocol(4).emptyDict().stop();
        Path dictFile = write("dict.p", dict.bytes());
        e = assertThrows(CorruptDataException.class, () -> PickleReader.readDoubles(dictFile));
        assertTrue(e.getMessage().contains("dict.p: holds a dict, expected a list of numbers"), e.getMessage());

        Path notDicts = write("notdicts.p", PickleBytes.floatList(4, 1.0).bytes());
        e = assertThrows(CorruptDataException.class, () -> PickleReader.readDicts(notDicts));
        assertTrue(e.getMessage().contains("record 0 is a number 1.0, expected a dict"), e.getMessage());
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path empty = write("empty.p", new byte[0]);
        var e = assertThrows(CorruptDataException.class, () -> PickleReader.read(empty));
        assertTrue(e.getMessage().contains("empty.p: cannot unpickle at byte 0 of 0"), e.getMessage());
        var io = assertThrows(java.io.UncheckedIOException.class, () -> PickleReader.read(dir.resolve("nope.p")));
        assertTrue(io.getMessage().contains("nope.p"), io.getMessage());
    }

    // ---- the published files -------------------------------------------------------------------------------------

    private static final DataResolver DATA = DataResolver.standard();

    /*
     * Reference values below were printed by Python's own pickle module (Debian's /usr/bin/python3 3.11.2, numpy
     * 1.24.2) reading the same files, e.g. for the test accuracies:
     *   python3 -c "import pickle, math; a = pickle.load(open('nb2_cf10_test_accuracy.p', 'rb'));
     *               print(repr(float(a[0])), repr(float(a[15624])), repr(math.fsum(map(float, a))))"
     * math.fsum is the correctly rounded sum, which the exact BigDecimal sum rounded to a double equals.
     */

    @Test
    @RealData
    void readsRobotTestAccuracyPickle() {
        assumeTrue(DATA.has(DataFile.NB201_TEST_CIFAR10), "needs nb201/robot/nb2_cf10_test_accuracy.p from "
                + "../shared/data (or $TRAINFREE_DATA)");
        double[] acc = PickleReader.readDoubles(DATA.resolve(DataFile.NB201_TEST_CIFAR10));
        assertEquals(15_625, acc.length);
        assertEquals(94.37333333333333, acc[6111], 0.0);
        assertEquals(94.37333333333333, Arrays.stream(acc).max().orElseThrow(), 0.0);
        assertEquals(85.86333333333334, acc[0], 0.0);
        assertEquals(86.82333333333334, acc[15_624], 0.0);
        assertEquals(10.0, acc[10], 0.0, "the smallest, first reached at index 10");
        assertEquals(1360037.06, exactSum(Arrays.stream(acc)), 0.0);
    }

    @Test
    @RealData
    void readsRobotHp12InfoPickle() {
        assumeTrue(DATA.has(DataFile.NB201_HP12_INFO), "needs nb201/robot/nb2_cf10_hp12_info.p from ../shared/data");
        List<Map<String, Object>> info = PickleReader.readDicts(DATA.resolve(DataFile.NB201_HP12_INFO));
        assertEquals(15_625, info.size());
        assertEquals(Map.of("0", 0, "arch",
                "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
                "valacc", 63.36399998046875, "cost", 86.65311598777771), info.get(0));
        assertEquals(Map.of("6111", 6111, "arch",
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
                "valacc", 84.3840000012207, "cost", 172.7849600315094), info.get(6111));
        assertEquals(Map.of("15624", 15_624, "arch",
                "|nor_conv_1x1~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_1x1~1|nor_conv_1x1~2|",
                "valacc", 55.76199999694825, "cost", 125.36395335197447), info.get(15_624));
        assertEquals(12_345, info.get(12_345).get("12345"));
        assertEquals(1075807.4879257206, exactSum(info.stream().mapToDouble(d -> (Double) d.get("valacc"))), 0.0);
        assertEquals(1713737.725944519, exactSum(info.stream().mapToDouble(d -> (Double) d.get("cost"))), 0.0);
    }

    /** The exact sum rounded once to a double: what Python's math.fsum gives. */
    private static double exactSum(java.util.stream.DoubleStream values) {
        return values.mapToObj(java.math.BigDecimal::new).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                .doubleValue();
    }

    /** A truncated copy of the real file: cut inside record 700's arch string, the message names record 700. */
    @Test
    @RealData
    void truncatedCopyOfRealPickleNamesTheRecord() throws IOException {
        assumeTrue(DATA.has(DataFile.NB201_HP12_INFO), "needs nb201/robot/nb2_cf10_hp12_info.p from ../shared/data");
        Path real = DATA.resolve(DataFile.NB201_HP12_INFO);
        byte[] bytes = Files.readAllBytes(real);
        String arch700 = (String) PickleReader.readDicts(real).get(700).get("arch");
        int at = indexOf(bytes, arch700.getBytes(StandardCharsets.UTF_8));
        assertTrue(at > 0);
        Path cut = write("nb2_cf10_hp12_info.p", Arrays.copyOf(bytes, at + 10));
        var e = assertThrows(CorruptDataException.class, () -> PickleReader.readDicts(cut));
        assertTrue(e.getMessage().startsWith(cut + ": cannot unpickle at byte " + (at + 10)), e.getMessage());
        assertTrue(e.getMessage().contains("in record 700:"), e.getMessage());

        // the float list, cut in the middle: the record named is where the bytes run out
        Path floats = DATA.resolve(DataFile.NB201_TEST_CIFAR10);
        byte[] fb = Files.readAllBytes(floats);
        Path half = write("nb2_cf10_test_accuracy.p", Arrays.copyOf(fb, fb.length / 2));
        e = assertThrows(CorruptDataException.class, () -> PickleReader.readDoubles(half));
        var m = Pattern.compile("in record (\\d+):").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        int record = Integer.parseInt(m.group(1));
        assertTrue(record > 7_700 && record < 7_900, "about half of 15,625 records, got " + record);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
