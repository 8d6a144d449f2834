package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The activation and per-sample-gradient proxies as registered, on the tiny network and through the runner. */
class ActivationProxiesTest {
    static final List<String> NAMES = List.of("naswot", "naswot_robot", "swap", "swap_reg", "zen", "epe_nas", "ntk",
            "gradalign_i", "gradalign_ii");

    private static Map<String, Double> scores(List<Proxy> proxies, Nb201Arch arch, long seed, NDManager m) {
        ProxyContext context = Tiny.context(arch, 16, seed, m);
        var values = new LinkedHashMap<String, Double>();
        for (Proxy p : proxies) {
            values.put(p.name(), p.score(context));
        }
        return values;
    }

    /** Lighter settings of the same proxies (fewer repeats and samples). */
    private static List<Proxy> light() {
        Swap swap = new Swap(2, 8, Swap.Input.batchHead());
        return List.of(Proxies.naswot(), Proxies.naswotRobot(), swap, new SwapReg(swap, 3, 3, false),
                new Zen(4, 1, 0.01, true), Proxies.epeNas(), new Ntk(3), new GradAlignSpecI(3),
                new GradAlignSpecII(3, GradAlignSpecII.Orientation.LOG_DET));
    }

    @Test
    void everyProxyIsRegisteredAndRunsWithItsDefaults() {
        assertTrue(Proxies.names().containsAll(NAMES), Proxies.names().toString());
        List<Proxy> stock = NAMES.stream().map(Proxies::of).toList();
        assertEquals(NAMES, stock.stream().map(Proxy::name).toList());
        assertEquals(NAMES, light().stream().map(Proxy::name).toList());
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Double> a = scores(stock, Tiny.ALL_OPS, 31, m);
            for (var e : a.entrySet()) {
                // swap_reg's default mu is the full-size space mean: on a 3 K network the factor is tiny, not 0
                assertTrue(Double.isFinite(e.getValue()), e.getKey() + " = " + e.getValue());
            }
        }
    }

    /** What each proxy gives a cell that outputs zeros: the reference's value, NaN where it is undefined. */
    @Test
    void aDisconnectedCellGivesTheReferencesValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Double> v = scores(light(), Tiny.DISCONNECTED, 31, m);
            assertTrue(Double.isFinite(v.get("naswot")) && Double.isFinite(v.get("naswot_robot")), v.toString());
            assertTrue(v.get("swap") > 0, v.toString());
            assertEquals(Double.NEGATIVE_INFINITY, v.get("zen"));
            for (String undefined : List.of("epe_nas", "ntk", "gradalign_i", "gradalign_ii")) {
                assertTrue(Double.isNaN(v.get(undefined)), undefined + " = " + v.get(undefined));
            }
        }
    }

    /** Through the runner on the full-size network at 8x8 pixels, light settings; swap_reg reuses swap's counts. */
    @Test
    void theRunnerScoresThemOnTheFullSizeNetwork() {
        Swap swap = new Swap(2, 8, Swap.Input.batchHead());
        List<Proxy> proxies = List.of(Proxies.naswot(), swap, new SwapReg(swap, 400, 400, true),
                new Zen(4, 1, 0.01, true), Proxies.epeNas());
        try (ProxyRunner runner = ProxyRunner.of(Dataset.CIFAR10, proxies, Tiny.images(16, 5),
                new ProxyRunner.Options().withBatchSize(8))) {
            Nb201Arch arch = Nb201Arch.parse(
                    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
            ProxyScores s = runner.score(arch, 6111);
            for (Proxy p : proxies) {
                assertTrue(Double.isFinite(s.value(p.name())), p.name() + " = " + s.value(p.name()));
            }
            double theta = SwapReg.thetaK(io.trainfree.model.Nb201Net.of(arch, Dataset.CIFAR10));
            assertEquals(Math.log(s.value("swap")) - (theta - 400) * (theta - 400) / 400, s.value("swap_reg"), 1e-9);
        }
    }
}
