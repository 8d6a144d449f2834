package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.trainfree.model.Layer;
import io.trainfree.model.Nb201Params;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on the garbage collector. DJL 0.35.1 runs {@code x.mul(0)} (any Number operand) by
 * wrapping the number in a tensor over a Java direct buffer and closing it when the op returns; autograd keeps that
 * tensor for the backward pass, so a collection between forward and backward frees memory the backward then reads
 * (seen as rare NaN or wrong per-sample gradients in gradalign, depending on GC timing). The network's none op and the
 * cross-entropy therefore use tensors libtorch owns. Each test frees what it can and refills freshly freed small
 * blocks with NaN between the forward and the backward pass: with a Number operand the backward reads them.
 */
class ScalarLifetimeTest {
    /** Collects, then allocates many small direct buffers holding NaN, so freed native blocks get reused. */
    private static List<ByteBuffer> collectAndSpray() {
        System.gc();
        try {
            Thread.sleep(50); // the cleaner thread frees direct buffers after the collection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> spray = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            b.putDouble(0, Double.NaN);
            spray.add(b);
        }
        return spray;
    }

    @Test
    void crossEntropyGradientSurvivesACollectionBeforeTheBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = {1, 2, 0.5f, -1, 0, 0, 3, 1, 2, 2, 2, 2};
            NDArray logits = m.create(z, new Shape(3, 4));
            logits.setRequiresGradient(true);
            long[] labels = {1, 2, 3};
            List<ByteBuffer> spray;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ProxyContext.crossEntropy(logits, m.create(labels));
                spray = collectAndSpray();
                gc.backward(loss);
            }
            assertTrue(spray.size() > 0);
            // d mean_n CE / d z = (softmax(z) - onehot) / N
            float[] expected = new float[12];
            for (int n = 0; n < 3; n++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += Math.exp(z[n * 4 + k]);
                }
                for (int k = 0; k < 4; k++) {
                    expected[n * 4 + k] = (float) ((Math.exp(z[n * 4 + k]) / sum - (labels[n] == k ? 1 : 0)) / 3);
                }
            }
            assertArrayEquals(expected, logits.getGradient().toFloatArray(), 1e-6f);
        }
    }

    /** Tiny.ALL_OPS has a none edge (node 2 to node 3): its zero must stay zero in the backward pass. */
    @Test
    void networkGradientsSurviveACollectionBeforeTheBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 4, 3, m);
            Nb201Params clean = context.initialParams().copy().requireGradients();
            Nb201Params collected = context.initialParams().copy().requireGradients();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ProxyContext.crossEntropy(context.net().forward(clean, context.batch().images()),
                        context.batch().labels()));
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ProxyContext.crossEntropy(context.net().forward(collected, context.batch().images()),
                        context.batch().labels());
                collectAndSpray();
                gc.backward(loss);
            }
            for (Layer.Weighted l : context.net().scoredLayers()) {
                assertArrayEquals(clean.gradient(l).toFloatArray(), collected.gradient(l).toFloatArray(), 1e-7f,
                        l.name());
            }
        }
    }
}
