package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed forms of docs/proxies.md §1.8 against the extremes it states, exact to the printed digits. */
class Nb201SizeTest {
    private static final List<Nb201Arch> ALL = Nb201Arch.all();

    private static double min(Dataset d, boolean flops) {
        return ALL.stream().mapToDouble(a -> flops ? Nb201.flops(a, d) : Nb201.params(a, d)).min().orElseThrow();
    }

    private static double max(Dataset d, boolean flops) {
        return ALL.stream().mapToDouble(a -> flops ? Nb201.flops(a, d) : Nb201.params(a, d)).max().orElseThrow();
    }

    @Test
    void cifar10Extremes() {
        assertEquals(0.073306, min(Dataset.CIFAR10, false), 0.0);
        assertEquals(1.531546, max(Dataset.CIFAR10, false), 0.0);
        assertEquals(7.78305, min(Dataset.CIFAR10, true), 0.0);
        assertEquals(220.11969, max(Dataset.CIFAR10, true), 0.0);
    }

    @Test
    void cifar100AndImageNet16Maxima() {
        assertEquals(1.537396, max(Dataset.CIFAR100, false), 0.0);
        assertEquals(220.12554, max(Dataset.CIFAR100, true), 0.0);
        assertEquals(1.538696, max(Dataset.IMAGENET16_120, false), 0.0);
        assertEquals(55.03756, max(Dataset.IMAGENET16_120, true), 0.0);
    }

    /** The counts by hand for one cell: two 1x1 convolutions, no 3x3 (the Suite-Zero params of its first row). */
    @Test
    void oneCellByHand() {
        Nb201Arch a = Nb201Arch.parseNaslib("(4, 0, 3, 1, 4, 3)");
        assertEquals(2, a.count(Nb201Op.NOR_CONV_1X1));
        assertEquals(0, a.count(Nb201Op.NOR_CONV_3X3));
        assertEquals(73_306 + 2 * 28_000, Nb201.paramCount(a, Dataset.CIFAR10));
        assertEquals(0.129306, Nb201.params(a, Dataset.CIFAR10), 0.0);
        assertEquals(7_783_050 + 15L * 2 * 262_144, Nb201.flopCount(a, Dataset.CIFAR10));
        // 16x16 inputs: a quarter of the conv FLOPs; 120 classes: 65 * 120 in the classifier
        assertEquals((442_368 + 7_340_032) / 4 + 65 * 120 + 15 * 2 * 262_144 / 4,
                Nb201.flopCount(a, Dataset.IMAGENET16_120));
        assertEquals(3.91948, Nb201.flops(a, Dataset.IMAGENET16_120), 0.0);
    }

    /** Params and FLOPs rank the cells identically: lexicographically in (n3, n1). */
    @Test
    void paramsAndFlopsInduceTheSameRanking() {
        for (Dataset d : Dataset.values()) {
            var byParams = ALL.stream().sorted(Comparator.comparingLong((Nb201Arch a) -> Nb201.paramCount(a, d))
                    .thenComparing(Comparator.naturalOrder())).toList();
            var byFlops = ALL.stream().sorted(Comparator.comparingLong((Nb201Arch a) -> Nb201.flopCount(a, d))
                    .thenComparing(Comparator.naturalOrder())).toList();
            assertEquals(byParams, byFlops, d.id());
        }
    }
}
