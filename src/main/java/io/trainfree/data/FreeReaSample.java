package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CIFAR-100 and ImageNet16-120 samples from FreeREA's cached minibatches ({@code data/cifar100__batch{32,64}_{i}}
 * and {@code data/imagenet__batch{32,64}_{i}} of fracapuano/FreeREA), written as trainfree's image records: one label
 * byte, then the R, G and B planes, row-major ({@link Images}).
 *
 * <p>Each batch file is a plain pickle (read by {@link TorchPickles}) of FreeREA's {@code [images, labels]}, a list
 * or tuple of two tensors; the files are taken in the order given and the images in file order.
 * <ul>
 *   <li>CIFAR-100: images {@code [B, 3, 32, 32]}, float and normalised (ToTensor, then Normalize with the CIFAR-10
 *       mean and std FreeREA uses for CIFAR-100), labels 0..99. Each pixel is de-normalised as
 *       {@code round((v * std + mean) * 255)}; a value that is not within 1e-3 of a byte is refused, naming the file,
 *       the image and the place, since then the files were not made the way this recipe believes.</li>
 *   <li>ImageNet16-120: images {@code [B, 16, 16, 3]} (height, width, channel) or {@code [B, 3, 16, 16]}, uint8 as
 *       FreeREA caches them (a float tensor is taken as normalised with ImageNet16's mean and std). FreeREA's
 *       batches span more than the first 120 classes: only records with a label below 120 are kept, the labels
 *       taken as 0-based as the ImageNet16 loader gives them. That filter is the recipe believed (it is what leaves
 *       106 images), not one checked against the published files.</li>
 * </ul>
 * Integer images (uint8, or wider with values 0..255) are taken as they are, for either set.
 */
final class FreeReaSample implements Converter {
    /** How close a de-normalised pixel must come to a whole byte value. */
    private static final double TOLERANCE = 1e-3;
    /** ImageNet16-120's classes: the first 120 of ImageNet16's 1000. */
    private static final int IMAGENET16_CLASSES = 120;

    /** Which sample. */
    enum Set {
        CIFAR100("CIFAR-100", 32, 100, new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2023, 0.1994, 0.2010}),
        IMAGENET16("ImageNet16-120", 16, 1000,
                new double[] {0.4810980392156863, 0.45749019607843133, 0.4078823529411765},
                new double[] {0.247921568627451, 0.24023529411764705, 0.2552549019607843});

        private final String title;
        private final int side;
        private final int labels;
        private final double[] mean;
        private final double[] std;

        Set(String title, int side, int labels, double[] mean, double[] std) {
            this.title = title;
            this.side = side;
            this.labels = labels;
            this.mean = mean;
            this.std = std;
        }
    }

    private final Set set;

    FreeReaSample(Set set) {
        this.set = set;
    }

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        if (inputs.isEmpty()) {
            throw new IOException("no FreeREA batch files to convert into the " + set.title + " sample");
        }
        for (Path file : inputs) {
            Object batch;
            try {
                batch = TorchPickles.read(file);
            } catch (CorruptDataException e) {
                throw new IOException(e.getMessage(), e);
            }
            convert(file, batch, out);
        }
    }

    private void convert(Path file, Object batch, OutputStream out) throws IOException {
        Object[] pair = batch instanceof List<?> l ? l.toArray() : batch instanceof Object[] t ? t : null;
        if (pair == null || pair.length != 2 || !(pair[0] instanceof TorchPickles.Tensor images)
                || !(pair[1] instanceof TorchPickles.Tensor labels)) {
            throw new IOException(file + ": holds " + describe(batch) + ", expected FreeREA's [images, labels] "
                    + "(a list of two tensors)");
        }
        int side = set.side;
        long[] shape = images.shape();
        boolean channelsLast = shape.length == 4 && shape[1] == side && shape[2] == side && shape[3] == 3;
        boolean channelsFirst = shape.length == 4 && shape[1] == 3 && shape[2] == side && shape[3] == side;
        if (!channelsFirst && !(channelsLast && set == Set.IMAGENET16)) {
            throw new IOException(file + ": images are " + images.describe() + ", expected [batch, 3, " + side + ", "
                    + side + "]" + (set == Set.IMAGENET16 ? " or [batch, " + side + ", " + side + ", 3]" : ""));
        }
        int count = Math.toIntExact(shape[0]);
        if (labels.dtype().floating() || labels.shape().length != 1 || labels.shape()[0] != count) {
            throw new IOException(file + ": labels are " + labels.describe() + ", expected " + count
                    + " integers for the " + count + " images");
        }
        double[] pixels = images.values();
        double[] classes = labels.values();
        int plane = side * side;
        var record = new byte[1 + 3 * plane];
        for (int b = 0; b < count; b++) {
            long label = (long) classes[b];
            if (label < 0 || label >= set.labels) {
                throw new IOException(file + ": image " + b + " has the label " + label + ", expected 0.."
                        + (set.labels - 1));
            }
            if (set == Set.IMAGENET16 && label >= IMAGENET16_CLASSES) {
                continue; // not one of ImageNet16-120's classes
            }
            record[0] = (byte) label;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    int at = b * 3 * plane + (channelsLast ? p * 3 + c : c * plane + p);
                    record[1 + c * plane + p] = (byte) toByte(file, images, b, c, p, pixels[at]);
                }
            }
            out.write(record);
        }
    }

    /** A pixel as a byte: as it is for integer images, de-normalised for float ones. */
    private int toByte(Path file, TorchPickles.Tensor images, int image, int channel, int p, double value)
            throws IOException {
        double v = images.dtype().floating() ? (value * set.std[channel] + set.mean[channel]) * 255 : value;
        long rounded = Math.round(v);
        if (Math.abs(v - rounded) < TOLERANCE && rounded >= 0 && rounded <= 255) {
            return (int) rounded;
        }
        String where = file + ": image " + image + ", channel " + channel + ", row " + p / set.side + ", column "
                + p % set.side + ": ";
        if (!images.dtype().floating()) {
            throw new IOException(where + "pixel value " + (long) value + " is not a byte (0..255)");
        }
        throw new IOException(where + "value " + value + " de-normalises to " + String.format(Locale.ROOT, "%.4f", v)
                + ", not a byte (0..255) within " + TOLERANCE + "; expected " + set.title + " images normalised with "
                + "mean " + Arrays.toString(set.mean) + " and std " + Arrays.toString(set.std));
    }

    private static String describe(Object o) {
        if (o instanceof TorchPickles.Tensor t) {
            return "a tensor " + t.describe();
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size();
        }
        return PickleReader.describe(o);
    }
}
