package io.trainfree.data;

import io.trainfree.space.Nb201Arch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nb201/naslib/zen_valacc.csv} from NAS-Bench-Suite-Zero's {@code zc_nasbench201.json}: one row per
 * NAS-Bench-201 cell in the benchmark's index order (taken from RoBoT's {@code nb2_cf10_hp12_info.p}, since the
 * JSON's own order is not the index order), with the 200-epoch validation accuracy and Zen-score per dataset, and
 * RoBoT's CIFAR-10 test accuracy beside them for cross-checking.
 *
 * <p>Inputs: the JSON, the info pickle, the CIFAR-10 test-accuracy pickle.
 */
final class NaslibNb201Csv implements Converter {
    private static final List<String> DATASETS = List.of("cifar10", "cifar100", "ImageNet16-120");

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        Path jsonFile = inputs.get(0);
        var data = NaslibZeroCost.read(jsonFile);
        List<Map<String, Object>> info = PickleReader.readDicts(inputs.get(1));
        double[] testAccuracy = PickleReader.readDoubles(inputs.get(2));
        for (String ds : DATASETS) {
            if (!data.containsKey(ds)) {
                throw new CorruptDataException(jsonFile, "has no dataset '" + ds + "' (has " + data.keySet() + ")");
            }
        }
        try (var csv = new NaslibZeroCost.PythonCsv(out)) {
            List<String> header = new ArrayList<>(List.of("nb201_index", "arch_str", "naslib_op_indices"));
            DATASETS.forEach(ds -> header.add("val_acc_" + (ds.equals("cifar10") ? "cifar10_valid" : ds)));
            DATASETS.forEach(ds -> header.add("zen_" + ds));
            header.add("robot_test_acc_cifar10");
            csv.row(header);
            for (int i = 0; i < info.size(); i++) {
                String arch = String.valueOf(info.get(i).get("arch"));
                String key = Nb201Arch.parse(arch).naslibString();
                List<String> row = new ArrayList<>(List.of(Integer.toString(i), arch, key));
                List<String> zen = new ArrayList<>();
                for (String ds : DATASETS) {
                    Map<String, String> fields = data.get(ds).get(key);
                    if (fields == null) {
                        throw new CorruptDataException(jsonFile, "has no architecture " + key + " (NB201 index " + i
                                + ", " + arch + ") under '" + ds + "'");
                    }
                    row.add(NaslibZeroCost.cell(fields.get("val_accuracy")));
                    zen.add(NaslibZeroCost.cell(fields.get("zen")));
                }
                row.addAll(zen);
                row.add(MiniNasbenchCsv.pythonRepr(testAccuracy[i])); // the exporter wrote str(float)
                csv.row(row);
            }
        }
    }
}
