package io.trainfree.predict;

import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch's default initialisations for the layers the predictors use, on DJL blocks: the reference models were
 * built with {@code nn.Linear}, {@code nn.Embedding} and {@code nn.LSTM} at their defaults. Values are drawn by the
 * engine's generator, which {@code Engine.getInstance().setRandomSeed(seed)} seeds.
 */
final class TorchDefaults {
    private TorchDefaults() {
    }

    /** {@code nn.Linear(in, out, bias)}: weight and bias U(-1/&radic;in, 1/&radic;in). */
    static Linear linear(int in, int out, boolean bias) {
        Linear linear = Linear.builder().setUnits(out).optBias(bias).build();
        Initializer init = uniform(in);
        linear.setInitializer(init, "weight");
        if (bias) {
            linear.setInitializer(init, "bias");
        }
        return linear;
    }

    /** U(-1/&radic;fan, 1/&radic;fan). */
    static Initializer uniform(int fan) {
        return new UniformInitializer((float) (1 / Math.sqrt(fan)));
    }

    /** {@code nn.Embedding}'s N(0, 1). */
    static Initializer normal() {
        return new NormalInitializer(1f);
    }
}
