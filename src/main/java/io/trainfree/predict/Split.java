package io.trainfree.predict;

import io.trainfree.data.DataResolver;
import io.trainfree.job.AtomicFiles;
import io.trainfree.job.FileFormatException;
import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * DELE's fixed split of the 15,625 NAS-Bench-201 cells (docs/dele.md §1): a training list and a validation
 * list made once by a seeded shuffle and stored, so that "the first 1% of the training split" is the same 78 cells for
 * every run, seed and method. Training subsets are prefixes of the stored list, {@code (int) (N * ratio)} long as the
 * reference code's {@code data[:int(N * ratio)]}; seeds change only initialisation, batch order and pairs.
 *
 * <p>How it is made ({@link #generate(long)}): numpy's {@code np.random.RandomState(seed).permutation(15625)} of the
 * benchmark indices, reproduced bit for bit by {@link NumpyRandom}; its first {@value #TRAIN_SIZE} entries are the
 * training list, in that order, the remaining {@value #VALID_SIZE} the validation list. 7,813 / 7,812 is the GATES
 * convention for NAS-Bench-201's 50/50 split (the training half rounded up; the spec marks the sizes unverified, the
 * authors' split pickles are not reachable). The committed split ({@link #load()}, {@code data/dele/nb201-split.csv})
 * is seed {@value #SEED}; Python rebuilds it with the one line above.
 *
 * <p>The file is CSV, {@code index,part}, one line per cell: the training list in order ({@code train}), then the
 * validation list ({@code valid}); the sidecar {@code nb201-split.csv.json} records seed, sizes, recipe and a hash.
 *
 * {@snippet :
 * Split split = Split.load();                               // data/dele/nb201-split.csv, checked
 * int[] onePercent = split.train(0.01);                     // the first 78 of the training list
 * List<Nb201Arch> archs = split.trainArchs(nb201.space(), 0.01);
 * }
 */
public final class Split {
    /** Where the committed split is, relative to a data root. */
    public static final String FILE = "dele/nb201-split.csv";
    /** The seed of the committed split. */
    public static final long SEED = 0;
    /** Cells in the training list: the larger half of 15,625. */
    public static final int TRAIN_SIZE = 7_813;
    /** Cells in the validation list. */
    public static final int VALID_SIZE = 7_812;
    /** The CSV header. */
    public static final String HEADER = "index,part";

    private static final int SIZE = TRAIN_SIZE + VALID_SIZE;
    private static final String TRAIN = "train";
    private static final String VALID = "valid";

    private final int[] train;
    private final int[] valid;

    private Split(int[] train, int[] valid) {
        this.train = train;
        this.valid = valid;
    }

    /**
     * The split of {@code seed}: {@code RandomState(seed).permutation(15625)}, the first 7,813 for training.
     *
     * @param seed a numpy seed, 0 to 2^32 - 1
     */
    public static Split generate(long seed) {
        int[] p = new NumpyRandom(seed).permutation(SIZE);
        return new Split(Arrays.copyOf(p, TRAIN_SIZE), Arrays.copyOfRange(p, TRAIN_SIZE, SIZE));
    }

    /**
     * The committed split, {@value #FILE} under the standard data roots ({@code data/} of the project among them).
     *
     * @throws IllegalStateException if no root has it, naming the roots and the way to write it again
     * @throws FileFormatException   if it is not a valid split (file and line named)
     */
    public static Split load() {
        var resolver = DataResolver.standard();
        Path file = resolver.find(FILE).orElseThrow(() -> new IllegalStateException("no " + FILE + " under "
                + resolver.roots() + "; it is committed in the project's data/dele/ (run from the project directory"
                + " or set " + DataResolver.ENV + "), or write it again with Split.generate(" + SEED + ").write(...)"));
        return read(file);
    }

    /**
     * Reads and checks a split file: the header {@value #HEADER}, then lines {@code <index>,train} followed by lines
     * {@code <index>,valid}, every NAS-Bench-201 index 0..15624 exactly once, 7,813 training and 7,812 validation
     * lines.
     *
     * @throws FileFormatException naming the file and the line (counted from 1, the header being line 1)
     * @throws UncheckedIOException if it cannot be read
     */
    public static Split read(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new FileFormatException(file, 1, "the header must be '" + HEADER + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        int[] train = new int[TRAIN_SIZE];
        int[] valid = new int[VALID_SIZE];
        int nTrain = 0;
        int nValid = 0;
        int[] seenAt = new int[SIZE]; // line where each index was seen, 0 = not yet
        for (int l = 1; l < lines.size(); l++) {
            int line = l + 1;
            String text = lines.get(l).strip();
            if (text.isEmpty() && lines.subList(l, lines.size()).stream().allMatch(String::isBlank)) {
                break; // trailing blank lines
            }
            String[] fields = text.split(",", -1);
            if (fields.length != 2) {
                throw new FileFormatException(file, line, "expected 2 fields (" + HEADER + "), found "
                        + fields.length + ": '" + text + "'");
            }
            int index;
            try {
                index = Integer.parseInt(fields[0].strip());
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, line, "index '" + fields[0] + "' is not an integer", e);
            }
            if (index < 0 || index >= SIZE) {
                throw new FileFormatException(file, line, "index " + index + " is not a NAS-Bench-201 index (0.."
                        + (SIZE - 1) + ")");
            }
            if (seenAt[index] != 0) {
                throw new FileFormatException(file, line, "index " + index + " appears again (first on line "
                        + seenAt[index] + ")");
            }
            seenAt[index] = line;
            switch (fields[1].strip()) {
                case TRAIN -> {
                    if (nValid > 0) {
                        throw new FileFormatException(file, line, "a training line after the validation list began"
                                + " (the file is the training list, then the validation list)");
                    }
                    if (nTrain == TRAIN_SIZE) {
                        throw new FileFormatException(file, line, "more than " + TRAIN_SIZE + " training lines");
                    }
                    train[nTrain++] = index;
                }
                case VALID -> {
                    if (nValid == VALID_SIZE) {
                        throw new FileFormatException(file, line, "more than " + VALID_SIZE + " validation lines");
                    }
                    valid[nValid++] = index;
                }
                default -> throw new FileFormatException(file, line, "part '" + fields[1] + "' is neither '" + TRAIN
                        + "' nor '" + VALID + "'");
            }
        }
        if (nTrain != TRAIN_SIZE || nValid != VALID_SIZE) {
            int missing = 0;
            while (seenAt[missing] != 0) {
                missing++;
            }
            throw new FileFormatException(file, 0, "holds " + nTrain + " training and " + nValid + " validation lines,"
                    + " expected " + TRAIN_SIZE + " and " + VALID_SIZE + " (index " + missing + " is missing)");
        }
        return new Split(train, valid);
    }

    /** The file's text: {@value #HEADER}, the training list, then the validation list, one line each. */
    public String csv() {
        var sb = new StringBuilder(SIZE * 12).append(HEADER).append('\n');
        for (int i : train) {
            sb.append(i).append(',').append(TRAIN).append('\n');
        }
        for (int i : valid) {
            sb.append(i).append(',').append(VALID).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #csv()} to {@code file} and, beside it, {@code <file>.json} saying how it was made, each
     * atomically.
     *
     * @param seed the seed it was generated from, for the sidecar
     * @throws IllegalArgumentException if this is not {@code generate(seed)}
     */
    public void write(Path file, long seed) {
        if (!equals(generate(seed))) {
            throw new IllegalArgumentException("this split is not Split.generate(" + seed + ")");
        }
        AtomicFiles.write(file, csv());
        AtomicFiles.write(file.resolveSibling(file.getFileName() + ".json"), String.format(Locale.ROOT, """
                {
                  "file": "%s",
                  "space": "nb201",
                  "seed": %d,
                  "train": %d,
                  "valid": %d,
                  "recipe": "numpy: p = np.random.RandomState(%d).permutation(15625); train = p[:%d], valid = p[%d:]\
                ; ratio r of the training list = train[:int(%d * r)]",
                  "sha256_int32le": "%s",
                  "made_by": "io.trainfree.predict.Split.generate(%d).write(path, %d)"
                }
                """, file.getFileName(), seed, TRAIN_SIZE, VALID_SIZE, seed, TRAIN_SIZE, TRAIN_SIZE, TRAIN_SIZE,
                sha256(), seed, seed));
    }

    /**
     * SHA-256 of the permutation (training then validation list) as little-endian int32, in hex: numpy's
     * {@code hashlib.sha256(p.astype("<i4").tobytes()).hexdigest()}.
     */
    public String sha256() {
        ByteBuffer bytes = ByteBuffer.allocate(SIZE * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : train) {
            bytes.putInt(i);
        }
        for (int i : valid) {
            bytes.putInt(i);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The training list, in order (a copy). */
    public int[] train() {
        return train.clone();
    }

    /** The validation list, in order (a copy). */
    public int[] valid() {
        return valid.clone();
    }

    /**
     * The first {@link #prefixSize(int, double) (int) (7813 * ratio)} of the training list: 78 at 1%, 390 at 5%,
     * 781 at 10%, 3,906 at 50%, all 7,813 at 100%.
     *
     * @throws IllegalArgumentException if the ratio is outside (0, 1] or leaves no cell
     */
    public int[] train(double ratio) {
        return Arrays.copyOf(train, prefixSize(TRAIN_SIZE, ratio));
    }

    /** The cells of {@link #train(double)} in {@code space}'s index order. */
    public List<Nb201Arch> trainArchs(Nb201Space space, double ratio) {
        return archs(space, train(ratio));
    }

    /** The cells of the validation list. */
    public List<Nb201Arch> validArchs(Nb201Space space) {
        return archs(space, valid);
    }

    private static List<Nb201Arch> archs(Nb201Space space, int[] indices) {
        Objects.requireNonNull(space, "space");
        return Arrays.stream(indices).mapToObj(space::arch).toList();
    }

    /**
     * {@code int(n * ratio)} as the reference computes a training subset's size (so 1% of 7,813 is 78).
     *
     * @throws IllegalArgumentException if the ratio is outside (0, 1] or the size is 0
     */
    public static int prefixSize(int n, double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio " + ratio + " is outside (0, 1]");
        }
        int size = (int) (n * ratio);
        if (size == 0) {
            throw new IllegalArgumentException("ratio " + ratio + " of " + n + " cells leaves none (int(" + n + " * "
                    + ratio + ") = 0)");
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && Arrays.equals(s.train, train) && Arrays.equals(s.valid, valid);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(valid);
    }

    @Override
    public String toString() {
        return "Split[train=" + train.length + " cells, first " + Arrays.toString(Arrays.copyOf(train, 3))
                + "..., valid=" + valid.length + " cells]";
    }
}
