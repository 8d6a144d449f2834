package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.CorruptDataException;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.data.MissingDataException;
import io.trainfree.space.Nb201Arch;
import io.trainfree.testing.PickleBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Nb201} on small hand-made files (no published data needed): index order in cell-code order, so the
 * architecture at index i is {@code Nb201Arch.fromCode(i)}; every bad input must name its file and record or line.
 */
class Nb201FilesTest {
    private static final List<String> CODE_ORDER = Nb201Arch.all().stream().map(Nb201Arch::archString).toList();

    @TempDir
    Path root;

    @BeforeEach
    void writeIndexOrder() throws IOException {
        put(DataFile.NB201_HP12_INFO, PickleBytes.hp12Info(CODE_ORDER, -1));
    }

    private Path put(DataFile file, byte[] bytes) throws IOException {
        Path p = root.resolve(file.path());
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    private Path csv(DataFile file, String header, IntFunction<String> row, int rows) throws IOException {
        var sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            String r = row.apply(i);
            if (r != null) {
                sb.append(r).append('\n');
            }
        }
        Path p = root.resolve(file.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, sb);
        return p;
    }

    private Nb201 load() {
        return Nb201.load(DataResolver.of(root));
    }

    private static String quoted(int code) {
        return "\"" + Nb201Arch.fromCode(code).naslibString() + "\"";
    }

    private static final String HW_HEADER = "net,edgegpu_latency,edgegpu_energy,raspi4_latency,edgetpu_latency,"
            + "pixel3_latency,eyeriss_latency,eyeriss_energy,eyeriss_arithmetic_intensity,fpga_latency,fpga_energy";

    private static String hwRow(int i) {
        return quoted(i) + "," + i + ",2,3,4,5,6,7,8,9,10";
    }

    @Test
    void readsIndexOrderAndTheTwelveEpochColumns() {
        Nb201 nb201 = load();
        assertEquals(Nb201Arch.fromCode(812), nb201.space().arch(812));
        assertEquals(50.812, nb201.query(812, Dataset.CIFAR10, Metric.VAL_ACCURACY_12), 0.0);
        assertEquals(912.0, nb201.query(Nb201Arch.fromCode(812), Dataset.CIFAR10, Metric.TRAIN_COST_12), 0.0);
        assertEquals(EnumSet.of(Metric.VAL_ACCURACY_12, Metric.TRAIN_COST_12, Metric.PARAMS, Metric.FLOPS),
                nb201.available(Dataset.CIFAR10));
        var table = nb201.table(Dataset.CIFAR10);
        assertEquals(List.of("index", "arch", "val_accuracy_12", "train_cost_12", "params", "flops"),
                table.columnNames());
        assertEquals(15_625, table.rowCount());
        assertEquals(CODE_ORDER.get(77), table.stringColumn("arch").get(77));
    }

    @Test
    void missingCoreFileNamesItAndWhereToGetIt() throws IOException {
        Files.delete(root.resolve(DataFile.NB201_HP12_INFO.path()));
        var e = assertThrows(MissingDataException.class, this::load);
        assertTrue(e.getMessage().contains("missing data file nb201/robot/nb2_cf10_hp12_info.p"), e.getMessage());
        assertTrue(e.getMessage().contains("https://github.com/hzf1174/RoBoT"), e.getMessage());
    }

    @Test
    void missingOptionalFileFailsOnlyTheQueryThatNeedsIt() {
        Nb201 nb201 = load();
        var e = assertThrows(MissingDataException.class,
                () -> nb201.query(0, Dataset.CIFAR10, Metric.TEST_ACCURACY));
        assertTrue(e.getMessage().contains("nb201/robot/nb2_cf10_test_accuracy.p"), e.getMessage());
        e = assertThrows(MissingDataException.class, () -> nb201.table(Dataset.CIFAR10, Metric.EDGEGPU_LATENCY));
        assertTrue(e.getMessage().contains("nb201/hw-nas-bench/hw_cifar10.csv"), e.getMessage());
        assertEquals(0.073306, nb201.query(0, Dataset.CIFAR10, Metric.PARAMS), 0.0); // still answers the rest
    }

    @Test
    void recordWithoutValaccIsNamed() throws IOException {
        put(DataFile.NB201_HP12_INFO, PickleBytes.hp12Info(CODE_ORDER, 812));
        var e = assertThrows(CorruptDataException.class, this::load);
        assertTrue(e.getMessage().contains("nb2_cf10_hp12_info.p: record 812 has no 'valacc'"), e.getMessage());
    }

    @Test
    void badArchStringsAndDuplicatesAreNamedByRecord() throws IOException {
        var archs = new ArrayList<>(CODE_ORDER);
        archs.set(5, "|nor_conv_3x3~0|+|oops~0|");
        put(DataFile.NB201_HP12_INFO, PickleBytes.hp12Info(archs, -1));
        var e = assertThrows(CorruptDataException.class, this::load);
        assertTrue(e.getMessage().contains("nb2_cf10_hp12_info.p: record 5: malformed NAS-Bench-201 arch string"),
                e.getMessage());

        archs = new ArrayList<>(CODE_ORDER);
        archs.set(7, CODE_ORDER.get(3));
        put(DataFile.NB201_HP12_INFO, PickleBytes.hp12Info(archs, -1));
        e = assertThrows(CorruptDataException.class, this::load);
        assertTrue(e.getMessage().contains("appears at record 3 and again at record 7"), e.getMessage());

        put(DataFile.NB201_HP12_INFO, PickleBytes.hp12Info(CODE_ORDER.subList(0, 3), -1));
        e = assertThrows(CorruptDataException.class, this::load);
        assertTrue(e.getMessage().contains("holds 3 records, expected 15625"), e.getMessage());
    }

    @Test
    void truncatedTestAccuracyPickleNamesTheRecord() throws IOException {
        Nb201 nb201 = load();
        var pickle = PickleBytes.floatList(4, 90.0, 91.0, 92.0);
        byte[] full = pickle.bytes();
        put(DataFile.NB201_TEST_CIFAR100, Arrays.copyOf(full, pickle.recordEnds().get(1) + 4)); // 3 bytes into 2
        var e = assertThrows(CorruptDataException.class, () -> nb201.query(0, Dataset.CIFAR100, Metric.TEST_ACCURACY));
        assertTrue(e.getMessage().contains("nb2_cf100_test_accuracy.p: cannot unpickle at byte"), e.getMessage());
        assertTrue(e.getMessage().contains("in record 2:"), e.getMessage());

        put(DataFile.NB201_TEST_CIFAR100, full);
        e = assertThrows(CorruptDataException.class, () -> nb201.query(0, Dataset.CIFAR100, Metric.TEST_ACCURACY));
        assertTrue(e.getMessage().contains("nb2_cf100_test_accuracy.p: holds 3 records, expected 15625"),
                e.getMessage());
    }

    @Test
    void readsHardwareCsvByNaslibTuple() throws IOException {
        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, Nb201FilesTest::hwRow, 15_625);
        Nb201 nb201 = load();
        assertEquals(1234.0, nb201.query(1234, Dataset.CIFAR10, Metric.EDGEGPU_LATENCY), 0.0);
        assertEquals(10.0, nb201.query(1234, Dataset.CIFAR10, Metric.FPGA_ENERGY), 0.0);
        assertTrue(nb201.table(Dataset.CIFAR10).columnNames().contains("eyeriss_arithmetic_intensity"));
    }

    @Test
    void badHardwareRowsAreNamedByLine() throws IOException {
        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, i -> i == 98 ? quoted(i) + ",oops,2,3,4,5,6,7,8,9,10" : hwRow(i),
                15_625);
        var e = assertThrows(CorruptDataException.class,
                () -> load().query(0, Dataset.CIFAR10, Metric.EDGEGPU_LATENCY));
        assertTrue(e.getMessage().contains("hw_cifar10.csv: line 100, column 'edgegpu_latency': 'oops' is not a "
                + "number"), e.getMessage());

        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, i -> i == 17 ? null : hwRow(i), 15_625);
        e = assertThrows(CorruptDataException.class, () -> load().query(0, Dataset.CIFAR10, Metric.FPGA_LATENCY));
        assertTrue(e.getMessage().contains("hw_cifar10.csv: covers 15624 of 15625 architectures; index 17 ("
                + CODE_ORDER.get(17) + ") is missing"), e.getMessage());

        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, i -> hwRow(i == 20 ? 10 : i), 15_625);
        e = assertThrows(CorruptDataException.class, () -> load().query(0, Dataset.CIFAR10, Metric.FPGA_LATENCY));
        assertTrue(e.getMessage().contains("line 22: architecture 10 (" + CODE_ORDER.get(10)
                + ") appears again (first on line 12)"), e.getMessage());

        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, i -> i == 3 ? "\"(9, 0, 0, 0, 0, 0)\",1,2,3,4,5,6,7,8,9,10"
                : hwRow(i), 15_625);
        e = assertThrows(CorruptDataException.class, () -> load().query(0, Dataset.CIFAR10, Metric.FPGA_LATENCY));
        assertTrue(e.getMessage().contains("line 5, column 'net': NASLib op code 9 is not in 0..4"), e.getMessage());

        csv(DataFile.NB201_HW_CIFAR10, HW_HEADER, i -> i == 3 ? quoted(i) + ",1,2" : hwRow(i), 15_625);
        e = assertThrows(CorruptDataException.class, () -> load().query(0, Dataset.CIFAR10, Metric.FPGA_LATENCY));
        assertTrue(e.getMessage().contains("hw_cifar10.csv: line 5 has 3 fields, expected 11"), e.getMessage());
    }

    @Test
    void keyColumnsMustAgreeWithTheIndexOrder() throws IOException {
        String header = "arch,cellstr,cifar10-test,cifar10-val,cifar100-test,cifar100-val,imagenet-test,imagenet-val";
        csv(DataFile.NB201_HP12_ACCS, header,
                i -> i + "," + CODE_ORDER.get(i == 3 ? 4 : i) + ",1,2,3,4,5,6", 15_625);
        var e = assertThrows(CorruptDataException.class,
                () -> load().query(0, Dataset.CIFAR100, Metric.TEST_ACCURACY_12));
        assertTrue(e.getMessage().contains("hp12_accs.csv: line 5, column 'cellstr': '" + CODE_ORDER.get(4)
                + "' is not the architecture at index 3 (" + CODE_ORDER.get(3) + ")"), e.getMessage());

        csv(DataFile.NB201_HP12_ACCS, header, i -> i + "," + CODE_ORDER.get(i) + ",1,2,3," + i + ",5,6", 15_625);
        assertEquals(4321.0, load().query(4321, Dataset.CIFAR100, Metric.VAL_ACCURACY_12), 0.0);
        assertEquals(5.0, load().query(4321, Dataset.IMAGENET16_120, Metric.TEST_ACCURACY_12), 0.0);

        String zenHeader = "nb201_index,arch_str,naslib_op_indices,val_acc_cifar10_valid,val_acc_cifar100,"
                + "val_acc_ImageNet16-120,zen_cifar10,zen_cifar100,zen_ImageNet16-120,robot_test_acc_cifar10";
        csv(DataFile.NB201_ZEN_VALACC, zenHeader, i -> i + "," + CODE_ORDER.get(i) + "," + quoted(i == 9 ? 8 : i)
                + ",1,2,3,4,5,6,7", 15_625);
        e = assertThrows(CorruptDataException.class, () -> load().query(0, Dataset.CIFAR10, Metric.ZEN));
        assertTrue(e.getMessage().contains("zen_valacc.csv: line 11, column 'naslib_op_indices': "
                + Nb201Arch.fromCode(8).naslibString() + " is the architecture at index 8, not 9"), e.getMessage());
    }

    @Test
    void suiteZeroCoversSomeArchitecturesAndOnlyTwoDatasets() throws IOException {
        String header = "net,net_str,epe_nas,fisher,flops,grad_norm,grasp,jacov,l2_norm,nwot,params,plain,snip,"
                + "synflow,zen";
        csv(DataFile.NB201_SUITE_ZERO_CIFAR10, header, i -> i % 2 == 0 ? null
                : quoted(i) + "," + CODE_ORDER.get(i) + ",1,2,3,4,5,6,7,8,9,10,11," + i + ",13", 15_625);
        Nb201 nb201 = load();
        assertEquals(7.0, nb201.query(7, Dataset.CIFAR10, Metric.SYNFLOW), 0.0);
        assertTrue(Double.isNaN(nb201.query(8, Dataset.CIFAR10, Metric.SYNFLOW)));
        assertEquals(3.0, nb201.query(7, Dataset.CIFAR10, Metric.ZC_FLOPS), 0.0);
        assertEquals(9.0, nb201.query(7, Dataset.CIFAR10, Metric.ZC_PARAMS), 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> nb201.query(7, Dataset.CIFAR100, Metric.SYNFLOW));
        assertEquals("NAS-Bench-Suite-Zero publishes synflow for cifar10 and ImageNet16-120, not for cifar100 (only "
                + "zen is published for all three)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> nb201.query(7, Dataset.CIFAR100, Metric.TRAIN_COST_12));
        assertTrue(e.getMessage().startsWith("NAS-Bench-201 publishes train_cost_12 for cifar10 only"),
                e.getMessage());
    }
}
