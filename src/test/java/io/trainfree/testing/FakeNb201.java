package io.trainfree.testing;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.space.Nb201Arch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A NAS-Bench-201 made of small hand-written files, for tests that need a benchmark but not its published data: the
 * index order is the cell-code order (index i is {@code Nb201Arch.fromCode(i)}), RoBoT's 12-epoch validation accuracy
 * is {@code 50 + i / 1000} ({@link PickleBytes#hp12Info}), and HW-NAS-Bench's CIFAR-10 file has the edge-GPU latency
 * given, edge-GPU energy {@code 2 * i} and constants elsewhere.
 */
public final class FakeNb201 {
    private FakeNb201() {
    }

    /** Writes the files under {@code root} and loads the benchmark from there. */
    public static Nb201 write(Path root, IntToDoubleFunction edgeGpuLatency) {
        List<String> order = Nb201Arch.all().stream().map(Nb201Arch::archString).toList();
        var hw = new StringBuilder("net,edgegpu_latency,edgegpu_energy,raspi4_latency,edgetpu_latency,pixel3_latency,"
                + "eyeriss_latency,eyeriss_energy,eyeriss_arithmetic_intensity,fpga_latency,fpga_energy\n");
        for (int i = 0; i < order.size(); i++) {
            hw.append('"').append(Nb201Arch.fromCode(i).naslibString()).append("\",")
                    .append(edgeGpuLatency.applyAsDouble(i)).append(',').append(2 * i).append(",3,4,5,6,7,8,9,10\n");
        }
        try {
            write(root.resolve(DataFile.NB201_HP12_INFO.path()), PickleBytes.hp12Info(order, -1));
            Path csv = root.resolve(DataFile.NB201_HW_CIFAR10.path());
            Files.createDirectories(csv.getParent());
            Files.writeString(csv, hw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Nb201.load(DataResolver.of(root));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
