package io.trainfree.search;

import io.trainfree.math.NumpyRandom;
import io.trainfree.predict.Predictor;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Predictor-guided evolution on NAS-Bench-201, the downstream search of the DELE paper's reference code (aw_nas's
 * predictor-based evolutionary controller, with its settings: 20 initial cells, population 20, 5 parents, 50 inner
 * steps). A query is expensive (a trained network's accuracy); the predictor is cheap, so the evolution runs on
 * predicted scores and only its best children are queried:
 * <ol>
 *   <li>query {@code initial} random distinct cells;</li>
 *   <li>a round: fit the predictor on every cell queried so far (their objective values), seed a population with the
 *       {@code population} best queried cells by objective, then {@code innerSteps} times pick a parent uniformly
 *       among the population's {@code parents} best by predicted score, mutate one uniformly drawn edge to one of
 *       the four other ops (a child already queried or already proposed is drawn again), score the child, add it and
 *       drop the population's worst-scored member;</li>
 *   <li>query the round's {@code perRound} best-scored children (fewer if the budget ends), and repeat.</li>
 * </ol>
 * Each round's step list is ours where the reference code is not explicit (it names the settings, not the order of
 * these steps); the budget counts distinct queried cells, as for {@link Rea}. A run with budget B is the first B
 * queries of a run with a larger budget and the same seed, so one run at 100 gives the curve at 50 as well.
 *
 * <p>One predictor per run, from {@code predictors.apply(seed)}, refit every round and closed at the end.
 */
public final class PredictorGuidedEvolution implements SearchStrategy {
    private static final int OPS = Nb201Op.values().length;
    /** Redraws of a child before taking a random unproposed cell instead (a parent whose neighbours are all used). */
    private static final int MAX_REDRAWS = 100;

    /**
     * The loop's sizes.
     *
     * @param initial    random cells queried before the first fit, at least 2 (a ranking needs a pair)
     * @param population cells the inner evolution keeps
     * @param parents    how many of the population's best may be a parent
     * @param innerSteps children proposed per round
     * @param perRound   children queried per round
     */
    public record Settings(int initial, int population, int parents, int innerSteps, int perRound) {
        public Settings {
            if (initial < 2 || population < 1 || parents < 1 || parents > population || innerSteps < 1
                    || perRound < 1 || perRound > innerSteps) {
                throw new IllegalArgumentException("guided evolution needs initial >= 2, 1 <= parents <= population"
                        + " and 1 <= per-round queries <= inner steps; got " + this);
            }
        }

        /** aw_nas's settings for NB201, with 10 queries per round. */
        public static Settings awNas() {
            return new Settings(20, 20, 5, 50, 10);
        }
    }

    private final String name;
    private final Nb201Space space;
    private final LongFunction<? extends Predictor<Nb201Arch>> predictors;
    private final Settings settings;

    /**
     * @param name       the name reported in tables, e.g. {@code DELE-GATES}
     * @param space      the NAS-Bench-201 index order of the problems
     * @param predictors a fresh predictor for a run's seed
     */
    public PredictorGuidedEvolution(String name, Nb201Space space, LongFunction<? extends Predictor<Nb201Arch>>
            predictors, Settings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.space = Objects.requireNonNull(space, "space");
        this.predictors = Objects.requireNonNull(predictors, "predictors");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return name;
    }

    /** The loop's sizes. */
    public Settings settings() {
        return settings;
    }

    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        problem.requireRunnable(name, space.size(), budget);
        var rng = new NumpyRandom(seed);
        var queried = new ArrayList<Integer>(budget);
        var seen = new HashSet<Integer>();
        while (queried.size() < Math.min(settings.initial(), budget)) {
            int a = randomUnused(seen, rng);
            seen.add(a);
            queried.add(a);
        }
        try (Predictor<Nb201Arch> predictor = predictors.apply(seed)) {
            while (queried.size() < budget) {
                double[] labels = queried.stream().mapToDouble(problem::objective).toArray();
                predictor.fit(queried.stream().map(space::arch).toList(), labels);
                List<Integer> proposed = round(problem, queried, seen, predictor, rng);
                for (int i = 0; i < proposed.size() && queried.size() < budget; i++) {
                    queried.add(proposed.get(i));
                }
                seen.addAll(queried); // children proposed but not queried may be proposed again next round
            }
        }
        return Search.of(problem, name, seed, queried.stream().mapToInt(Integer::intValue).toArray());
    }

    /** One round's inner evolution: its children, best predicted first, at most {@code perRound}. */
    private List<Integer> round(SearchProblem problem, List<Integer> queried, Set<Integer> seen,
            Predictor<Nb201Arch> predictor, NumpyRandom rng) {
        List<Integer> byObjective = new ArrayList<>(queried);
        byObjective.sort(Comparator.comparingDouble((Integer a) -> problem.objective(a)).reversed());
        List<Integer> population = new ArrayList<>(byObjective.subList(0, Math.min(settings.population(),
                byObjective.size())));
        Map<Integer, Double> score = new HashMap<>();
        double[] s = predictor.scores(population.stream().map(space::arch).toList());
        for (int i = 0; i < s.length; i++) {
            score.put(population.get(i), s[i]);
        }
        Comparator<Integer> bestScored = Comparator.comparingDouble((Integer a) -> score.get(a)).reversed();
        var used = new HashSet<>(seen);
        var children = new ArrayList<Integer>();
        for (int step = 0; step < settings.innerSteps(); step++) {
            population.sort(bestScored);
            int parent = population.get(rng.randint(Math.min(settings.parents(), population.size())));
            int child = mutate(parent, used, rng);
            used.add(child);
            score.put(child, predictor.scores(List.of(space.arch(child)))[0]);
            children.add(child);
            population.add(child);
            population.sort(bestScored);
            if (population.size() > settings.population()) {
                population.remove(population.size() - 1);
            }
        }
        children.sort(bestScored);
        return children.subList(0, Math.min(settings.perRound(), children.size()));
    }

    private int mutate(int parent, Set<Integer> used, NumpyRandom rng) {
        Nb201Arch arch = space.arch(parent);
        for (int tries = 0; tries < MAX_REDRAWS; tries++) {
            int edge = rng.randint(Nb201Arch.EDGES);
            int current = arch.op(edge).robotCode();
            int k = rng.choice(OPS - 1);
            int child = space.index(arch.withOp(edge, Nb201Op.fromRobot(k < current ? k : k + 1)));
            if (!used.contains(child)) {
                return child;
            }
        }
        return randomUnused(used, rng);
    }

    private int randomUnused(Set<Integer> used, NumpyRandom rng) {
        if (used.size() >= space.size()) {
            throw new IllegalStateException(name + ": every architecture of the space was already used");
        }
        int a;
        do {
            a = rng.randint(space.size());
        } while (used.contains(a));
        return a;
    }
}
