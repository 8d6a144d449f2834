package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.trainfree.bench.DartsCells;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.model.DartsProxyNet;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Param;
import io.trainfree.model.Recorder;
import io.trainfree.space.DartsGenotype;
import io.trainfree.testing.RealData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SWAP paper's DARTS proxy network and its SWAP-Score, against a PyTorch rendering of the reference's modules
 * (recorded: PyTorch 2.7 CPU, float32) with fixed weights and images, and the parameter counts of the 1,000 cells.
 */
class DartsSwapTest {
    // rows of darts/DARTS_archs_CIFAR10.csv -> {parameters, Psi, sum of the pooled features, sum of their |.|}
    private static final double[][] PYTORCH = {
        {0, 1906, 954, -3.809109330177307e-07, 14.228055123239756},
        {1, 2110, 1591, -0.38020633812993765, 25.508744315244257},
        {2, 1354, 823, 6.081536412239075e-07, 32.40328667219728},
        {3, 1546, 229, -0.024024365935474634, 32.440653522033244},
        {7, 1402, 347, 116.18394048931077, 132.4276493252255},
        {42, 658, 216, -0.04918122530216351, 43.84988509333925},
    };

    @Test
    @RealData
    void agreesWithThePyTorchRenderingOfTheReference() {
        DataResolver data = DataResolver.standard();
        assumeTrue(data.has(DataFile.DARTS_ARCHS), "needs " + DataFile.DARTS_ARCHS.path() + " from ../shared/data");
        DartsCells cells = DartsCells.load(data);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] pixels = new float[16 * 3 * 32 * 32];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.cos(0.01 * i);
            }
            NDArray x = m.create(pixels, new Shape(16, 3, 32, 32));
            for (double[] row : PYTORCH) {
                var net = DartsProxyNet.of(cells.genotypes().get((int) row[0]));
                assertEquals((long) row[1], net.paramCount(), "row " + (int) row[0]);
                try (NDManager t = m.newSubManager()) {
                    Nb201Params params = fixedWeights(net, t);
                    List<long[]> codes = new ArrayList<>();
                    NDArray f = net.forward(params, x, Recorder.relus((site, in, out) -> codes.add(Swap.pack(out))));
                    assertEquals((int) row[2], Swap.countDistinct(codes, 16), "Psi of row " + (int) row[0]);
                    double[] v = f.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                    assertEquals(row[4], Arrays.stream(v).map(Math::abs).sum(), 1e-4 * row[4], "row " + (int) row[0]);
                    assertEquals(row[3], Arrays.stream(v).sum(), 1e-4 * row[4], "row " + (int) row[0]);
                }
            }
        }
    }

    @Test
    @RealData
    void parameterCountsSpanThePublishedRange() {
        DataResolver data = DataResolver.standard();
        assumeTrue(data.has(DataFile.DARTS_ARCHS), "needs " + DataFile.DARTS_ARCHS.path() + " from ../shared/data");
        long[] counts = DartsCells.load(data).genotypes().stream().mapToLong(g -> DartsProxyNet.of(g).paramCount())
                .sorted().toArray();
        // docs/swap.md: 0.31 K to 2.69 K over the 1,000 cells, median 1.21 K
        assertEquals(0.31, counts[0] / 1e3, 0.005);
        assertEquals(2.69, counts[counts.length - 1] / 1e3, 0.005);
        assertEquals(1.21, (counts[499] + counts[500]) / 2e3, 0.005);
    }

    @Test
    void theScoreIsSeededAndBoundedByTheUnits() {
        DartsGenotype g = DartsGenotype.random(new SplittableRandom(3));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(8, 3, 16, 16));
            Swap.Patterns a = new DartsSwap(3).patterns(g, x, 5, m);
            Swap.Patterns b = new DartsSwap(3).patterns(g, x, 5, m);
            assertEquals(Arrays.toString(a.counts()), Arrays.toString(b.counts()), "seeded");
            for (int c : a.counts()) {
                assertTrue(c >= 1 && c <= Math.min(a.units(), 256), c + " of " + a.units());
            }
        }
    }

    @Test
    void scoringLeavesNothingInTheCallersManager() {
        var rng = new SplittableRandom(4);
        try (NDManager parent = NDManager.newBaseManager()) {
            NDArray x = parent.randomNormal(new Shape(16, 3, 32, 32));
            int before = parent.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                new DartsSwap(2).patterns(DartsGenotype.random(rng), x, i, parent);
            }
            // the job used to leave every forward's activations in the images' manager: 16 GB after 86 cells
            assertEquals(before, parent.getManagedArrays().size(), "arrays left in the caller's manager");
        }
    }

    // weights sin(1.3 j + 0.7 t), t the tensor's position among the trainable tensors (as named_parameters lists
    // them), j the element; batch norms at gamma 1, beta 0
    private static Nb201Params fixedWeights(DartsProxyNet net, NDManager m) {
        Nb201Params params = Nb201Params.create(net.layers(), m, Init.NORMAL, 0);
        int t = 0;
        for (Param p : params.params()) {
            if (!p.role().trainable()) {
                continue;
            }
            if (p.role() == Param.Role.WEIGHT && p.shape().dimension() > 1) {
                float[] v = new float[Math.toIntExact(p.size())];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) Math.sin(1.3 * j + 0.7 * t);
                }
                params.get(p.name()).set(v);
            }
            t++;
        }
        return params;
    }
}
