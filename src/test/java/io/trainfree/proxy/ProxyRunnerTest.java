package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.space.Nb201Arch;
import java.util.List;
import java.util.SplittableRandom;
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
