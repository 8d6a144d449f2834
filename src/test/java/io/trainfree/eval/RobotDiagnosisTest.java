package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTableCsv;
import io.trainfree.search.ProxyMetrics;
import io.trainfree.search.Robot;
import io.trainfree.search.SearchProblem;
import io.trainfree.search.SearchSummary;
import io.trainfree.testing.RealData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Where RoBoT fails beyond the paper's seeds: the bar by hand, and the two failing seeds of docs/robot.md §11. */
class RobotDiagnosisTest {
    private static final DataResolver DATA = DataResolver.standard();

    @Test
    void aSeedFailsBelowTheLowerOfThePapersValueAndTheBestObjectivesCell() {
        // the best objective is cell 2, whose reported value 93.0 is below the paper's CIFAR-10 94.36
        var problem = new SearchProblem("p", new double[] {1, 2, 3}, new double[3], new double[] {50, 94.9, 93.0});
        assertEquals(93.0 - 0.3, RobotDiagnosis.failingBelow(problem, Dataset.CIFAR10, 0.3), 1e-12);
        var better = new SearchProblem("p", new double[] {1, 2, 3}, new double[3], new double[] {50, 1, 99.0});
        assertEquals(94.36 - 0.3, RobotDiagnosis.failingBelow(better, Dataset.CIFAR10, 0.3), 1e-12);
    }

    private static Table table3(String robotName, double sceneRank, double layoutRank) {
        return Table.create("t3", StringColumn.create("task", "class_scene", "class_scene",
                "room_layout", "room_layout"), StringColumn.create("method", robotName, "RS",
                robotName, "RS"), DoubleColumn.create("mean_rank", sceneRank, 40, layoutRank, 38),
                DoubleColumn.create("std", 0, 30, 2, 28),
                DoubleColumn.create("mean_T0", 3, 100, 4, 100),
                IntColumn.create("paper", 2, 40, 17, 42), // as a CSV of whole numbers reads
                DoubleColumn.create("paper_std", 0, 35, 34, 43));
    }

    @Test
    void table3RowsOfSeveralScalingsSitSideBySide() {
        var tables = new LinkedHashMap<String, Table>();
        tables.put("min-max", table3("RoBoT", 2, 985));
        tables.put("ranks", table3("RoBoT ranks", 3, 20));
        Table side = RobotDiagnosis.table3Side(tables);
        assertEquals(List.of("task", "paper", "paper_std", "min-max", "min-max_std", "min-max_T0", "ranks",
                "ranks_std", "ranks_T0"), side.columnNames());
        assertEquals(List.of("class_scene", "room_layout"), side.stringColumn("task").asList());
        assertEquals(985.0, side.doubleColumn("min-max").getDouble(1));
        assertEquals(20.0, side.doubleColumn("ranks").getDouble(1));
        assertEquals(17.0, side.doubleColumn("paper").getDouble(1));
        tables.put("no rows", table3("RoBoT", 2, 985).emptyCopy());
        assertThrows(IllegalArgumentException.class, () -> RobotDiagnosis.table3Side(tables));
        assertThrows(IllegalArgumentException.class, () -> RobotDiagnosis.table3Side(Map.of()));
    }

    /**
     * On trainfree's own proxies with the official scaling, seeds 10 and 37 of 10..59 are the two below 94.06 on
     * CIFAR-10; in seed 37 the best weights are negative on most metrics and the exploitation walks the cells whose
     * jacob_cov is NaN (counted as 0, the bottom of the scale, hence first under a negative weight).
     */
    @Test
    @RealData
    void theFailingSeedsOnTrainfreesProxiesAndWhy() {
        Optional<Path> table = DATA.find("proxies/nb201-cifar10.csv");
        assumeTrue(table.isPresent() && DATA.has(DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10),
                "needs proxies/nb201-cifar10.csv and the NAS-Bench-201 pickles under " + DATA.roots());
        Nb201 nb201 = Nb201.load(DATA);
        var ours = ProxyMetrics.of(ProxyTableCsv.read(table.get()), Nb201.SIZE, "grad_norm", "snip", "grasp",
                "fisher", "synflow", "jacob_cov");
        long[] seeds = SearchSummary.seeds(10, 60);
        Table failing = RobotDiagnosis.failingSeeds(nb201, new Robot(ours), Dataset.CIFAR10, 20, seeds, 0.3);
        assertEquals(List.of(10L, 37L), failing.longColumn("seed").asList(), failing::print);
        assertEquals(13403, failing.intColumn("pick").getInt(1));
        assertEquals("NaN cells lead the walk", failing.stringColumn("reason").get(1));
        Function<Dataset, ProxyMetrics> source = d -> ours;
        Table study = RobotDiagnosis.seedStudy(nb201, Map.of("trainfree", source), Map.of("min-max", Robot::new), 20,
                seeds, 0.3);
        Table c10 = study.where(study.stringColumn("dataset").isEqualTo("cifar10"));
        assertEquals(2, c10.intColumn("seeds_below").getInt(0), c10::print);
        assertEquals(94.30, c10.doubleColumn("mean").getDouble(0), 0.005, c10::print);
    }
}
