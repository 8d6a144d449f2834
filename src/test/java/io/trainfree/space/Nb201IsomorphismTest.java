package io.trainfree.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Nb201IsomorphismTest {
    @Test
    void benchmarkRuleGivesThePapers6466UniqueCells() {
        assertEquals(6_466, Nb201Isomorphism.nb201().classCount());
    }

    @Test
    void functionalRuleMergesFurtherTo4930() {
        assertEquals(4_930, Nb201Isomorphism.functional().classCount());
        Set<Nb201Arch> disconnectedClasses = Nb201Arch.all().stream().filter(a -> !a.isConnected())
                .map(Nb201Isomorphism.functional()::canonical).collect(Collectors.toSet());
        assertEquals(1, disconnectedClasses.size(), "every disconnected cell computes zero");
        // the benchmark's rule keeps five kinds of zero apart ("#", "#+#", ... strings)
        assertEquals(5, Nb201Arch.all().stream().filter(a -> !a.isConnected())
                .map(Nb201Isomorphism.nb201()::key).distinct().count());
    }

    @Test
    void benchmarkKeyOfAHandWorkedCell() {
        // node1 = x (skip), node2 = 0, node3 = conv3(x) + conv1(node1) = conv3(x) + conv1(x)
        Nb201Arch a = Nb201Arch.parse("|skip_connect~0|+|none~0|none~1|+|nor_conv_3x3~0|nor_conv_1x1~1|none~2|");
        assertEquals("#+(0)@nor_conv_1x1+(0)@nor_conv_3x3", Nb201Isomorphism.nb201().key(a));
        assertEquals("(0)@nor_conv_1x1+(0)@nor_conv_3x3", Nb201Isomorphism.functional().key(a));
    }

    @Test
    void sumsCommuteUnderBothRules() {
        Nb201Arch a = Nb201Arch.parse("|skip_connect~0|+|none~0|none~1|+|nor_conv_3x3~0|nor_conv_1x1~1|none~2|");
        Nb201Arch b = Nb201Arch.parse("|skip_connect~0|+|none~0|none~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|");
        assertTrue(Nb201Isomorphism.nb201().isomorphic(a, b));
        assertTrue(Nb201Isomorphism.functional().isomorphic(a, b));
        assertEquals(Nb201Isomorphism.nb201().canonical(a), Nb201Isomorphism.nb201().canonical(b));
    }

    @Test
    void onlyTheFunctionalRuleDropsDeadBranches() {
        // conv3(x) routed through node 2, versus straight from node 1 with node 2 dead: the same function
        Nb201Arch through = Nb201Arch.parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|");
        Nb201Arch direct = Nb201Arch.parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|");
        assertFalse(Nb201Isomorphism.nb201().isomorphic(through, direct));
        assertTrue(Nb201Isomorphism.functional().isomorphic(through, direct));
    }

    @Test
    void classesAreConsistentAndRepresentativesAreTheirSmallestMember() {
        for (Nb201Isomorphism iso : new Nb201Isomorphism[] {Nb201Isomorphism.nb201(), Nb201Isomorphism.functional()}) {
            var representatives = new HashSet<Nb201Arch>();
            for (Nb201Arch a : Nb201Arch.all()) {
                Nb201Arch c = iso.canonical(a);
                assertEquals(iso.key(a), iso.key(c));
                assertTrue(c.code() <= a.code());
                assertEquals(c, iso.canonical(c));
                representatives.add(c);
            }
            assertEquals(iso.classCount(), representatives.size());
        }
        // the functional rule only merges: every benchmark class lies inside one functional class
        for (Nb201Arch a : Nb201Arch.all()) {
            assertTrue(Nb201Isomorphism.functional().isomorphic(a, Nb201Isomorphism.nb201().canonical(a)));
        }
    }
}
