package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProxyRunnerTest {
    private static ImageSet images(Dataset dataset, int n) {
        int side = dataset.resolution();
        var rng = new SplittableRandom(1);
        int[] labels = new int[n];
        byte[] pixels = new byte[n * 3 * side * side];
        for (int i = 0; i < n; i++) {
            labels[i] = i % dataset.numClasses();
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        return ImageSet.of(dataset, side, labels, pixels);
    }

    private static final ProxyRunner.Options SMALL = new ProxyRunner.Options().withBatchSize(4).withDevice("cpu");

    @Test
    void scoresAreSeededByTheIndexAndRepeatable() {
        Nb201Arch arch = Nb201Arch.parse(TinyContexts.MIXED);
        try (var runner = ProxyRunner.of(Dataset.IMAGENET16_120, Proxies.list("grad_norm,jacob_cov,params"),
                images(Dataset.IMAGENET16_120, 20), SMALL)) {
            ProxyScores a = runner.score(arch, 5);
            ProxyScores b = runner.score(arch, 5);
            ProxyScores c = runner.score(arch, 6);
            assertEquals(a.values(), b.values());
            assertNotEquals(a.value("grad_norm"), c.value("grad_norm"));
            assertEquals(a.value("params"), c.value("params"), 0.0, "params does not depend on the seed");
            assertEquals(List.of("grad_norm", "jacob_cov", "params"), List.copyOf(a.values().keySet()));
            assertTrue(a.totalSeconds() > 0);
        }
    }

    /**
     * Two threads, each with its own runner, score side by side (as two Spark task slots of one executor do) and get
     * exactly what one thread gets: every gradient proxy records on its own thread.
     */
    @Test
    void twoThreadsScoreAtOnceBitForBit() throws Exception {
        String names = "grad_norm,snip,grasp,fisher,synflow,jacob_cov,naswot,ntk";
        String[] archs = {TinyContexts.MIXED, "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
                + "nor_conv_3x3~1|nor_conv_1x1~2|", "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|"
                + "avg_pool_3x3~1|nor_conv_3x3~2|"};
        ImageSet images = images(Dataset.CIFAR10, 20);
        var alone = new ArrayList<ProxyScores>();
        try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list(names), images, SMALL)) {
            for (int i = 0; i < archs.length; i++) {
                alone.add(runner.score(Nb201Arch.parse(archs[i]), i));
            }
        }
        var pool = Executors.newFixedThreadPool(2);
        try {
            var start = new CyclicBarrier(2);
            var results = new ArrayList<Future<List<ProxyScores>>>();
            for (int t = 0; t < 2; t++) {
                results.add(pool.submit(() -> {
                    try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list(names), images, SMALL)) {
                        start.await();
                        var out = new ArrayList<ProxyScores>();
                        for (int round = 0; round < 2; round++) {
                            for (int i = 0; i < archs.length; i++) {
                                out.add(runner.score(Nb201Arch.parse(archs[i]), i));
                            }
                        }
                        return out;
                    }
                }));
            }
            for (var r : results) {
                List<ProxyScores> got = r.get();
                for (int k = 0; k < got.size(); k++) {
                    assertEquals(alone.get(k % archs.length).values(), got.get(k).values(), "cell " + k % archs.length);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each stock proxy declares the shared passes it reads; the declarations unite. */
    @Test
    void declarationsCombine() {
        Set<String> lossPass = Set.of("grad_norm", "snip", "fisher", "plain");
        Set<String> jacobian = Set.of("jacob_cov", "epe_nas");
        for (String name : Proxies.names()) {
            Proxy.Needs expected = name.equals("grasp") ? Proxy.Needs.HESSIAN_GRADIENT
                    : lossPass.contains(name) ? Proxy.Needs.LOSS_PASS
                    : jacobian.contains(name) ? Proxy.Needs.INPUT_JACOBIAN : Proxy.Needs.NONE;
            assertEquals(expected, Proxies.of(name).needs(), name);
        }
        assertEquals(new Proxy.Needs(true, true, true), Proxy.Needs.of(Proxies.robotSix()));
        assertEquals(new Proxy.Needs(true, false, true), Proxy.Needs.of(Proxies.list("jacob_cov,snip,naswot")));
        assertEquals(Proxy.Needs.INPUT_JACOBIAN, Proxy.Needs.of(Proxies.list("params,epe_nas,jacob_cov")));
        assertEquals(Proxy.Needs.NONE, Proxy.Needs.of(Proxies.list("synflow,naswot,zen,params,flops")));
        assertEquals(Proxy.Needs.NONE, Proxy.Needs.of(List.of()));
        assertEquals(new Proxy.Needs(true, true, false), Proxy.Needs.LOSS_PASS.union(new Proxy.Needs(false, true,
                false)));
        assertEquals(Proxy.Needs.HESSIAN_GRADIENT, new Proxy.Needs(false, true, false),
                "the product is taken from the loss pass");
    }

    /**
     * The runner hands each architecture's context its proxies' needs united, so one forward pass (the loss pass)
     * serves the loss gradients, grasp's Hessian product and the input Jacobian, whichever proxy asks first (without
     * a plan: three forwards, the loss pass's, grasp's second and the Jacobian's own).
     */
    @Test
    void runnerPlansThePassesFromTheDeclarations() {
        Proxy forwardPasses = new Proxy() { // reports the shared passes' forwards so far
            @Override
            public String name() {
                return "forward_passes";
            }

            @Override
            public double score(ProxyContext context) {
                return context.forwardPasses();
            }
        };
        Nb201Arch arch = Nb201Arch.parse(TinyContexts.MIXED);
        for (String names : List.of("grad_norm,grasp,jacob_cov", "jacob_cov,grasp,grad_norm", "epe_nas,grasp")) {
            var proxies = new ArrayList<>(Proxies.list(names));
            proxies.add(forwardPasses);
            try (var runner = ProxyRunner.of(Dataset.IMAGENET16_120, proxies, images(Dataset.IMAGENET16_120, 4),
                    SMALL)) {
                assertEquals(new Proxy.Needs(true, true, true), runner.needs(), names);
                assertEquals(1, runner.score(arch, 3).value("forward_passes"), 0.0, names);
            }
        }
    }

    @Test
    void badSetupsAreRefusedClearly() {
        var c10 = images(Dataset.CIFAR10, 4);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxyRunner.of(Dataset.CIFAR100, Proxies.list("snip"), c10, SMALL)).getMessage()
                .contains("images are cifar10, the runner scores cifar100"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxyRunner.of(Dataset.CIFAR10, Proxies.list("snip,snip"), c10, SMALL)).getMessage()
                .contains("proxy snip is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ProxyRunner.of(Dataset.CIFAR10, List.of(), c10, SMALL)).getMessage()
                .startsWith("no proxies to compute; known: grad_norm"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ProxyRunner.of(Dataset.CIFAR10, Proxies.list("snip"), c10, SMALL.withDevice("gpu")));
        assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
    }

    @Test
    void aFailingProxyNamesItselfAndTheArchitecture() {
        Proxy broken = new Proxy() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public double score(ProxyContext context) {
                throw new ArithmeticException("boom");
            }
        };
        try (var runner = ProxyRunner.of(Dataset.CIFAR10, List.of(broken), images(Dataset.CIFAR10, 4), SMALL)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> runner.score(Nb201Arch.parse(TinyContexts.MIXED), 12));
            assertEquals("proxy broken failed on " + TinyContexts.MIXED + " (index 12): boom", e.getMessage());
        }
    }
}
