package io.trainfree.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Labelled square RGB images held in memory as unsigned bytes, each image as three channel planes (R, G, B), each
 * plane row-major: the CIFAR binary layout. Immutable; read one with {@link Images}, or build one with
 * {@link #of(Dataset, int, int[], byte[])}.
 *
 * <p>A value: two sets are equal when dataset, side, labels and pixels are; {@link #files()} is provenance and takes
 * no part. Not a record because it owns up to 150 MB (all of CIFAR-10's training set) and is copied exactly once, on
 * the way in; accessors named as arrays return copies, the per-item accessors do not allocate.
 *
 * {@snippet :
 * ImageSet train = Images.train(Dataset.CIFAR10, DataResolver.standard());
 * int[] counts = train.classCounts();        // images per class
 * double[] mean = train.channelMeans();      // per channel, on the [0,1] scale
 * }
 */
public final class ImageSet {
    /** Channels per image (RGB). */
    public static final int CHANNELS = 3;

    private final Dataset dataset;
    private final int side;
    private final int[] labels;
    private final byte[] pixels;
    private final List<Path> files;

    private ImageSet(Dataset dataset, int side, int[] labels, byte[] pixels, List<Path> files) {
        this.dataset = dataset;
        this.side = side;
        this.labels = labels;
        this.pixels = pixels;
        this.files = files;
    }

    /**
     * Images of a dataset from labels and pixels (copied).
     *
     * @param side   image side in pixels (the dataset's {@link Dataset#resolution()} for real data; any side &gt;= 1
     *               for hand-made images)
     * @param labels one class id per image, each in {@code 0 .. dataset.numClasses() - 1}
     * @param pixels {@code labels.length * 3 * side * side} bytes, read as unsigned 0..255, image after image, each
     *               image as R, G, B planes of {@code side * side} row-major bytes
     * @throws IllegalArgumentException if the sizes do not match or a label is out of range
     */
    public static ImageSet of(Dataset dataset, int side, int[] labels, byte[] pixels) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(pixels, "pixels");
        if (side < 1) {
            throw new IllegalArgumentException("image side must be at least 1, got " + side);
        }
        long expected = (long) labels.length * CHANNELS * side * side;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d labels of %dx%dx%d images need %d pixel bytes, got %d",
                    labels.length, CHANNELS, side, side, expected, pixels.length));
        }
        int[] ownLabels = labels.clone();
        for (int i = 0; i < ownLabels.length; i++) {
            if (ownLabels[i] < 0 || ownLabels[i] >= dataset.numClasses()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "label %d of image %d is outside 0..%d for %s",
                        ownLabels[i], i, dataset.numClasses() - 1, dataset.id()));
            }
        }
        return new ImageSet(dataset, side, ownLabels, pixels.clone(), List.of());
    }

    /** For {@link Images}: arrays already owned and checked, no copy. */
    static ImageSet owning(Dataset dataset, int side, int[] labels, byte[] pixels, List<Path> files) {
        return new ImageSet(dataset, side, labels, pixels, List.copyOf(files));
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Image side in pixels. */
    public int side() {
        return side;
    }

    /** Channels per image, always {@value #CHANNELS}. */
    public int channels() {
        return CHANNELS;
    }

    /** Bytes per image: {@code 3 * side * side}. */
    public int imageBytes() {
        return CHANNELS * side * side;
    }

    /** The files the images were read from, in order (empty for a set built in memory). */
    public List<Path> files() {
        return files;
    }

    /** Class id of image {@code index}. */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /** All class ids, in image order (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Pixel value 0..255 of image {@code index} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int index, int c, int y, int x) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(c, CHANNELS);
        Objects.checkIndex(y, side);
        Objects.checkIndex(x, side);
        return pixels[index * imageBytes() + (c * side + y) * side + x] & 0xFF;
    }

    /** The bytes of image {@code index}, channel planes R, G, B (a copy). */
    public byte[] image(int index) {
        Objects.checkIndex(index, labels.length);
        return Arrays.copyOfRange(pixels, index * imageBytes(), (index + 1) * imageBytes());
    }

    /** All pixel bytes, image after image (a copy). */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** The pixel bytes themselves, for readers in this package that promise not to write them. */
    byte[] sharedPixels() {
        return pixels;
    }

    /** Number of images per class, indexed by class id ({@code dataset().numClasses()} entries). */
    public int[] classCounts() {
        int[] counts = new int[dataset.numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Mean pixel value per channel (R, G, B) over all images, on the [0,1] scale (value / 255). */
    public double[] channelMeans() {
        int plane = side * side;
        long[] sums = new long[CHANNELS];
        for (int i = 0; i < labels.length; i++) {
            int base = i * imageBytes();
            for (int c = 0; c < CHANNELS; c++) {
                long s = 0;
                for (int p = base + c * plane, end = p + plane; p < end; p++) {
                    s += pixels[p] & 0xFF;
                }
                sums[c] += s;
            }
        }
        double n = (double) labels.length * plane * 255.0;
        double[] means = new double[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            means[c] = labels.length == 0 ? Double.NaN : sums[c] / n;
        }
        return means;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSet other
                && dataset == other.dataset
                && side == other.side
                && Arrays.equals(labels, other.labels)
                && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, side, Arrays.hashCode(labels), Arrays.hashCode(pixels));
    }

    /** One line, e.g. {@code cifar10: 10000 images of 3x32x32 from data_batch_1.bin}. */
    @Override
    public String toString() {
        String from = files.isEmpty() ? "in memory"
                : "from " + files.stream().map(p -> String.valueOf(p.getFileName())).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s: %d images of %dx%dx%d %s",
                dataset.id(), labels.length, CHANNELS, side, side, from);
    }
}
