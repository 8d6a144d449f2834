package io.trainfree.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.trainfree.data.Dataset;
import io.trainfree.space.Nb201Arch;
import java.util.Arrays;

/**
 * Times one forward+backward (mean cross entropy) of batch 64 (CIFAR-10 shape, random input) on the largest cell, a
 * mixed cell and the all-pool cell, median of 10 after 3 warm-ups, to compare with docs/engine.md §1. Not a test
 * (timings depend on the machine and its load); run it by hand with the launcher's allocator settings, e.g.
 *
 * <pre>
 * ./trainfree test -Dtest=DevicesTest        # compiles main and test classes
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2147483647 MALLOC_TOP_PAD_=268435456 \
 *   java -Dai.djl.offline=true -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.trainfree.model.Nb201Timing ['arch string' ...]
 * </pre>
 */
public final class Nb201Timing {
    private Nb201Timing() {
    }

    public static void main(String[] args) {
        String[] archs = args.length > 0 ? args : new String[] {
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"};
        try (NDManager root = NDManager.newBaseManager()) {
            for (String a : archs) {
                Nb201Net net = Nb201Net.of(Nb201Arch.parse(a), Dataset.CIFAR10);
                double[] ms = new double[13];
                for (int rep = 0; rep < ms.length; rep++) {
                    try (NDManager m = root.newSubManager()) {
                        Nb201Params p = Nb201Params.create(net, m, rep).requireGradients();
                        NDArray x = m.randomNormal(new Shape(64, 3, 32, 32));
                        NDArray y = m.randomInteger(0, 10, new Shape(64), ai.djl.ndarray.types.DataType.INT64);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y),
                                    new NDList(net.forward(p, x)));
                            gc.backward(loss);
                        }
                        ms[rep] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                double[] timed = Arrays.copyOfRange(ms, 3, ms.length);
                Arrays.sort(timed);
                System.out.printf("%s: median %.0f ms, range %.0f-%.0f ms (10 runs after 3 warm-ups)%n", a,
                        (timed[4] + timed[5]) / 2, timed[0], timed[9]);
            }
        }
    }
}
