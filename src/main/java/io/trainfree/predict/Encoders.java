package io.trainfree.predict;

import java.util.List;
import java.util.Locale;

/** The stock encoders, by name. */
public final class Encoders {
    /** The names {@link #of} knows. */
    public static final String KNOWN = "gates (nb201-flow), lstm (nb201-lstm), mlp (nb201-mlp)";

    private Encoders() {
    }

    /**
     * GATES ({@link GatesEncoder}, aw_nas {@code nb201-flow}) with the DELE configuration's head: five hidden layers
     * of 300, dropout 0.1.
     */
    public static EncoderSpec gates() {
        return new EncoderSpec(GatesEncoder.NAME, GatesEncoder::new, List.of(300, 300, 300, 300, 300), 0.1);
    }

    /** The LSTM sequence encoder ({@link LstmEncoder}) with the DELE library's head: one Linear (100 -> out). */
    public static EncoderSpec lstm() {
        return new EncoderSpec(LstmEncoder.NAME, LstmEncoder::new, List.of(), 0.1);
    }

    /** The one-hot MLP ({@link MlpEncoder}, 30 -> 128 -> 128) with one Linear (128 -> out) as its head. */
    public static EncoderSpec mlp() {
        return new EncoderSpec(MlpEncoder.NAME, MlpEncoder::new, List.of(), 0.1);
    }

    /**
     * The stock encoder by its short name or aw_nas's ({@code gates} or {@code nb201-flow}, ...), case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static EncoderSpec of(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "gates", GatesEncoder.NAME -> gates();
            case "lstm", LstmEncoder.NAME -> lstm();
            case "mlp", MlpEncoder.NAME -> mlp();
            default -> throw new IllegalArgumentException("unknown encoder '" + name + "'; known: " + KNOWN);
        };
    }
}
