package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code transnas-bench-101/micro.csv} or {@code macro.csv} from NAS-Bench-Suite-Zero's
 * {@code zc_transbench101_{micro,macro}.json}: one row per task (in alphabetical order) and architecture (in the file's
 * order, which is its {@code idx}, the same cell in every task), with the validation score and the four proxies the
 * RoBoT paper's TransNAS-Bench-101 experiments use; a proxy not released for a task is an empty column for that task.
 */
final class NaslibTnb101Csv implements Converter {
    static final List<String> PROXIES = List.of("zen", "synflow", "epe_nas", "fisher");

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        Path jsonFile = inputs.getFirst();
        var data = NaslibZeroCost.read(jsonFile);
        List<String> archs = null;
        for (var e : data.entrySet()) {
            List<String> these = List.copyOf(e.getValue().keySet());
            if (archs == null) {
                archs = these;
            } else if (!archs.equals(these)) {
                throw new CorruptDataException(jsonFile, "task '" + e.getKey() + "' lists other architectures, or in "
                        + "another order, than the first task (" + these.size() + " against " + archs.size() + ")");
            }
        }
        try (var csv = new NaslibZeroCost.PythonCsv(out)) {
            List<String> header = new ArrayList<>(List.of("task", "idx", "arch", "val_accuracy"));
            header.addAll(PROXIES);
            csv.row(header);
            for (String task : data.keySet().stream().sorted().toList()) {
                int idx = 0;
                for (var arch : data.get(task).entrySet()) {
                    Map<String, String> fields = arch.getValue();
                    String id = fields.get("id");
                    if (id != null && !id.equals(Integer.toString(idx))) {
                        throw new CorruptDataException(jsonFile, "task '" + task + "', architecture " + arch.getKey()
                                + " has id " + id + " at position " + idx + " (the position is its idx)");
                    }
                    List<String> row = new ArrayList<>(List.of(task, Integer.toString(idx), arch.getKey(),
                            NaslibZeroCost.cell(fields.get("val_accuracy"))));
                    PROXIES.forEach(p -> row.add(NaslibZeroCost.cell(fields.get(p))));
                    csv.row(row);
                    idx++;
                }
            }
        }
    }
}
