package io.trainfree.space;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A DARTS architecture: a normal and a reduction cell ({@link DartsCell}). Parses and prints DARTS's
 * {@code Genotype(normal=[('op', input), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])}
 * exactly as Python's namedtuple prints it; a malformed string fails with the position and the token expected.
 *
 * {@snippet :
 * var g = DartsGenotype.parse("Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], ...)");
 * g.toString();   // the same string
 * }
 *
 * @param normal the normal cell
 * @param reduce the reduction cell
 */
public record DartsGenotype(DartsCell normal, DartsCell reduce) {
    public DartsGenotype {
        Objects.requireNonNull(normal, "normal");
        Objects.requireNonNull(reduce, "reduce");
    }

    /** Parses a genotype string; see the class comment. */
    public static DartsGenotype parse(String text) {
        return DartsGenotypeParser.parse(text);
    }

    /** A genotype with both cells drawn uniformly ({@link DartsCell#random}). */
    public static DartsGenotype random(RandomGenerator rng) {
        return new DartsGenotype(DartsCell.random(rng), DartsCell.random(rng));
    }

    /** The genotype with one change in one of its cells, drawn uniformly ({@link DartsCell#mutate}). */
    public DartsGenotype mutate(RandomGenerator rng) {
        return rng.nextBoolean() ? new DartsGenotype(normal.mutate(rng), reduce)
                : new DartsGenotype(normal, reduce.mutate(rng));
    }

    /** Node-wise crossover of each cell with the other parent's ({@link DartsCell#crossover}). */
    public DartsGenotype crossover(DartsGenotype other, RandomGenerator rng) {
        return new DartsGenotype(normal.crossover(other.normal, rng), reduce.crossover(other.reduce, rng));
    }

    /** The genotype string, as Python prints it. */
    @Override
    public String toString() {
        return "Genotype(normal=" + normal.edgesText() + ", normal_concat=" + normal.concatText() + ", reduce="
                + reduce.edgesText() + ", reduce_concat=" + reduce.concatText() + ")";
    }
}
