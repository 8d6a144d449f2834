package io.trainfree.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the image sets: CIFAR-10 in its official binary format, and the CIFAR-100 and ImageNet16-120 samples. All
 * three are files of fixed-size records: one label byte, then the pixels as R, G, B planes of {@code side * side}
 * row-major bytes ({@code 1 + 3072} bytes for the 32x32 datasets, {@code 1 + 768} for ImageNet16-120).
 *
 * <p>Only one label byte is read: the CIFAR-100 sample stores the fine label alone. (The official CIFAR-100 binary
 * release has a coarse and a fine label byte per record; it is not read here and fails the record-size check.)
 *
 * {@snippet :
 * ImageSet train = Images.train(Dataset.CIFAR10, DataResolver.standard()); // data_batch_1..5, whichever exist
 * ImageSet test = Images.test(Dataset.CIFAR10, DataResolver.standard());   // test_batch.bin
 * ImageSet in16 = Images.train(Dataset.IMAGENET16_120, DataResolver.standard()); // the 106-image sample
 * }
 */
public final class Images {
    private static final List<DataFile> CIFAR10_TRAIN = List.of(DataFile.CIFAR10_TRAIN_1, DataFile.CIFAR10_TRAIN_2,
            DataFile.CIFAR10_TRAIN_3, DataFile.CIFAR10_TRAIN_4, DataFile.CIFAR10_TRAIN_5);

    private Images() {
    }

    /** {@link #train(Dataset, DataResolver)} with {@link DataResolver#standard()}. */
    public static ImageSet train(Dataset dataset) {
        return train(dataset, DataResolver.standard());
    }

    /**
     * The training images trainfree has for a dataset: for CIFAR-10 every one of {@code data_batch_1.bin} ..
     * {@code data_batch_5.bin} that exists (at least one must), in batch order; for CIFAR-100 and ImageNet16-120 the
     * samples {@code cifar-100-sample/sample.bin} (960 images) and {@code imagenet16-120-sample/sample.bin} (106).
     *
     * @throws MissingDataException naming the files, the places looked in and where to download them
     * @throws IllegalArgumentException naming the file if one is truncated or has a label out of range
     */
    public static ImageSet train(Dataset dataset, DataResolver resolver) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(resolver, "resolver");
        return switch (dataset) {
            case CIFAR10 -> {
                List<Path> present = new ArrayList<>();
                for (DataFile f : CIFAR10_TRAIN) {
                    resolver.find(f).ifPresent(present::add);
                }
                if (present.isEmpty()) {
                    throw new MissingDataException(CIFAR10_TRAIN, resolver.roots());
                }
                yield read(dataset, present);
            }
            case CIFAR100 -> read(dataset, List.of(resolver.resolve(DataFile.CIFAR100_SAMPLE)));
            case IMAGENET16_120 -> read(dataset, List.of(resolver.resolve(DataFile.IMAGENET16_SAMPLE)));
        };
    }

    /** {@link #test(Dataset, DataResolver)} with {@link DataResolver#standard()}. */
    public static ImageSet test(Dataset dataset) {
        return test(dataset, DataResolver.standard());
    }

    /**
     * The test images: CIFAR-10's {@code test_batch.bin}. trainfree has no test images for CIFAR-100 or
     * ImageNet16-120 (only their training samples).
     *
     * @throws MissingDataException if {@code test_batch.bin} is absent
     * @throws IllegalArgumentException for CIFAR-100 and ImageNet16-120
     */
    public static ImageSet test(Dataset dataset, DataResolver resolver) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(resolver, "resolver");
        if (dataset != Dataset.CIFAR10) {
            DataFile sample = dataset == Dataset.CIFAR100 ? DataFile.CIFAR100_SAMPLE : DataFile.IMAGENET16_SAMPLE;
            throw new IllegalArgumentException("trainfree has no test images for " + dataset.id()
                    + ", only the training sample " + sample.path() + "; use Images.train(" + dataset.name() + ")");
        }
        return read(dataset, List.of(resolver.resolve(DataFile.CIFAR10_TEST)));
    }

    /** Bytes per record of a dataset's files: one label byte and {@code 3 * side * side} pixel bytes. */
    public static int recordBytes(Dataset dataset) {
        return 1 + ImageSet.CHANNELS * dataset.resolution() * dataset.resolution();
    }

    /** {@link #read(Dataset, List)} of one or more files. */
    public static ImageSet read(Dataset dataset, Path first, Path... more) {
        List<Path> files = new ArrayList<>();
        files.add(first);
        files.addAll(List.of(more));
        return read(dataset, files);
    }

    /**
     * Reads files of {@link #recordBytes(Dataset) fixed-size records} in the dataset's layout (side
     * {@link Dataset#resolution()}) into one set, the files' images one after the other in the order given.
     *
     * @throws IllegalArgumentException naming the file when its size is not a whole number of records ("truncated?"),
     *                                  it is empty, or a record's label is not below {@code numClasses()}
     * @throws UncheckedIOException     carrying the path when a file cannot be read
     */
    public static ImageSet read(Dataset dataset, List<Path> files) {
        Objects.requireNonNull(dataset, "dataset");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to read for " + dataset.id());
        }
        int record = recordBytes(dataset);
        int imageBytes = record - 1;
        long[] counts = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = Objects.requireNonNull(files.get(f), "file");
            long size = size(file);
            if (size == 0) {
                throw new IllegalArgumentException(file + " is empty; expected " + record + "-byte records of "
                        + dataset.id() + " images (1 label byte + " + imageBytes + " pixel bytes)");
            }
            if (size % record != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s is %d bytes, not a whole number of %d-byte records: truncated? (%d whole records and %d"
                                + " bytes over; %s records are 1 label byte + %d pixel bytes; download it again)",
                        file, size, record, size / record, size % record, dataset.id(), imageBytes));
            }
            counts[f] = size / record;
            total += counts[f];
        }
        if (total * imageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(total + " images of " + dataset.id() + " in " + files
                    + " do not fit in one Java array; read fewer files");
        }
        int[] labels = new int[(int) total];
        byte[] pixels = new byte[(int) total * imageBytes];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] bytes = readAll(file);
            if (bytes.length != counts[f] * record) {
                throw new IllegalStateException(file + " changed size while being read (" + counts[f] * record
                        + " bytes, then " + bytes.length + ")");
            }
            for (int r = 0; r < counts[f]; r++, image++) {
                int at = r * record;
                int label = bytes[at] & 0xFF;
                if (label >= dataset.numClasses()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s: record %d (byte offset %d) has label %d, but %s labels are 0..%d;"
                                    + " is this file from another dataset, or corrupt?",
                            file, r, (long) at, label, dataset.id(), dataset.numClasses() - 1));
                }
                labels[image] = label;
                System.arraycopy(bytes, at + 1, pixels, image * imageBytes, imageBytes);
            }
        }
        return ImageSet.owning(dataset, dataset.resolution(), labels, pixels, files);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }
}
