package io.trainfree.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.testing.PickleBytes;
import io.trainfree.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversions from NAS-Bench-Suite-Zero's result JSONs and from archai's script: exact output on small hand-made
 * files, and, where ../shared/data is present, the published-form input rebuilt from the shared CSV (numbers as their
 * text, keys shuffled, tasks out of order, missing proxies absent or NaN) converts back to the shared file byte for
 * byte.
 */
class NaslibConvertersTest {
    @TempDir
    Path tmp;

    private static final String ARCH0 =
            "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    private static final String ARCH1 =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

    @Test
    void transNasCsvSortsTasksKeepsNumberTextAndLeavesUnreleasedProxiesEmpty() throws IOException {
        Path json = Files.writeString(tmp.resolve("zc_transbench101_micro.json"), """
                {"jigsaw": {"(1, 0, 0, 2, 1, 0)": {"id": 0, "val_accuracy": 81.0,
                "zen": {"score": 7.016657036729157e-05, "time": 0.1}, "synflow": {"score": 1e+20, "time": 1},
                "epe_nas": {"score": 0, "time": 1}, "fisher": {"score": NaN, "time": 1},
                "snip": {"score": 3, "time": 1}},
                "(2, 3, 2, 3, 2, 3)": {"id": 1, "val_accuracy": -0.5, "zen": {"score": 1.5, "time": 0.1},
                "synflow": {"score": null}, "epe_nas": {"score": -Infinity}}},
                "autoencoder": {"(1, 0, 0, 2, 1, 0)": {"val_accuracy": 0.45, "zen": {"score": 2.0, "time": 0}},
                "(2, 3, 2, 3, 2, 3)": {"val_accuracy": 0.5, "zen": {"score": 3.0, "time": 0}}}}
                """);
        assertEquals("""
                task,idx,arch,val_accuracy,zen,synflow,epe_nas,fisher\r
                autoencoder,0,"(1, 0, 0, 2, 1, 0)",0.45,2.0,,,\r
                autoencoder,1,"(2, 3, 2, 3, 2, 3)",0.5,3.0,,,\r
                jigsaw,0,"(1, 0, 0, 2, 1, 0)",81.0,7.016657036729157e-05,1e+20,0,\r
                jigsaw,1,"(2, 3, 2, 3, 2, 3)",-0.5,1.5,,,\r
                """, convert(new NaslibTnb101Csv(), json));
    }

    @Test
    void transNasCsvRefusesTasksThatListOtherCellsAndIdsOutOfPlace() throws IOException {
        Path other = Files.writeString(tmp.resolve("other.json"), """
                {"a": {"(1, 0)": {"val_accuracy": 1}}, "b": {"(0, 1)": {"val_accuracy": 1}}}""");
        var e = assertThrows(CorruptDataException.class, () -> convert(new NaslibTnb101Csv(), other));
        assertTrue(e.getMessage().startsWith(other + ": task 'b' lists other architectures"), e.getMessage());
        Path moved = Files.writeString(tmp.resolve("moved.json"), """
                {"a": {"(1, 0)": {"id": 1, "val_accuracy": 1}}}""");
        e = assertThrows(CorruptDataException.class, () -> convert(new NaslibTnb101Csv(), moved));
        assertTrue(e.getMessage().contains("task 'a', architecture (1, 0) has id 1 at position 0"), e.getMessage());
        Path notJson = Files.writeString(tmp.resolve("bad.json"), "{\"a\": [1, 2]}");
        e = assertThrows(CorruptDataException.class, () -> convert(new NaslibTnb101Csv(), notJson));
        assertTrue(e.getMessage().startsWith(notJson + ": not a NAS-Bench-Suite-Zero result file at $.a"),
                e.getMessage());
    }

    @Test
    void nb201CsvFollowsTheBenchmarkIndexOrderOfTheInfoPickle() throws IOException {
        Path json = Files.writeString(tmp.resolve("zc_nasbench201.json"), nb201Json(List.of(ARCH1, ARCH0)));
        Path info = Files.write(tmp.resolve("info.p"), PickleBytes.hp12Info(List.of(ARCH0, ARCH1), -1));
        Path test = Files.write(tmp.resolve("test.p"), PickleBytes.floatList(4, 85.86333333333334, 94.37).bytes());
        String csv = convert(new NaslibNb201Csv(), json, info, test);
        assertEquals("""
                nb201_index,arch_str,naslib_op_indices,val_acc_cifar10_valid,val_acc_cifar100,val_acc_ImageNet16-120,\
                zen_cifar10,zen_cifar100,zen_ImageNet16-120,robot_test_acc_cifar10\r
                0,%s,"(4, 3, 3, 0, 0, 0)",cifar10-v0,cifar100-v0,ImageNet16-120-v0,cifar10-z0,cifar100-z0,\
                ImageNet16-120-z0,85.86333333333334\r
                1,%s,"(2, 2, 0, 2, 2, 3)",cifar10-v1,cifar100-v1,ImageNet16-120-v1,cifar10-z1,cifar100-z1,\
                ImageNet16-120-z1,94.37\r
                """.formatted(ARCH0, ARCH1), csv);
        Path short1 = Files.writeString(tmp.resolve("short.json"), nb201Json(List.of(ARCH1)));
        var e = assertThrows(CorruptDataException.class, () -> convert(new NaslibNb201Csv(), short1, info, test));
        assertTrue(e.getMessage().contains("has no architecture (4, 3, 3, 0, 0, 0) (NB201 index 0, " + ARCH0
                + ") under 'cifar10'"), e.getMessage());
    }

    /** A stand-in JSON whose values name what they are: "cifar10-v1" is the val_accuracy of index 1. */
    private static String nb201Json(List<String> archsInFileOrder) {
        StringBuilder s = new StringBuilder("{");
        for (String ds : List.of("ImageNet16-120", "cifar10", "cifar100")) {
            s.append(s.length() > 1 ? ", " : "").append('"').append(ds).append("\": {");
            for (int k = 0; k < archsInFileOrder.size(); k++) {
                String arch = archsInFileOrder.get(k);
                int index = arch.equals(ARCH0) ? 0 : 1;
                s.append(k > 0 ? ", " : "").append('"').append(io.trainfree.space.Nb201Arch.parse(arch).naslibString())
                        .append("\": {\"id\": ").append(k).append(", \"val_accuracy\": \"").append(ds).append("-v")
                        .append(index).append("\", \"zen\": {\"score\": \"").append(ds).append("-z").append(index)
                        .append("\", \"time\": 0.5}}");
            }
            s.append('}');
        }
        return s.append('}').toString();
    }

    @Test
    void archaiListIsExtractedOnePerLineAndABrokenScriptIsNamed() throws IOException {
        Path script = Files.writeString(tmp.resolve("wrapper.py"), """
                def main():
                    # hard coded list of architectures to process
                    all_archs = [6983, 14708, 1891]
                    for a in all_archs:
                        pass
                """);
        assertEquals("6983\n14708\n1891\n", convert(new ArchaiIdList(), script));
        Path none = Files.writeString(tmp.resolve("none.py"), "archs = [1, 2]\n");
        var e = assertThrows(CorruptDataException.class, () -> convert(new ArchaiIdList(), none));
        assertTrue(e.getMessage().startsWith(none + ": has no line 'all_archs = [id, id, ...]'"), e.getMessage());
        Path big = Files.writeString(tmp.resolve("big.py"), "x = 1\n    all_archs = [1, 15625]\n");
        e = assertThrows(CorruptDataException.class, () -> convert(new ArchaiIdList(), big));
        assertTrue(e.getMessage().startsWith(big + ": line 2: id 15625 is not a NAS-Bench-201 index"), e.getMessage());
    }

    // ---- the shared files, rebuilt in their published form and converted back --------------------------------------

    @Test
    @RealData
    void zenValaccFromItsJsonEqualsTheSharedFile() throws IOException {
        Path shared = shared(DataFile.NB201_ZEN_VALACC);
        List<String[]> rows = csvRows(shared);
        List<String> datasets = List.of("cifar10", "cifar100", "ImageNet16-120");
        Map<String, Map<String, String>> json = new LinkedHashMap<>();
        for (String ds : List.of("ImageNet16-120", "cifar10", "cifar100")) {
            int col = datasets.indexOf(ds);
            List<String[]> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(ds.hashCode()));
            Map<String, String> archs = new LinkedHashMap<>();
            for (String[] r : shuffled) {
                archs.put(r[2], "{\"id\": " + r[0] + ", \"val_accuracy\": " + r[3 + col] + ", \"zen\": {\"score\": "
                        + r[6 + col] + ", \"time\": 0.25}, \"flops\": {\"score\": 1.0, \"time\": 0.0}}");
            }
            json.put(ds, archs);
        }
        Path file = writeJson(tmp.resolve("zc_nasbench201.json"), json);
        byte[] out = convertBytes(new NaslibNb201Csv(), file, shared(DataFile.NB201_HP12_INFO),
                shared(DataFile.NB201_TEST_CIFAR10));
        assertArrayEquals(Files.readAllBytes(shared), out);
    }

    @Test
    @RealData
    void transNasCsvsFromTheirJsonEqualTheSharedFiles() throws IOException {
        for (DataFile f : List.of(DataFile.TNB101_MICRO, DataFile.TNB101_MACRO)) {
            Path shared = shared(f);
            Map<String, Map<String, String>> json = new LinkedHashMap<>();
            List<String[]> rows = csvRows(shared);
            List<String> tasks = new ArrayList<>(rows.stream().map(r -> r[0]).distinct().toList());
            Collections.reverse(tasks); // the converter sorts them
            for (String task : tasks) {
                Map<String, String> archs = new LinkedHashMap<>();
                for (String[] r : rows) {
                    if (!r[0].equals(task)) {
                        continue;
                    }
                    StringBuilder fields = new StringBuilder("{\"id\": " + r[1] + ", \"val_accuracy\": " + r[3]);
                    for (int p = 0; p < NaslibTnb101Csv.PROXIES.size(); p++) {
                        String v = r[4 + p].isEmpty() ? (p % 2 == 0 ? null : "NaN") : r[4 + p]; // absent, or NaN
                        if (v != null) {
                            fields.append(", \"").append(NaslibTnb101Csv.PROXIES.get(p)).append("\": {\"score\": ")
                                    .append(v).append(", \"time\": 0.1}");
                        }
                    }
                    archs.put(r[2], fields.append('}').toString());
                }
                json.put(task, archs);
            }
            Path file = writeJson(tmp.resolve(f.name() + ".json"), json);
            assertArrayEquals(Files.readAllBytes(shared), convertBytes(new NaslibTnb101Csv(), file), f.path());
        }
    }

    @Test
    @RealData
    void fearIdsFromArchaisScriptEqualTheSharedFile() throws IOException {
        Path shared = shared(DataFile.FEAR_ARCHS);
        List<String> ids = Files.readAllLines(shared);
        Path script = Files.writeString(tmp.resolve("main_proxynas_nb_wrapper.py"), "import os\n\ndef main():\n"
                + "    # hard coded list of architectures to process\n    all_archs = [" + String.join(", ", ids)
                + "]\n\n    for arch_id in all_archs:\n        print(arch_id)\n");
        assertArrayEquals(Files.readAllBytes(shared), convertBytes(new ArchaiIdList(), script));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static Path shared(DataFile f) {
        Optional<Path> at = DataResolver.standard().find(f);
        assumeTrue(at.isPresent(), () -> f.path() + " is not under " + DataResolver.standard().roots()
                + "; set " + DataResolver.ENV + " to a data directory to run this test");
        return at.get();
    }

    /** Rows of a CSV with no quoted field but the NASLib tuple in the third column. */
    private static List<String[]> csvRows(Path csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            int open = line.indexOf('"');
            int close = line.indexOf('"', open + 1);
            List<String> fields = new ArrayList<>(Arrays.asList(line.substring(0, open - 1).split(",", -1)));
            fields.add(line.substring(open + 1, close));
            fields.addAll(Arrays.asList(line.substring(close + 2).split(",", -1)));
            rows.add(fields.toArray(String[]::new));
        }
        return rows;
    }

    private static Path writeJson(Path file, Map<String, Map<String, String>> json) throws IOException {
        StringBuilder s = new StringBuilder("{");
        for (var task : json.entrySet()) {
            s.append(s.length() > 1 ? ", " : "").append('"').append(task.getKey()).append("\": {");
            boolean first = true;
            for (var arch : task.getValue().entrySet()) {
                s.append(first ? "" : ", ").append('"').append(arch.getKey()).append("\": ").append(arch.getValue());
                first = false;
            }
            s.append('}');
        }
        return Files.writeString(file, s.append('}'));
    }

    private static String convert(Converter c, Path... inputs) throws IOException {
        return new String(convertBytes(c, inputs), StandardCharsets.UTF_8);
    }

    private static byte[] convertBytes(Converter c, Path... inputs) throws IOException {
        var out = new ByteArrayOutputStream();
        c.convert(List.of(inputs), out);
        return out.toByteArray();
    }
}
