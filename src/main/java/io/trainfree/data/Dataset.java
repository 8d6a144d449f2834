package io.trainfree.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The image datasets of NAS-Bench-201, by the benchmark's own ids. Normalisation constants are those of the
 * zero-cost-proxy reference (CIFAR-100 reuses the CIFAR-10 statistics there, and so does trainfree). They are the
 * float32 values torchvision's {@code Normalize} uses: the ImageNet16-120 ones are divided by 255 in double precision
 * first, as the reference's {@code [x / 255 for x in ...]} does, then rounded once to float.
 */
public enum Dataset {
    CIFAR10("cifar10", 10, 32, 4,
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f}),
    CIFAR100("cifar100", 100, 32, 4,
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f}),
    IMAGENET16_120("ImageNet16-120", 120, 16, 2,
            new float[] {(float) (122.68 / 255), (float) (116.66 / 255), (float) (104.01 / 255)},
            new float[] {(float) (63.22 / 255), (float) (61.26 / 255), (float) (65.09 / 255)});

    private final String id;
    private final int numClasses;
    private final int resolution;
    private final int cropPadding;
    private final float[] mean;
    private final float[] std;

    Dataset(String id, int numClasses, int resolution, int cropPadding, float[] mean, float[] std) {
        this.id = id;
        this.numClasses = numClasses;
        this.resolution = resolution;
        this.cropPadding = cropPadding;
        this.mean = mean;
        this.std = std;
    }

    /** The benchmark's id: {@code cifar10}, {@code cifar100}, {@code ImageNet16-120}. */
    public String id() {
        return id;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Image side in pixels (square images). */
    public int resolution() {
        return resolution;
    }

    /** Zero padding of the train-time random crop. */
    public int cropPadding() {
        return cropPadding;
    }

    /** Per-channel mean (RGB) on the [0,1] scale. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation (RGB) on the [0,1] scale. */
    public float[] std() {
        return std.clone();
    }

    /**
     * Parses an id case-insensitively, also accepting the usual short names ({@code c10}, {@code c100},
     * {@code imagenet16}, {@code in16}, {@code im120}).
     */
    public static Dataset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "cifar10", "cifar-10", "c10", "cf10" -> CIFAR10;
            case "cifar100", "cifar-100", "c100", "cf100" -> CIFAR100;
            case "imagenet16-120", "imagenet16", "imagenet", "in16", "im120", "imagenet16-120-sample" -> IMAGENET16_120;
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                    + Arrays.stream(values()).map(Dataset::id).collect(Collectors.joining(", ")));
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
