package io.trainfree.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Space;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** SWAP-NAS's evolution on a toy line and on NAS-Bench-201 cells with a made-up objective. */
class SwapNasTest {
    // genomes 0..999 on a line; mutation steps one either way, crossover takes the midpoint
    private static final SwapNas.Operators<Integer> LINE = new SwapNas.Operators<>() {
        @Override
        public Integer random(RandomGenerator rng) {
            return rng.nextInt(1000);
        }

        @Override
        public Integer mutate(Integer parent, RandomGenerator rng) {
            return Math.floorMod(parent + (rng.nextBoolean() ? 1 : -1), 1000);
        }

        @Override
        public Integer crossover(Integer a, Integer b, RandomGenerator rng) {
            return (a + b) / 2;
        }
    };

    @Test
    void spendsExactlyTheBudgetOnDistinctGenomesAndClimbs() {
        var search = new SwapNas<>(SwapNas.Settings.standard(), LINE, g -> -Math.abs(g - 700));
        List<SwapNas.Scored<Integer>> run = search.run(150, new SplittableRandom(1));
        assertEquals(150, run.size());
        assertEquals(150, new HashSet<>(run.stream().map(SwapNas.Scored::genome).toList()).size());
        assertEquals(0, run.stream().mapToDouble(SwapNas.Scored::fitness).max().orElseThrow(), 0.0,
                "the peak at 700 is found");
        assertEquals(run, search.run(150, new SplittableRandom(1)), "seeded");
    }

    @Test
    void aSmallSpaceEndsTheSearchInsteadOfLoopingForever() {
        var tiny = new SwapNas<>(new SwapNas.Settings(3, 2, 2), new SwapNas.Operators<Integer>() {
            @Override
            public Integer random(RandomGenerator rng) {
                return rng.nextInt(5);
            }

            @Override
            public Integer mutate(Integer parent, RandomGenerator rng) {
                return Math.floorMod(parent + 1, 5);
            }

            @Override
            public Integer crossover(Integer a, Integer b, RandomGenerator rng) {
                return a;
            }
        }, g -> g);
        assertEquals(5, tiny.run(50, new SplittableRandom(2)).size(), "only five genomes exist");
    }

    @Test
    void aBudgetBelowThePopulationIsRefused() {
        var search = new SwapNas<>(new SwapNas.Settings(20, 5, 3), LINE, g -> g);
        var e = assertThrows(IllegalArgumentException.class, () -> search.run(10, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("population of 20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SwapNas.Settings(5, 6, 1));
    }

    @Test
    void onNb201ItBeatsRandomSearchOnAnObjectiveWithStructure() {
        Nb201Space space = Nb201Space.of(Nb201Arch.all());
        // objective: the number of 3x3 convolutions plus a small tie-breaker by code; reported = objective
        double[] objective = new double[space.size()];
        for (int i = 0; i < objective.length; i++) {
            Nb201Arch a = space.arch(i);
            long convs = java.util.stream.IntStream.range(0, Nb201Arch.EDGES)
                    .filter(e -> a.op(e) == io.trainfree.space.Nb201Op.NOR_CONV_3X3).count();
            objective[i] = convs + i / 1e6;
        }
        var problem = new SearchProblem("toy", objective, new double[objective.length], objective);
        var swapNas = new SwapNasSearch(space, SwapNas.Settings.standard());
        double nas = 0;
        double rs = 0;
        for (long seed = 0; seed < 10; seed++) {
            Search s = swapNas.run(problem, 60, seed);
            assertEquals(60, s.queried().length);
            nas += s.reported();
            rs += new RandomSearch().run(problem, 60, seed).reported();
        }
        assertTrue(nas > rs, "SWAP-NAS " + nas / 10 + " vs RS " + rs / 10);
        assertTrue(nas / 10 > 5.5, "mostly the all-3x3 cell (6): " + nas / 10);
    }
}
