package io.trainfree.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * torchvision's {@code ToTensor()} then {@code Normalize(mean, std)} for byte pixels: value {@code v} of channel
 * {@code c} becomes {@code (v / 255f - mean[c]) / std[c]}, computed in float32 as torchvision does.
 *
 * @param mean per-channel mean (R, G, B) on the [0,1] scale
 * @param std  per-channel standard deviation (R, G, B) on the [0,1] scale, each &gt; 0
 */
public record Normalization(float[] mean, float[] std) {
    /** Validates and copies the arrays. */
    public Normalization {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != ImageSet.CHANNELS || std.length != ImageSet.CHANNELS) {
            throw new IllegalArgumentException("normalisation needs " + ImageSet.CHANNELS
                    + " means and standard deviations (R, G, B), got " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("channel " + c + ": mean " + mean[c] + ", std " + std[c]
                        + "; the std must be finite and > 0");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The reference's constants for a dataset ({@link Dataset#mean()}, {@link Dataset#std()}). */
    public static Normalization of(Dataset dataset) {
        return new Normalization(dataset.mean(), dataset.std());
    }

    /** Leaves values on the [0,1] scale: mean 0, std 1 (ToTensor alone). */
    public static Normalization unit() {
        return new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The normalised value of byte value {@code value} (0..255) in channel {@code channel}. */
    public float apply(int channel, int value) {
        Objects.checkIndex(channel, ImageSet.CHANNELS);
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("pixel value " + value + " is outside 0..255");
        }
        return (value / 255f - mean[channel]) / std[channel];
    }

    /** {@code tables()[c][v] == apply(c, v)}: all 256 values per channel, for the batch builders. */
    float[][] tables() {
        float[][] tables = new float[ImageSet.CHANNELS][256];
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
            for (int v = 0; v < 256; v++) {
                tables[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
        return tables;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
