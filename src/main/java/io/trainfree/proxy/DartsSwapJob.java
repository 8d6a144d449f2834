package io.trainfree.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.ImageSet;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.job.RowCodec;
import io.trainfree.space.DartsGenotype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * SWAP-Score of a list of DARTS genotypes as a resumable job on the long-job store (a journal row per genotype, the
 * table and its sidecar written at the end): the SWAP paper's protocol, {@link DartsSwap} on the first S training
 * images, unaugmented. The table is CSV, {@code index,swap,swap_std,units,seconds}: the genotype's position in the
 * list, the mean &Psi; over the repeats and their sample standard deviation, the units (patterns) per repeat, and the
 * seconds it took.
 */
public final class DartsSwapJob {
    /** The journal kind. */
    public static final String KIND = "darts-proxies";
    private static final String HEADER = "index,swap,swap_std,units,seconds";

    /**
     * What decides the values.
     *
     * @param space   {@code darts}
     * @param dataset the images' dataset
     * @param images  where the images come from
     * @param samples S
     * @param repeats re-initialisations averaged
     * @param seed    base seed ({@link DartsSwap#seedFor})
     * @param archs   genotypes in the list
     */
    public record Settings(String space, String dataset, String images, int samples, int repeats, long seed,
            int archs) {
    }

    /**
     * One genotype's result.
     *
     * @param index   its position in the list
     * @param swap    mean &Psi;
     * @param std     sample standard deviation of &Psi; over the repeats
     * @param units   patterns per repeat
     * @param seconds wall time
     */
    public record Row(int index, double swap, double std, long units, double seconds) {
    }

    private DartsSwapJob() {
    }

    /**
     * Runs (or resumes) SWAP on {@code genotypes}, writing {@code target}.
     *
     * @param images the dataset's training images: the first {@code samples} are used, unaugmented
     */
    public static List<Row> run(List<DartsGenotype> genotypes, ImageSet images, int samples, int repeats, long seed,
            Path target, KeyedJob.Options options, JobListener listener) {
        Objects.requireNonNull(genotypes, "genotypes");
        var settings = new Settings("darts", images.dataset().id(), "first " + samples + " training images, "
                + "unaugmented, normalised", samples, repeats, seed, genotypes.size());
        var job = KeyedJob.of(KIND, target, settings, CODEC, options);
        var swap = new DartsSwap(repeats);
        try (var session = job.start(listener); NDManager root = NDManager.newBaseManager()) {
            Map<Integer, Row> done = new HashMap<>();
            session.resumed().forEach(r -> done.put(r.index(), r));
            listener.started("DARTS cells", genotypes.size() - done.size());
            NDArray x = BatchSampler.evaluation(images).first(samples, root).images();
            try {
                for (int i = 0; i < genotypes.size(); i++) {
                    if (done.containsKey(i)) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    Swap.Patterns p = swap.patterns(genotypes.get(i), x, DartsSwap.seedFor(seed, i), root);
                    Row row = new Row(i, p.mean(), std(p.counts()), p.units(), (System.nanoTime() - t0) / 1e9);
                    session.append(row);
                    done.put(i, row);
                    listener.computed();
                }
            } catch (RuntimeException e) {
                throw session.failed(e);
            } finally {
                listener.ended();
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < genotypes.size(); i++) {
                rows.add(done.get(i));
            }
            var text = new StringBuilder(HEADER).append('\n');
            rows.forEach(r -> text.append(CODEC.format(r)).append('\n'));
            double seconds = rows.stream().mapToDouble(Row::seconds).sum();
            session.finish(text.toString(), rows.size(), new Summary(rows.size(), session.sessions(), seconds,
                    seconds / rows.size()));
            return rows;
        }
    }

    /** The sidecar's summary. */
    record Summary(int rows, int sessions, double secondsTotal, double secondsPerArch) {
    }

    /** Reads a table {@link #run} wrote. */
    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new FileFormatException(file, 1, "expected the header '" + HEADER + "'");
        }
        var reader = CODEC.reader(file, 1, HEADER);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(reader.read(i + 1, lines.get(i)));
            }
        }
        return rows;
    }

    private static double std(int[] counts) {
        if (counts.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(counts).average().orElseThrow();
        double ss = Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).sum();
        return Math.sqrt(ss / (counts.length - 1));
    }

    private static final RowCodec<Row> CODEC = new RowCodec<>() {
        @Override
        public String header() {
            return HEADER;
        }

        @Override
        public String format(Row r) {
            return String.format(Locale.ROOT, "%d,%s,%s,%d,%s", r.index(), r.swap(), r.std(), r.units(),
                    r.seconds());
        }

        @Override
        public Reader<Row> reader(Path file, int line, String header) {
            if (!header.equals(HEADER)) {
                throw new FileFormatException(file, line, "expected the header '" + HEADER + "'");
            }
            return (n, text) -> {
                String[] f = text.split(",", -1);
                if (f.length != 5) {
                    throw new FileFormatException(file, n, "expected 5 fields, got " + f.length);
                }
                try {
                    return new Row(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Long.parseLong(f[3]), Double.parseDouble(f[4]));
                } catch (NumberFormatException e) {
                    throw new FileFormatException(file, n, e.getMessage(), e);
                }
            };
        }

        @Override
        public Object key(Row r) {
            return r.index();
        }

        @Override
        public String describe(Object key) {
            return "genotype " + key;
        }
    };
}
