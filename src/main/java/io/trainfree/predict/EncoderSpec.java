package io.trainfree.predict;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a neural predictor embeds and scores cells: a factory of fresh {@link ArchEncoder}s (one per expert and one
 * for the gate: nothing is shared) and the head put on each. The stock ones are in {@link Encoders}; a user's encoder
 * plugs in as
 *
 * {@snippet :
 * var mine = new EncoderSpec("my-encoder", MyEncoder::new, List.of(200, 200), 0.1);
 * }
 *
 * @param name         the encoder's name, written into weight files and checked when they are loaded
 * @param factory      makes a new, uninitialised encoder on each call
 * @param headHidden   the head's hidden widths (empty: one Linear from the embedding)
 * @param headDropout  dropout after each hidden layer of the head, in [0, 1)
 */
public record EncoderSpec(String name, Supplier<ArchEncoder> factory, List<Integer> headHidden, double headDropout) {
    public EncoderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        headHidden = List.copyOf(headHidden);
        if (name.isBlank()) {
            throw new IllegalArgumentException("an encoder needs a name");
        }
        if (headHidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("encoder '" + name + "': head widths must be positive, got "
                    + headHidden);
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("encoder '" + name + "': head dropout must be in [0, 1), got "
                    + headDropout);
        }
    }

    /** A new encoder. */
    public ArchEncoder newEncoder() {
        return Objects.requireNonNull(factory.get(), () -> "encoder '" + name + "': the factory returned null");
    }

    /** A new head on an encoder of this spec with {@code outputs} outputs. */
    Head newHead(int embeddingSize, int outputs) {
        return new Head(embeddingSize, headHidden, headDropout, outputs);
    }

    @Override
    public String toString() {
        return name + " (head " + headHidden + ", dropout " + headDropout + ")";
    }
}
