package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.eval.RankMetrics;
import io.trainfree.math.NumpyRandom;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.testing.FakeNb201;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each classic predictor learns a synthetic ranking (label = number of nor_conv_3x3 edges, 0 to 6, many ties) from
 * 300 cells well enough to rank 2,000 others: Kendall's tau-b above 0.8. The cells are drawn by index from a numpy
 * permutation, index i being {@code Nb201Arch.fromCode(i)}; the proxy features come from a table made here.
 */
class ClassicPredictorsTest {
    private static List<Nb201Arch> train;
    private static List<Nb201Arch> test;
    private static LowFidelityTable proxies;

    @BeforeAll
    static void cells(@TempDir Path root) {
        int[] p = new NumpyRandom(1).permutation(Nb201.SIZE);
        train = Arrays.stream(p, 0, 300).mapToObj(Nb201Arch::fromCode).toList();
        test = Arrays.stream(p, 300, 2300).mapToObj(Nb201Arch::fromCode).toList();
        // two proxy columns: pure noise, and a noisy count of convolutions with NaN and -inf planted
        var random = new SplittableRandom(9);
        var rows = new ArrayList<ProxyTable.Row>();
        for (int i = 0; i < Nb201.SIZE; i++) {
            Nb201Arch a = Nb201Arch.fromCode(i);
            double convs = a.count(Nb201Op.NOR_CONV_3X3) + a.count(Nb201Op.NOR_CONV_1X1) + random.nextGaussian();
            double planted = i % 97 == 0 ? Double.NaN : i % 89 == 0 ? Double.NEGATIVE_INFINITY : convs;
            rows.add(new ProxyTable.Row(i, a, new double[] {random.nextDouble(), planted}));
        }
        Nb201 nb201 = FakeNb201.write(root, i -> 1 + i % 7);
        proxies = LowFidelityTable.of(nb201, Dataset.CIFAR10, List.of("noise", "convs"),
                List.of(ProxyTable.of(List.of("noise", "convs"), rows, false)));
    }

    private static double[] labels(List<Nb201Arch> archs) {
        return archs.stream().mapToDouble(a -> a.count(Nb201Op.NOR_CONV_3X3)).toArray();
    }

    private static double heldOutTau(Predictor<Nb201Arch> predictor) {
        predictor.fit(train, labels(train));
        return RankMetrics.kendallTau(predictor.scores(test), labels(test));
    }

    @Test
    void eachPredictorLearnsTheNumberOfThreeByThreeConvolutions() {
        List<Supplier<Predictor<Nb201Arch>>> all = List.of(() -> ClassicPredictors.randomForest(0),
                () -> ClassicPredictors.randomForest(0, proxies), () -> ClassicPredictors.gradientBoosting(0),
                () -> ClassicPredictors.gradientBoosting(0, proxies), ClassicPredictors::gaussianProcess);
        for (var make : all) {
            Predictor<Nb201Arch> p = make.get();
            double tau = heldOutTau(p);
            assertTrue(tau > 0.8, p + ": tau " + tau);
        }
    }

    @Test
    void sameSeedSameScoresOtherSeedOtherScores() {
        double[] y = labels(train);
        var features = Nb201Features.oneHotWith(proxies);
        var forest = new RandomForestPredictor.Options(60, 0, 20, 0, 5, 1.0);
        var boosting = new GradientBoostingPredictor.Options(60, 20, 6, 5, 0.05, 0.7);
        for (int kind = 0; kind < 2; kind++) {
            Predictor<Nb201Arch> a = kind == 0 ? new RandomForestPredictor(features, forest, 3)
                    : new GradientBoostingPredictor(features, boosting, 3);
            Predictor<Nb201Arch> b = kind == 0 ? new RandomForestPredictor(features, forest, 3)
                    : new GradientBoostingPredictor(features, boosting, 3);
            Predictor<Nb201Arch> c = kind == 0 ? new RandomForestPredictor(features, forest, 4)
                    : new GradientBoostingPredictor(features, boosting, 4);
            a.fit(train, y);
            b.fit(train, y);
            c.fit(train, y);
            assertArrayEquals(a.scores(test), b.scores(test), a.toString());
            assertFalse(Arrays.equals(a.scores(test), c.scores(test)), a + " and seed 4 agree");
            // a refit replaces the model: same data, same seed, same scores
            a.fit(train, y);
            assertArrayEquals(b.scores(test), a.scores(test));
        }
        var gp1 = ClassicPredictors.gaussianProcess();
        var gp2 = ClassicPredictors.gaussianProcess();
        gp1.fit(train, y);
        gp2.fit(train, y);
        assertArrayEquals(gp1.scores(test), gp2.scores(test));
        assertTrue(gp1.lengthScale() > 0 && gp1.alpha() > 0, gp1.toString());
    }

    @Test
    void gaussianProcessFitsHyperParametersOnAPrefixWhenAskedTo() {
        var gp = new GaussianProcessPredictor(new GaussianProcessPredictor.Options(List.of(0.01), 100));
        gp.fit(train, labels(train));
        double tau = RankMetrics.kendallTau(gp.scores(test), labels(test));
        assertTrue(tau > 0.8, "tau " + tau);
        assertEquals(0.01, gp.alpha());
    }

    @Test
    void featuresAreTheOneHotCodeAndTheProxiesWithMissingSetToTheMinimum() {
        Nb201Arch a = Nb201Arch.fromCode(97); // code 97 = 0,0,0,3,4,2 in base 5: none x3, conv3x3, pool, conv1x1
        double[] x = Nb201Features.oneHot(a);
        assertEquals(30, x.length);
        assertEquals(6.0, Arrays.stream(x).sum());
        for (int e = 0; e < 6; e++) {
            assertEquals(1.0, x[5 * e + a.op(e).ordinal()]);
        }
        var features = Nb201Features.oneHotWith(proxies);
        assertEquals(32, features.size());
        assertEquals("edge0_none", features.names().get(0));
        assertEquals("edge5_avg_pool_3x3", features.names().get(29));
        assertEquals(List.of("noise", "convs"), features.names().subList(30, 32));
        double min = Arrays.stream(proxies.column("convs")).filter(v -> !Double.isNaN(v)).min().orElseThrow();
        assertEquals(min, features.of(a)[31]); // NaN planted at 97
        assertEquals(min, features.of(Nb201Arch.fromCode(89))[31]); // -inf planted at 89
        assertEquals(proxies.column("convs")[98], features.of(Nb201Arch.fromCode(98))[31]);
        assertArrayEquals(x, Arrays.copyOf(features.of(a), 30));
    }

    @Test
    void badFitsAndEarlyScoresAreRefused() {
        for (Predictor<Nb201Arch> p : List.<Predictor<Nb201Arch>>of(ClassicPredictors.randomForest(0),
                ClassicPredictors.gradientBoosting(0), ClassicPredictors.gaussianProcess())) {
            var early = assertThrows(IllegalStateException.class, () -> p.scores(test));
            assertTrue(early.getMessage().contains("has not been fitted"), early.getMessage());
            var lengths = assertThrows(IllegalArgumentException.class, () -> p.fit(train, new double[3]));
            assertTrue(lengths.getMessage().contains("300 architectures but 3 labels"), lengths.getMessage());
            double[] y = labels(train);
            y[5] = Double.NaN;
            var nan = assertThrows(IllegalArgumentException.class, () -> p.fit(train, y));
            assertTrue(nan.getMessage().contains("label 5"), nan.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.fit(train.subList(0, 1), new double[1]));
        }
    }
}
