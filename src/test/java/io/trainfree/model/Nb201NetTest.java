package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network's structure: layers, names, counts, against the closed forms and the reference's constants. */
class Nb201NetTest {
    private static final Nb201Arch BEST = Nb201Arch.parse(
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");

    /** NB201's #params and FLOPs (docs/proxies.md §1.8) counted from the official network's layers, every cell. */
    @Test
    void officialParamsAndFlopsEqualTheBenchmarkClosedFormsForAllCellsAndDatasets() {
        for (Dataset d : Dataset.values()) {
            for (Nb201Arch arch : Nb201Arch.all()) {
                Nb201Net net = Nb201Net.official(arch, d);
                assertEquals(Nb201.params(arch, d), net.paramCount() / 1e6, 0.0, () -> d + " " + arch);
                assertEquals(Nb201.flops(arch, d), net.flops(d.resolution()) / 1e6, 0.0, () -> d + " " + arch);
            }
        }
    }

    /** The reference's model object has every candidate op: 188 scored layers, 1,692,826 parameters on CIFAR-10. */
    @Test
    void supernetHasTheReferenceConstantSize() {
        for (Nb201Arch arch : List.of(BEST, Nb201Arch.fromCode(0), Nb201Arch.fromCode(15_624))) {
            List<Layer> layers = Nb201Net.of(arch, Dataset.CIFAR10).supernetLayers();
            assertEquals(188, layers.stream().filter(l -> l instanceof Layer.Weighted).count(), arch.toString());
            assertEquals(1_692_826, layers.stream().mapToLong(Layer::paramCount).sum(), arch.toString());
        }
    }

    /** The zero-cost variant by hand: a conv edge costs 9C^2 + C (3x3) or C^2 + C (1x1), no BN parameters. */
    @Test
    void zeroCostParamsByHand() {
        long base = Nb201Net.of(Nb201Arch.fromCode(0), 10).paramCount(); // all none: stem, reductions, head
        assertEquals(73_306, base); // same as the official network: no cell parameters either way
        Nb201Net net = Nb201Net.of(BEST, 10);
        long conv3 = 5L * ((9 * 256 + 16) + (9 * 1024 + 32) + (9 * 4096 + 64));
        long conv1 = 5L * ((256 + 16) + (1024 + 32) + (4096 + 64));
        assertEquals(base + 4 * conv3 + conv1, net.paramCount());
    }

    @Test
    void layersAreNamedAsTheReferenceStateDict() {
        Nb201Net net = Nb201Net.of(BEST, 10);
        List<String> names = net.layers().stream().map(Layer::name).toList();
        assertEquals("stem.net.0", names.get(0));
        assertEquals("stem.net.1", names.get(1));
        // edge 0 nor_conv_3x3: options 0 * 5 + 2; edge 5 nor_conv_1x1: 5 * 5 + 3
        assertEquals("stack_cell1.0.options.2.op.1", names.get(2));
        assertEquals("stack_cell1.0.options.2.op.2", names.get(3));
        assertTrue(names.contains("stack_cell3.4.options.28.op.1"));
        assertFalse(names.contains("stack_cell1.0.options.15.op.1"), "skip_connect on edge 3 has no layer");
        int r = names.indexOf("reduction1.residual.1"); // module order: residual, conv_a, conv_b
        assertEquals(List.of("reduction1.residual.1", "reduction1.conv_a.op.1", "reduction1.conv_a.op.2",
                "reduction1.conv_b.op.1", "reduction1.conv_b.op.2"), names.subList(r, r + 5));
        assertEquals(List.of("top.lastact.0", "classifier"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void scoredLayersAreTheConvolutionsAndTheClassifierWithTheirFanIn() {
        Nb201Net net = Nb201Net.of(BEST, 100);
        List<Layer.Weighted> scored = net.scoredLayers();
        assertEquals(1 + 15 * 5 + 2 * 3 + 1, scored.size());
        assertEquals("stem.net.0", scored.get(0).name());
        assertEquals(27, scored.get(0).fanIn());
        assertEquals(16 * 9, scored.get(1).fanIn());
        Layer.Weighted fc = scored.get(scored.size() - 1);
        assertEquals("classifier", fc.name());
        assertEquals(64, fc.fanIn());
        assertEquals(100, fc.out());
        assertTrue(scored.stream().filter(l -> l.name().startsWith("stack_cell3")).allMatch(l -> l.in() == 64));
    }

    @Test
    void variantsDifferOnlyInsideTheCells() {
        Nb201Net zc = Nb201Net.of(BEST, 10);
        Nb201Net official = zc.withVariant(Variant.OFFICIAL);
        for (Layer l : zc.layers()) {
            boolean inCell = l.name().startsWith("stack_cell");
            if (l instanceof Layer.Conv2d c) {
                assertEquals(inCell, c.bias(), c.name());
            } else if (l instanceof Layer.BatchNorm b) {
                assertEquals(!inCell, b.affine(), b.name());
                assertEquals(!inCell, b.tracked(), b.name());
            }
        }
        for (Layer l : official.layers()) {
            if (l instanceof Layer.Conv2d c) {
                assertFalse(c.bias(), c.name());
            } else if (l instanceof Layer.BatchNorm b) {
                assertTrue(b.affine() && b.tracked(), b.name());
            }
        }
        assertEquals(zc.layers().stream().map(Layer::name).toList(),
                official.layers().stream().map(Layer::name).toList());
    }

    @Test
    void withoutBatchNormKeepsExactlyTheFourReductionNorms() {
        Nb201Net net = Nb201Net.of(BEST, 10).withoutBatchNorm();
        assertEquals(List.of("reduction1.conv_a.op.2", "reduction1.conv_b.op.2", "reduction2.conv_a.op.2",
                "reduction2.conv_b.op.2"), net.layers().stream().filter(l -> l instanceof Layer.BatchNorm)
                .map(Layer::name).toList());
        // the convolutions keep their names (the reference's Sequential indices do not shift)
        assertEquals(Nb201Net.of(BEST, 10).scoredLayers(), net.scoredLayers());
    }

    @Test
    void smallerNetworksScaleChannelsAndCells() {
        Nb201Net net = Nb201Net.of(BEST, 10).withChannels(4).withCellsPerStage(1);
        assertEquals(1 + 3 * 5 + 2 * 3 + 1, net.scoredLayers().size());
        assertEquals(new ai.djl.ndarray.types.Shape(10, 16), net.scoredLayers().get(22).weightShape());
    }

    @Test
    void badDescriptionsAreRefusedNamingTheCell() {
        var e = assertThrows(IllegalArgumentException.class, () -> Nb201Net.of(BEST, 10).withChannels(0));
        assertTrue(e.getMessage().contains(BEST.archString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nb201Net.of(BEST, 0));
        assertThrows(IllegalArgumentException.class, () -> Nb201Net.of(BEST, 10).withCellsPerStage(0));
        e = assertThrows(IllegalArgumentException.class, () -> Nb201Net.of(BEST, 10).flops(30));
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
    }

    @Test
    void referenceOpIndicesFollowItsOpDict() {
        assertEquals(List.of(0, 1, 2, 3, 4), List.of(Nb201Op.NONE, Nb201Op.AVG_POOL_3X3, Nb201Op.NOR_CONV_3X3,
                Nb201Op.NOR_CONV_1X1, Nb201Op.SKIP_CONNECT).stream().map(Nb201Layout::referenceOpIndex).toList());
    }
}
