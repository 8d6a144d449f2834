package io.trainfree.eval;

import ai.djl.ndarray.NDManager;
import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Images;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.model.Nb201Net;
import io.trainfree.proxy.ArchSelection;
import io.trainfree.proxy.LinearRegions;
import io.trainfree.proxy.ProxyContext;
import io.trainfree.space.Nb201Arch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The linear-region analysis of the GradAlign study (issue 18; docs/gradalign.md §9). GradAlign's abstract argues that
 * the number of linear regions at initialisation is not a dependable criterion; this measures TE-NAS's count
 * ({@link LinearRegions}: distinct on/off patterns of all ReLU units over S inputs) on NAS-Bench-201 cells under a
 * grid of counting choices (patch side, S, the dataset the patches come from, the seed) and asks, per choice, how
 * often the count saturates at S, how it ranks against the test accuracy, how stable it is across seeds, and how it
 * relates to SWAP, itself a count of activation patterns but per unit.
 *
 * <p>Each count is one initialisation with PyTorch's defaults (seeded per setting and cell) of the setting's network
 * (NB201's C = 16, N = 5, or thinner), fed S patches of the dataset's training images drawn at random positions
 * ({@link BatchSampler#patches}), the same patches for every cell of a setting. TE-NAS counts on 3&times;3 patches of
 * one channel with a thin C = 1, N = 1 network; here patches keep all three channels and are at least 4&times;4, which
 * the network's stem and reductions take.
 */
public final class LinearRegionStudy {
    static final String KIND = "linear regions";

    /**
     * One way of counting.
     *
     * @param dataset  whose training images the patches come from
     * @param side     patch side in pixels, a multiple of 4 (the network's two stride-2 reductions); the image side
     *                 takes whole images at random
     * @param samples  S, the inputs per count, which caps the count (at least 2, for the batch norms)
     * @param channels the network's C (NB201: 16; TE-NAS's thin counting network: 1)
     * @param cells    the network's N, cells per stage (NB201: 5; TE-NAS: 1)
     * @param seed     draws the patches and each cell's initialisation
     */
    public record Setting(Dataset dataset, int side, int samples, int channels, int cells, long seed) {
        public Setting {
            Objects.requireNonNull(dataset, "dataset");
            // batch norm on batch statistics needs two values per channel: at a 4-pixel side the last stage is 1x1
            if (side < 4 || side % 4 != 0 || samples < 2 || channels < 1 || cells < 1) {
                throw new IllegalArgumentException("a linear-region setting needs a side that is a multiple of 4, "
                        + "samples >= 2 and channels and cells >= 1, got side " + side + ", " + samples
                        + " samples, C = " + channels + ", N = " + cells);
            }
        }

        /** As the tables name it: {@code cifar10 4px S=256 C=1 N=1 seed 0}. */
        public String label() {
            return String.format(Locale.ROOT, "%s %dpx S=%d C=%d N=%d seed %d", dataset.id(), side, samples, channels,
                    cells, seed);
        }

        /**
         * A short name for charts: the network ({@code NB201} for C = 16, N = 5, else {@code C1}, {@code C1 N5}), the
         * patch side and S, then the dataset and seed where they are not CIFAR-10 and 0 ({@code C1 4px S1000 IN16}).
         */
        public String shortLabel() {
            String net = channels == Nb201Net.CHANNELS && cells == Nb201Net.CELLS_PER_STAGE ? "NB201"
                    : "C" + channels + (cells > 1 ? " N" + cells : "");
            String data = switch (dataset) {
                case CIFAR10 -> "";
                case CIFAR100 -> " C100";
                case IMAGENET16_120 -> " IN16";
            };
            return net + " " + side + "px S" + samples + data + (seed != 0 ? " seed" + seed : "");
        }

        /** This setting with another seed. */
        public Setting withSeed(long s) {
            return new Setting(dataset, side, samples, channels, cells, s);
        }
    }

    /**
     * The grid. On NB201's own network (C = 16, N = 5): patch sides 4, 8, 16 and 32 (whole images) at S = 256, and
     * 64 whole images (the setting of the GradAlign table's {@code linear_regions} column). On TE-NAS's thin counting
     * network (C = 1, N = 1; TE-NAS draws 3&times;3 patches, 4 is the smallest side this network takes), one factor at
     * a time around 1,000 4&times;4 CIFAR-10 patches (TE-NAS counts batches of 1,000), seed 0: S = 64, 256 and 3,000;
     * side 8; patches of CIFAR-100 and ImageNet16-120; seeds 1 and 2; widths C = 2 and 4; and N = 5.
     */
    public static List<Setting> standardGrid() {
        List<Setting> grid = new ArrayList<>();
        for (int side : new int[] {4, 8, 16, 32}) {
            grid.add(new Setting(Dataset.CIFAR10, side, 256, 16, 5, 0));
        }
        grid.add(new Setting(Dataset.CIFAR10, 32, 64, 16, 5, 0));
        Setting thin = new Setting(Dataset.CIFAR10, 4, 1000, 1, 1, 0);
        grid.add(thin);
        for (int s : new int[] {64, 256, 3000}) {
            grid.add(new Setting(Dataset.CIFAR10, 4, s, 1, 1, 0));
        }
        grid.add(new Setting(Dataset.CIFAR10, 8, 1000, 1, 1, 0));
        grid.add(new Setting(Dataset.CIFAR100, 4, 1000, 1, 1, 0));
        grid.add(new Setting(Dataset.IMAGENET16_120, 4, 1000, 1, 1, 0));
        grid.add(thin.withSeed(1));
        grid.add(thin.withSeed(2));
        for (int c : new int[] {2, 4}) {
            grid.add(new Setting(Dataset.CIFAR10, 4, 1000, c, 1, 0));
        }
        grid.add(new Setting(Dataset.CIFAR10, 4, 1000, 1, 5, 0));
        return List.copyOf(grid);
    }

    /**
     * What a study computes; a journal with other settings is refused.
     *
     * @param sample     cells are the first {@code cells} of the uniform sample of this many ...
     * @param sampleSeed ... drawn with this seed ({@link ArchSelection#sample}, as {@code --sample} draws it)
     * @param cells      how many of the sample's cells are counted
     * @param grid       the settings, by {@link Setting#label()}
     */
    public record Settings(int sample, long sampleSeed, int cells, List<String> grid) {
        public Settings {
            grid = List.copyOf(grid);
            if (cells < 1 || cells > sample || grid.isEmpty()) {
                throw new IllegalArgumentException("a linear-region study needs 1 <= cells <= sample and a setting, "
                        + "got " + cells + " of " + sample + " and " + grid.size() + " settings");
            }
        }

        /** The GradAlign sample (1,000 cells, seed 0), its first {@code cells}, and the standard grid. */
        public static Settings standard(int cells) {
            return new Settings(1000, 0, cells, standardGrid().stream().map(Setting::label).toList());
        }

        /** The cells' benchmark indices, in sample order. */
        public int[] cellIndices() {
            return Arrays.copyOf(ArchSelection.sample(sample, sampleSeed, Nb201.SIZE), cells);
        }
    }

    /** A count: a setting, a cell, the number of regions found, and the seconds it took. */
    public record Run(Setting setting, int cell, int regions, double seconds) {
        Key key() {
            return new Key(setting.label(), cell);
        }
    }

    record Key(String setting, int cell) {
        @Override
        public String toString() {
            return setting + ", cell " + cell;
        }
    }

    /** The runs, in grid order then sample order, and what this session did. */
    public record Result(List<Run> runs, Path target, int computed, double seconds) {
    }

    private LinearRegionStudy() {
    }

    /**
     * Runs (or resumes) the study into {@code target}, settings in the grid's order, each over the cells.
     *
     * @param grid the settings of {@code settings.grid()}, in its order
     */
    public static Result run(Settings settings, List<Setting> grid, Nb201 nb201, Path target, KeyedJob.Options options,
            JobListener listener) {
        if (!grid.stream().map(Setting::label).toList().equals(settings.grid())) {
            throw new IllegalArgumentException("the grid given is not the settings' " + settings.grid());
        }
        int[] cells = settings.cellIndices();
        List<Key> order = new ArrayList<>();
        Map<String, Setting> byLabel = grid.stream().collect(Collectors.toMap(Setting::label, Function.identity()));
        for (Setting s : grid) {
            for (int cell : cells) {
                order.add(new Key(s.label(), cell));
            }
        }
        Map<Dataset, ImageSet> images = new EnumMap<>(Dataset.class);
        var out = StudyJob.run(KIND, target, settings, codec(), options, listener, "counts", order, order, key -> {
            Setting s = byLabel.get(key.setting());
            ImageSet pool = images.computeIfAbsent(s.dataset(), Images::train);
            long t0 = System.nanoTime();
            int regions = count(nb201.archs().get(key.cell()), key.cell(), s, pool);
            return new Run(s, key.cell(), regions, (System.nanoTime() - t0) / 1e9);
        });
        return new Result(out.rows(), target, out.computed(), out.seconds());
    }

    /**
     * The number of linear regions of {@code arch} (benchmark index {@code index}, which seeds its initialisation)
     * under {@code setting}: one initialisation of the setting's network, S patches of {@code images} (the same for
     * every cell of the setting).
     */
    public static int count(Nb201Arch arch, int index, Setting setting, ImageSet images) {
        try (NDManager m = NDManager.newBaseManager()) {
            var batch = patches(setting, images, m);
            var net = Nb201Net.of(arch, setting.dataset()).withChannels(setting.channels())
                    .withCellsPerStage(setting.cells());
            long seed = BatchSampler.seedFor(setting.seed(), index);
            var context = new ProxyContext(net, setting.dataset(), m, batch, seed);
            return (int) new LinearRegions(1, setting.samples(), 0).score(context);
        }
    }

    /** The setting's S patches of {@code images}, drawn from its seed: the same for every cell. */
    private static Batch patches(Setting setting, ImageSet images, NDManager manager) {
        return BatchSampler.evaluation(images).patches(setting.samples(), setting.side(),
                new SplittableRandom(setting.seed()), manager);
    }

    /**
     * The references the summary ranks the counts against, each by benchmark index: every dataset's test accuracy
     * ({@code test_<dataset>}), SWAP ({@code swap}, from its table) and the CIFAR-10 parameter count ({@code params}).
     */
    public static Map<String, double[]> references(Nb201 nb201, double[] swap) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Dataset d : Dataset.values()) {
            out.put("test_" + d.id(), nb201.values(d, Metric.TEST_ACCURACY));
        }
        out.put("swap", swap);
        out.put("params", nb201.values(Dataset.CIFAR10, Metric.PARAMS));
        return out;
    }

    /**
     * {@link #summary(List, Map, ToIntFunction)} with each setting's distinct inputs drawn again from its dataset's
     * training images ({@link #distinctInputs}).
     */
    public static Table summary(List<Run> runs, Map<String, double[]> references) {
        var images = new EnumMap<Dataset, ImageSet>(Dataset.class);
        return summary(runs, references, s -> distinctInputs(s, images.computeIfAbsent(s.dataset(), Images::train)));
    }

    /**
     * The number of distinct inputs among a setting's S patches of {@code images}: the most regions any network can
     * find, since equal inputs share one. Below S when an image is drawn twice at one offset or patches are equal
     * (flat regions of an image).
     */
    public static int distinctInputs(Setting setting, ImageSet images) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = patches(setting, images, m).images().toFloatArray();
            int size = x.length / setting.samples();
            var seen = new HashSet<List<Float>>();
            for (int k = 0; k < setting.samples(); k++) {
                List<Float> patch = new ArrayList<>(size);
                for (int i = k * size; i < (k + 1) * size; i++) {
                    patch.add(x[i]);
                }
                seen.add(patch);
            }
            return seen.size();
        }
    }

    /**
     * Per setting (its label and {@link Setting#shortLabel()}): the cells counted, the distinct inputs
     * ({@code ceiling}: no count can exceed it), the mean and largest count, the share of cells whose count reaches
     * the distinct inputs (saturated: every input alone in its region, so the count cannot rank them), the distinct
     * counts, Kendall's tau-b of the count with each reference ({@code tau_<name>}; arrays by benchmark index, NaN
     * left out), and with the same setting's counts at seed 0 where the setting has another seed.
     */
    public static Table summary(List<Run> runs, Map<String, double[]> references, ToIntFunction<Setting> ceiling) {
        Map<String, List<Run>> bySetting = runs.stream().collect(Collectors.groupingBy(r -> r.setting().label(),
                LinkedHashMap::new, Collectors.toList()));
        var label = StringColumn.create("setting");
        var shortLabel = StringColumn.create("short");
        var cells = IntColumn.create("cells");
        var inputs = IntColumn.create("inputs");
        var mean = DoubleColumn.create("mean_regions");
        var max = IntColumn.create("max_regions");
        var saturated = DoubleColumn.create("saturated_share");
        var distinct = IntColumn.create("distinct_counts");
        Map<String, DoubleColumn> tau = new LinkedHashMap<>();
        references.keySet().forEach(k -> tau.put(k, DoubleColumn.create("tau_" + k)));
        var withSeed0 = DoubleColumn.create("tau_seed0");
        for (var e : bySetting.entrySet()) {
            List<Run> rs = e.getValue();
            Setting s = rs.getFirst().setting();
            int[] index = rs.stream().mapToInt(Run::cell).toArray();
            double[] count = rs.stream().mapToDouble(Run::regions).toArray();
            label.append(e.getKey());
            shortLabel.append(s.shortLabel());
            cells.append(rs.size());
            mean.append(SampleStats.mean(count));
            max.append((int) Arrays.stream(count).max().orElse(0));
            int most = ceiling.applyAsInt(s);
            inputs.append(most);
            saturated.append(Arrays.stream(count).filter(c -> c >= most).count() / (double) count.length);
            distinct.append((int) Arrays.stream(count).distinct().count());
            references.forEach((k, v) -> tau.get(k).append(Correlation.kendall(count, pick(v, index))));
            var seed0 = bySetting.get(s.withSeed(0).label());
            withSeed0.append(s.seed() == 0 || seed0 == null ? Double.NaN
                    : Correlation.kendall(count, aligned(seed0, index)));
        }
        Table t = Table.create("Linear regions at initialisation, per counting setting (Kendall tau-b)", label,
                shortLabel, cells, inputs, mean, max, saturated, distinct);
        tau.values().forEach(t::addColumns);
        t.addColumns(withSeed0);
        return Printing.fixed(t, 3);
    }

    /**
     * One setting's counts cell by cell, beside each reference's value ({@link #references}): for scatter plots of the
     * count against the accuracy or SWAP.
     */
    public static Table cellTable(List<Run> runs, Setting setting, Map<String, double[]> references) {
        List<Run> rs = runs.stream().filter(r -> r.setting().equals(setting)).toList();
        if (rs.isEmpty()) {
            throw new IllegalArgumentException("no counts for setting " + setting.label());
        }
        int[] index = rs.stream().mapToInt(Run::cell).toArray();
        Table t = Table.create(setting.label(), IntColumn.create("index", index),
                DoubleColumn.create("regions", rs.stream().mapToDouble(Run::regions).toArray()));
        references.forEach((k, v) -> t.addColumns(DoubleColumn.create(k, pick(v, index))));
        return t;
    }

    /** The counts of {@code setting} in {@code runs}, aligned with {@code cells} (NaN where a cell has none). */
    public static double[] counts(List<Run> runs, Setting setting, int[] cells) {
        return aligned(runs.stream().filter(r -> r.setting().equals(setting)).toList(), cells);
    }

    private static double[] aligned(List<Run> runs, int[] cells) {
        Map<Integer, Integer> byCell = runs.stream().collect(Collectors.toMap(Run::cell, Run::regions));
        return Arrays.stream(cells).mapToDouble(c -> byCell.containsKey(c) ? byCell.get(c) : Double.NaN).toArray();
    }

    private static double[] pick(double[] all, int[] index) {
        return Arrays.stream(index).mapToDouble(i -> all[i]).toArray();
    }

    // ---- the table -------------------------------------------------------------------------------------------------

    static final String HEADER = "dataset,side,samples,channels,cells,seed,index,regions,seconds";

    static String line(Run r) {
        Setting s = r.setting();
        return s.dataset().id() + "," + s.side() + "," + s.samples() + "," + s.channels() + "," + s.cells() + ","
                + s.seed() + "," + r.cell() + "," + r.regions() + "," + r.seconds();
    }

    static Run parse(Path file, int line, String text) {
        String[] f = text.split(",", -1);
        if (f.length != 9) {
            throw new FileFormatException(file, line, "has " + f.length + " fields, expected 9 (" + HEADER + ")");
        }
        try {
            var setting = new Setting(Dataset.parse(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Long.parseLong(f[5]));
            return new Run(setting, Integer.parseInt(f[6]), Integer.parseInt(f[7]), Double.parseDouble(f[8]));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, line, "cannot be read as a linear-region count: " + e.getMessage());
        }
    }

    private static StudyCodec<Run> codec() {
        return new StudyCodec<>("linear-region", HEADER, LinearRegionStudy::line, LinearRegionStudy::parse,
                Run::key);
    }

    /** The counts of a table under the data roots, or, while its job runs, the finished counts of its journal. */
    public static List<Run> load(String relative) {
        return StudyTables.load(relative, KIND, codec(), LinearRegionStudy::read, "the linear-region study writes "
                + "it: trainfree gradalign regions");
    }

    /** Reads a finished table. */
    public static List<Run> read(Path file) {
        return codec().readTable(file);
    }
}
