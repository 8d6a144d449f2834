package io.trainfree.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The reference's train-time augmentation, as torchvision does it: {@code RandomCrop(side, padding)} with zero
 * padding, then {@code RandomHorizontalFlip(p)}. The crop window's corner in the padded image is drawn uniformly from
 * {@code 0 .. 2 * padding} on each axis (rows first), then the image is mirrored left-right with probability
 * {@code flipProbability}. Padding happens on the bytes, so padded pixels normalise like a pixel of value 0.
 *
 * <p>{@link #reference(Dataset)} is the reference's setting (padding 4 at 32x32, 2 at 16x16; flip 0.5);
 * {@link #none()} leaves images as they are.
 *
 * @param padding         zero padding on each side, &gt;= 0
 * @param flipProbability probability of a horizontal flip, in [0, 1]
 */
public record Augmentation(int padding, double flipProbability) {
    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("crop padding must be >= 0, got " + padding);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
    }

    /** RandomCrop(resolution, padding = {@link Dataset#cropPadding()}) then RandomHorizontalFlip(0.5). */
    public static Augmentation reference(Dataset dataset) {
        return new Augmentation(dataset.cropPadding(), 0.5);
    }

    /** No augmentation: every image as it is (for evaluation and fixed batches). */
    public static Augmentation none() {
        return new Augmentation(0, 0);
    }

    /**
     * Where one image is cropped from and whether it is mirrored. The output pixel at row {@code y}, column
     * {@code x} of a {@code side x side} image is the input pixel at row {@code y + dy}, column
     * {@code x' + dx} with {@code x' = flipped ? side - 1 - x : x}, or zero where that is outside the image.
     * torchvision's crop corner {@code (i, j)} in the padded image is {@code (dy + padding, dx + padding)}.
     *
     * @param dy      vertical shift, in {@code -padding .. padding}
     * @param dx      horizontal shift, in {@code -padding .. padding}
     * @param flipped mirrored left-right after the crop
     */
    public record Crop(int dy, int dx, boolean flipped) {
        private static final Crop IDENTITY = new Crop(0, 0, false);

        /** The image as it is. */
        public static Crop identity() {
            return IDENTITY;
        }
    }

    /** Draws one image's crop and flip: row offset, column offset, then the flip (three draws, always). */
    public Crop draw(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int i = random.nextInt(2 * padding + 1);
        int j = random.nextInt(2 * padding + 1);
        boolean flip = random.nextDouble() < flipProbability;
        return new Crop(i - padding, j - padding, flip);
    }

    /**
     * Image {@code index} of {@code images}, cropped and flipped as {@code crop} says and normalised: a new array of
     * {@code 3 * side * side} floats, channel planes R, G, B, row-major.
     *
     * @throws IllegalArgumentException if the crop's shifts exceed this augmentation's padding
     */
    public float[] apply(ImageSet images, int index, Crop crop, Normalization normalization) {
        Objects.requireNonNull(images, "images");
        Objects.checkIndex(index, images.size());
        float[] out = new float[images.imageBytes()];
        render(images, index, crop, normalization.tables(), out, 0);
        return out;
    }

    /** Writes image {@code index} transformed into {@code out} from {@code offset}; see {@link #apply}. */
    void render(ImageSet images, int index, Crop crop, float[][] tables, float[] out, int offset) {
        Objects.requireNonNull(crop, "crop");
        if (Math.abs(crop.dy()) > padding || Math.abs(crop.dx()) > padding) {
            throw new IllegalArgumentException(crop + " shifts further than the padding " + padding + " allows");
        }
        byte[] pixels = images.sharedPixels();
        int side = images.side();
        int base = index * images.imageBytes();
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
            float[] table = tables[c];
            float zero = table[0];
            for (int y = 0; y < side; y++) {
                int row = offset + (c * side + y) * side;
                int sy = y + crop.dy();
                if (sy < 0 || sy >= side) {
                    Arrays.fill(out, row, row + side, zero);
                    continue;
                }
                int in = base + (c * side + sy) * side;
                for (int x = 0; x < side; x++) {
                    int sx = (crop.flipped() ? side - 1 - x : x) + crop.dx();
                    out[row + x] = sx < 0 || sx >= side ? zero : table[pixels[in + sx] & 0xFF];
                }
            }
        }
    }
}
