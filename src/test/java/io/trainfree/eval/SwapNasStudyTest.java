package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.Swap;
import io.trainfree.proxy.SwapReg;
import io.trainfree.testing.RealData;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The SWAP-NAS study's objective and tables. */
class SwapNasStudyTest {
    @Test
    @RealData
    void theObjectiveIsLogRegularisedSwapOfTheTasksNetwork() {
        DataResolver data = DataResolver.standard();
        assumeTrue(data.has(DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10), "needs NB201 from ../shared/data");
        var nb201 = Nb201.load(data);
        var table = ComputedTables.of("nb201-cifar10-swap");
        var problem = SwapNasStudy.problem(nb201, table, Dataset.CIFAR100, 800);
        var reg = new SwapReg(new Swap(), 800, 800, true);
        for (int i : new int[] {0, 6111, 15624}) {
            double k = Nb201.params(nb201.space().arch(i), Dataset.CIFAR100) * 1e3;
            assertEquals(reg.score(table.values("swap")[i], k), problem.objective(i), 1e-9, "cell " + i);
            assertEquals(nb201.values(Dataset.CIFAR100, io.trainfree.bench.Metric.TEST_ACCURACY)[i],
                    problem.reported(i), 0.0);
        }
    }

    @Test
    void summaryAndSizesGroupTheRuns() {
        List<SwapNasStudy.Run> runs = List.of(
                new SwapNasStudy.Run("cifar10", "SWAP-NAS mu=400", 0, 90, 0.41, 20),
                new SwapNasStudy.Run("cifar10", "SWAP-NAS mu=400", 1, 92, 0.39, 20),
                new SwapNasStudy.Run("cifar10", "RS", 0, 93, 0.8, 20));
        Table s = SwapNasStudy.summary(runs);
        assertEquals(2, s.rowCount());
        assertEquals(91, s.doubleColumn("test_accuracy").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(2), s.doubleColumn("std").getDouble(0), 1e-12);
        Table sizes = SwapNasStudy.sizes(runs);
        assertEquals(2, sizes.rowCount());
        assertEquals(400, sizes.doubleColumn("mu_k").getDouble(0), 0.0);
        assertEquals(410, sizes.doubleColumn("params_k").getDouble(0), 1e-9);
        assertEquals(SwapNasStudy.csv(runs).lines().count(), 4);
    }
}
