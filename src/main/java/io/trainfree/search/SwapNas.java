package io.trainfree.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * SWAP-NAS's evolutionary search (Peng et al., ICLR 2024; docs/swap.md §4), over any genome with random sampling,
 * mutation and crossover, scored by a fitness (regularised SWAP in the paper; higher is better):
 * <pre>
 *   pop &lt;- P random genomes, scored
 *   until the budget of distinct genomes is spent:
 *       cand   &lt;- K members of pop drawn without replacement
 *       b1, b2 &lt;- the best and second best of cand
 *       x      &lt;- crossover(b1, b2), scored
 *       parent &lt;- the better of b1 and x
 *       kids   &lt;- M mutations of parent, each scored
 *       add the best kid to pop; remove the worst-scoring member of pop (not the oldest)
 * </pre>
 * A genome scored before is not scored again (nor counted against the budget): its fitness is reused; a mutation
 * that gives one is drawn again, and after 20 tries a random new genome is taken, so that a converged population
 * still spends the budget (the search ends early only when no new genome can be found). The paper's
 * P, K and M are not known (docs/swap.md §4, unverified); {@link Settings#standard()} is this project's choice.
 *
 * @param <G> the genome (an NB201 index, a DARTS genotype); equal genomes must be equal objects
 */
public final class SwapNas<G> {
    /**
     * The search's sizes.
     *
     * @param population P, at least 2
     * @param tournament K, in 2..P
     * @param mutations  M, at least 1
     */
    public record Settings(int population, int tournament, int mutations) {
        public Settings {
            if (population < 2 || tournament < 2 || tournament > population || mutations < 1) {
                throw new IllegalArgumentException("SWAP-NAS needs population >= 2, tournament in 2..population and "
                        + "mutations >= 1; got P=" + population + " K=" + tournament + " M=" + mutations);
            }
        }

        /** P = 10, K = 5, M = 3 (the paper's values are not known). */
        public static Settings standard() {
            return new Settings(10, 5, 3);
        }
    }

    /** How genomes are drawn and varied. */
    public interface Operators<G> {
        G random(RandomGenerator rng);

        /** One small change. */
        G mutate(G parent, RandomGenerator rng);

        /** A child of two parents. */
        G crossover(G a, G b, RandomGenerator rng);
    }

    /**
     * A genome scored.
     *
     * @param genome  the genome
     * @param fitness its fitness
     */
    public record Scored<G>(G genome, double fitness) {
    }

    private static final int STALLED = 1000;
    private static final int RETRIES = 20;

    private final Settings settings;
    private final Operators<G> operators;
    private final ToDoubleFunction<G> fitness;

    public SwapNas(Settings settings, Operators<G> operators, ToDoubleFunction<G> fitness) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.operators = Objects.requireNonNull(operators, "operators");
        this.fitness = Objects.requireNonNull(fitness, "fitness");
    }

    /**
     * One search: every distinct genome scored, in the order scored ({@code budget} of them, or fewer if the space
     * runs out of new genomes).
     *
     * @throws IllegalArgumentException if the budget is smaller than the population
     */
    public List<Scored<G>> run(int budget, RandomGenerator rng) {
        if (budget < settings.population()) {
            throw new IllegalArgumentException("a SWAP-NAS budget of " + budget + " cannot fill a population of "
                    + settings.population() + ": give a budget of at least the population");
        }
        Map<G, Double> scored = new LinkedHashMap<>();
        List<Scored<G>> pop = new ArrayList<>();
        int misses = 0;
        while (pop.size() < settings.population() && misses < STALLED) {
            G g = operators.random(rng);
            if (scored.containsKey(g)) {
                misses++;
                continue;
            }
            pop.add(new Scored<>(g, score(g, scored)));
        }
        Comparator<Scored<G>> byFitness = Comparator.comparingDouble(Scored::fitness);
        misses = 0;
        while (scored.size() < budget && misses < STALLED) {
            int before = scored.size();
            List<Scored<G>> cand = draw(pop, settings.tournament(), rng);
            cand.sort(byFitness.reversed());
            Scored<G> b1 = cand.get(0);
            Scored<G> b2 = cand.get(1);
            G x = operators.crossover(b1.genome(), b2.genome(), rng);
            Scored<G> child = new Scored<>(x, score(x, scored));
            Scored<G> parent = child.fitness() > b1.fitness() ? child : b1;
            Scored<G> best = null;
            for (int m = 0; m < settings.mutations() && scored.size() < budget; m++) {
                G k = fresh(parent.genome(), scored, rng);
                Scored<G> kid = new Scored<>(k, score(k, scored));
                if (best == null || kid.fitness() > best.fitness()) {
                    best = kid;
                }
            }
            if (best != null) {
                pop.add(best);
                pop.remove(pop.stream().min(byFitness).orElseThrow());
            }
            misses = scored.size() == before ? misses + 1 : 0;
        }
        List<Scored<G>> out = new ArrayList<>();
        scored.forEach((g, f) -> out.add(new Scored<>(g, f)));
        return out;
    }

    // a mutation not scored before: a converged population would otherwise stall, spending no budget (as REA, a
    // parent whose neighbours are all scored yields a random new genome instead)
    private G fresh(G parent, Map<G, Double> scored, RandomGenerator rng) {
        G k = operators.mutate(parent, rng);
        for (int t = 0; t < RETRIES && scored.containsKey(k); t++) {
            k = operators.mutate(parent, rng);
        }
        for (int t = 0; t < STALLED && scored.containsKey(k); t++) {
            k = operators.random(rng);
        }
        return k;
    }

    private double score(G g, Map<G, Double> scored) {
        return scored.computeIfAbsent(g, fitness::applyAsDouble);
    }

    private static <T> List<T> draw(List<T> from, int k, RandomGenerator rng) {
        List<T> copy = new ArrayList<>(from);
        List<T> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(copy.remove(rng.nextInt(copy.size())));
        }
        return out;
    }
}
