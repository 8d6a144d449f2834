package io.trainfree.fear;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.ImageSet;
import io.trainfree.job.AtomicFiles;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.JobLock;
import io.trainfree.job.Json;
import io.trainfree.job.SettingsMismatchException;
import io.trainfree.model.Nb201Net;
import io.trainfree.proxy.Proxies;
import io.trainfree.proxy.Proxy;
import io.trainfree.proxy.ProxyContext;
import io.trainfree.space.Nb201Arch;
import io.trainfree.train.EpochStats;
import io.trainfree.train.EpochStore;
import io.trainfree.train.HeldOutSplit;
import io.trainfree.train.NetworkTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The FEAR study as a resumable job: for each architecture, in the list's order, FEAR's two stages, shortreg at every
 * budget, the zero-cost proxies at initialisation and after every epoch of the longest shortreg run, each epoch's
 * held-out accuracy; one {@link ArchLog} per architecture ({@code arch-<index>.csv} in the study's directory, written
 * when it is finished). The architecture in progress keeps its epochs in {@code arch-<index>.partial.csv} and a
 * checkpoint per phase, so a killed job resumes at the last finished epoch; finished architectures are never redone.
 * Jobs on {@code shards} processes split the list by position ({@code position % shards == shard}) and share the
 * directory; each holds a lock on its shard.
 *
 * <p>When shortreg's batch is stage 1's, every shortreg run's first epoch is the very computation of stage 1's first
 * epoch (same initialisation, order, augmentation and rate 0.1): it is taken from a checkpoint after that epoch, its
 * statistics and seconds copied, rather than trained again. Costs stay what the runs would have paid.
 */
public final class FearStudy {
    /** The checkpoint after stage 1's first epoch, which every shortreg run at stage 1's batch starts from. */
    private static final String FIRST = "first-epoch";
    /** The settings file in a study's directory: a study with other settings is refused. */
    public static final String SETTINGS_FILE = "settings.txt";

    /**
     * What a study runs.
     *
     * @param protocol    FEAR's settings (the network's C and N are the protocol's)
     * @param images      the first so many CIFAR-10 training images are used
     * @param heldOut     of which so many, by a shuffle seeded with {@code seed}, are held out for accuracy
     * @param seed        every run's seed (FEAR's 36): initialisation, order, augmentation
     * @param shortBatch  shortreg's batch
     * @param shortEpochs shortreg's budgets, ascending; the longest is also the proxies-during-training run
     * @param proxies     the zero-cost proxies computed at initialisation and after each epoch of the longest shortreg
     * @param proxyBatch  the proxies' batch (random training images with the reference's augmentation)
     */
    public record Settings(FearProtocol protocol, int images, int heldOut, long seed, int shortBatch,
            List<Integer> shortEpochs, List<String> proxies, int proxyBatch) {
        public Settings {
            Objects.requireNonNull(protocol, "protocol");
            shortEpochs = List.copyOf(shortEpochs);
            proxies = List.copyOf(proxies);
            if (shortEpochs.isEmpty() || shortEpochs.stream().anyMatch(e -> e < 1)
                    || !shortEpochs.stream().sorted().distinct().toList().equals(shortEpochs)) {
                throw new IllegalArgumentException("shortreg budgets must be distinct, ascending and >= 1, got "
                        + shortEpochs);
            }
            if (images < 2 || heldOut < 1 || heldOut >= images || shortBatch < 1 || proxyBatch < 1) {
                throw new IllegalArgumentException("bad sizes: images " + images + ", held out " + heldOut
                        + ", batches " + shortBatch + "/" + proxyBatch);
            }
            proxies.forEach(Proxies::of); // an unknown name fails here, naming the known ones
        }

        /**
         * The CPU protocol chosen by measurement for this machine (2 cores, no GPU; docs/training.md, notebook 05):
         * C = 8, N = 1; the 10,000 images of the first CIFAR-10 batch, 2,000 held out; threshold 0.40 within 8 epochs
         * (cosine horizon 200); stage 2 five epochs at batch 1024; shortreg 1, 2 and 4 epochs at batch 256; grad_norm,
         * snip, synflow, naswot and jacob_cov during the 4-epoch run.
         */
        public static Settings cpu() {
            return new Settings(new FearProtocol(8, 1, 0.40, 200, 8, 256, 1024, 5), 10_000, 2_000, 36, 256,
                    List.of(1, 2, 4), List.of("grad_norm", "snip", "synflow", "naswot", "jacob_cov"), 64);
        }

        /**
         * The paper's CIFAR-10 settings (for a GPU): the full network, threshold 0.6, all 50,000 training images with
         * 20% held out, shortreg at 1 to 30 epochs, proxies at batch 256 during the 30-epoch run.
         */
        public static Settings paper() {
            return new Settings(FearProtocol.paper(), 50_000, 10_000, 36, 256, List.of(1, 2, 4, 6, 8, 10, 20, 30),
                    List.of("grad_norm", "snip", "synflow", "naswot", "jacob_cov"), 256);
        }

        /** The longest shortreg budget: its run is the one the proxies follow. */
        public int proxyEpochs() {
            return shortEpochs.getLast();
        }
    }

    /**
     * What a session did.
     *
     * @param logs     the logs of this shard's architectures finished so far, in list order
     * @param computed architectures finished in this session
     * @param seconds  this session's wall time
     */
    public record Outcome(List<ArchLog> logs, int computed, double seconds) {
        public Outcome {
            logs = List.copyOf(logs);
        }
    }

    private FearStudy() {
    }

    /** The log file of architecture {@code index} in {@code dir}. */
    public static Path logFile(Path dir, int index) {
        return dir.resolve("arch-" + index + ".csv");
    }

    /**
     * Runs (or resumes) this shard's part of the study.
     *
     * @param archs   the architectures' indices, in the list's order
     * @param cellOf  the cell of an index
     * @param images  CIFAR-10 training images (at least {@code settings.images()})
     * @param shard   this process's shard, in {@code [0, shards)}
     * @param epochs  hears each epoch as it ends (architecture index, phase, the epoch)
     * @throws SettingsMismatchException if the directory holds a study with other settings
     * @throws IllegalArgumentException  naming what is wrong with the list, the shard or the images
     */
    public static Outcome run(Path dir, Settings settings, List<Integer> archs, IntFunction<Nb201Arch> cellOf,
            ImageSet images, int shard, int shards, Device device, JobListener listener, EpochListener epochs) {
        return run(dir, settings, archs, cellOf, images, shard, shards, device, listener, epochs, true);
    }

    /**
     * As above; {@code shareFirstEpoch} false trains every shortreg run's first epoch instead of taking stage 1's
     * (the same computation; see the class comment), for tests that check the two agree.
     */
    static Outcome run(Path dir, Settings settings, List<Integer> archs, IntFunction<Nb201Arch> cellOf,
            ImageSet images, int shard, int shards, Device device, JobListener listener, EpochListener epochs,
            boolean shareFirstEpoch) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + ": need 0 <= shard < shards");
        }
        if (images.size() < settings.images()) {
            throw new IllegalArgumentException("the study uses " + settings.images() + " training images, there are "
                    + images.size());
        }
        if (archs.stream().distinct().count() != archs.size()) {
            throw new IllegalArgumentException("an architecture is listed twice");
        }
        List<Integer> mine = new ArrayList<>();
        for (int p = shard; p < archs.size(); p += shards) {
            mine.add(archs.get(p));
        }
        List<Nb201Arch> cells = mine.stream().map(cellOf::apply).toList(); // an unknown index fails before any work
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + AtomicFiles.describe(e), e);
        }
        long start = System.nanoTime();
        try (FileChannel lock = JobLock.open(dir.resolve("shard-" + shard + "-of-" + shards + ".lock"))) {
            recordSettings(dir, settings);
            var split = HeldOutSplit.of(settings.images(), settings.heldOut(), settings.seed());
            List<ArchLog> logs = new ArrayList<>();
            int todo = 0;
            for (int index : mine) {
                if (Files.isRegularFile(logFile(dir, index))) {
                    logs.add(ArchLog.read(logFile(dir, index)));
                } else {
                    todo++;
                }
            }
            if (!logs.isEmpty()) {
                listener.note(String.format(Locale.ROOT, "resuming %s: %d of %d architectures of shard %d/%d done",
                        dir, logs.size(), mine.size(), shard, shards));
            }
            listener.started("architectures", todo);
            int computed = 0;
            try (NDManager root = NDManager.newBaseManager(device)) {
                for (int i = 0; i < mine.size(); i++) {
                    int index = mine.get(i);
                    if (Files.isRegularFile(logFile(dir, index))) {
                        continue;
                    }
                    var arch = new ArchRun(dir, settings, index, cells.get(i), images, split, epochs,
                            shareFirstEpoch && settings.shortBatch() == settings.protocol().stage1Batch());
                    logs.add(arch.run(root));
                    computed++;
                    listener.computed();
                }
            } finally {
                listener.ended();
            }
            logs.sort(java.util.Comparator.comparingInt(l -> mine.indexOf(l.index())));
            return new Outcome(logs, computed, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every finished log in {@code dir}, ordered as {@code archs} lists them (architectures not yet finished are
     * left out).
     */
    public static List<ArchLog> load(Path dir, List<Integer> archs) {
        List<ArchLog> out = new ArrayList<>();
        for (int index : archs) {
            Path f = logFile(dir, index);
            if (Files.isRegularFile(f)) {
                out.add(ArchLog.read(f));
            }
        }
        return out;
    }

    /**
     * FEAR's list of architecture indices (NAS-Bench-201 order), one per line as data/fear/ holds it.
     *
     * @throws FileFormatException naming the line that is not an index in [0, 15625), or one listed twice
     */
    public static List<Integer> archList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        List<Integer> out = new ArrayList<>();
        var seen = new java.util.HashSet<Integer>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                throw new FileFormatException(file, i + 1, "expected an architecture index, got '" + line + "'");
            }
            if (index < 0 || index >= Nb201Arch.SPACE_SIZE) {
                throw new FileFormatException(file, i + 1, "index " + index + " is outside NAS-Bench-201 (0 to "
                        + (Nb201Arch.SPACE_SIZE - 1) + ")");
            }
            if (!seen.add(index)) {
                throw new FileFormatException(file, i + 1, "index " + index + " is listed twice");
            }
            out.add(index);
        }
        return out;
    }

    /** The settings a study's directory records, if any. */
    public static Map<String, String> recordedSettings(Path dir) {
        Path file = dir.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        var m = new LinkedHashMap<String, String>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int eq = line.indexOf('=');
                if (eq < 1) {
                    throw new FileFormatException(file, i + 1, "expected 'key=value', got '" + line + "'");
                }
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        return m;
    }

    /**
     * Records {@code settings} in {@code dir} ({@value #SETTINGS_FILE}), or checks them against those recorded.
     *
     * @throws SettingsMismatchException naming every setting that differs
     */
    public static void recordSettings(Path dir, Settings settings) throws IOException {
        Map<String, String> now = Json.text(settings);
        Map<String, String> recorded = recordedSettings(dir);
        if (recorded.isEmpty()) {
            var b = new StringBuilder();
            now.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            AtomicFiles.write(dir.resolve(SETTINGS_FILE), b.toString());
            return;
        }
        List<SettingsMismatchException.Difference> differences = SettingsMismatchException.between(recorded, now);
        if (!differences.isEmpty()) {
            long finished;
            try (Stream<Path> files = Files.list(dir)) {
                finished = files.filter(f -> f.getFileName().toString().matches("arch-\\d+\\.csv")).count();
            }
            throw new SettingsMismatchException(dir.resolve(SETTINGS_FILE), finished, differences);
        }
    }

    /** Hears each epoch of the study as it ends. */
    @FunctionalInterface
    public interface EpochListener {
        /** Hears nothing. */
        EpochListener NONE = (index, phase, stats) -> { };

        void epoch(int index, String phase, EpochStats stats);
    }

    /** One architecture's runs, resumable at epoch ends. */
    private static final class ArchRun implements EpochStore {
        private final Path dir;
        private final Settings settings;
        private final int index;
        private final Nb201Arch cell;
        private final ImageSet images;
        private final HeldOutSplit split;
        private final EpochListener epochs;
        private final Nb201Net net;
        private final List<Proxy> proxies;
        private final List<ArchLog.Row> rows = new ArrayList<>();
        private final boolean shareFirstEpoch;

        ArchRun(Path dir, Settings settings, int index, Nb201Arch cell, ImageSet images, HeldOutSplit split,
                EpochListener epochs, boolean shareFirstEpoch) {
            this.shareFirstEpoch = shareFirstEpoch;
            this.dir = dir;
            this.settings = settings;
            this.index = index;
            this.cell = cell;
            this.images = images;
            this.split = split;
            this.epochs = epochs;
            this.net = Nb201Net.official(cell, images.dataset()).withChannels(settings.protocol().channels())
                    .withCellsPerStage(settings.protocol().cellsPerStage());
            this.proxies = settings.proxies().stream().map(Proxies::of).toList();
        }

        ArchLog run(NDManager root) {
            Path partial = dir.resolve("arch-" + index + ".partial.csv");
            if (Files.isRegularFile(partial)) {
                ArchLog before = ArchLog.read(partial);
                if (before.index() != index || !before.arch().equals(cell.toString())) {
                    throw new IllegalStateException(partial + " is the log of " + before.arch() + ", not of "
                            + cell + ": remove it");
                }
                rows.addAll(before.rows());
            }
            try (NDManager m = root.newSubManager()) {
                if (rows.stream().noneMatch(r -> r.phase().equals(ArchLog.INIT))) {
                    try (var trainer = new NetworkTrainer(net, settings.seed(), m)) {
                        rows.add(0, new ArchLog.Row(ArchLog.INIT, new EpochStats(-1, Double.NaN, 0, Double.NaN,
                                Double.NaN, 0, false), trainer.accuracy(images, split.heldOut(), 500),
                                proxies(trainer, m)));
                        log(partial, Map.of());
                    }
                }
                Fear.score(net, settings.protocol(), images, split.train(), settings.seed(), m, this);
                for (int e : settings.shortEpochs()) {
                    ShortReg.score(net, e, settings.shortBatch(), images, split.train(), settings.seed(), m, this);
                }
            }
            var notes = new LinkedHashMap<String, String>();
            notes.put("finished", Instant.now().toString());
            notes.put("rss_mib", String.format(Locale.ROOT, "%.1f", residentMib()));
            ArchLog log = log(logFile(dir, index), notes);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("arch-" + index + "."))
                        .filter(f -> !f.equals(logFile(dir, index))).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + partial + "'s checkpoints: "
                        + AtomicFiles.describe(e), e);
            }
            return log;
        }

        @Override
        public List<EpochStats> resume(String phase, NetworkTrainer trainer) {
            List<ArchLog.Row> logged = rows.stream().filter(r -> r.phase().equals(phase)).toList();
            if (logged.isEmpty()) {
                return shareFirstEpoch && phase.startsWith("short") ? sharedFirstEpoch(phase, trainer) : List.of();
            }
            Path checkpoint = checkpoint(phase);
            // the row is logged before the checkpoint is saved: a row without its checkpoint is trained again
            int done = Files.isRegularFile(checkpoint) ? trainer.restore(checkpoint) : 0;
            if (done > logged.size()) {
                throw new IllegalStateException(checkpoint + " says " + done + " epochs are done, the log has "
                        + logged.size() + ": remove arch-" + index + ".* to start the architecture over");
            }
            for (ArchLog.Row dropped : logged.subList(done, logged.size())) {
                rows.remove(dropped);
            }
            return logged.subList(0, done).stream().map(ArchLog.Row::stats).toList();
        }

        /**
         * A shortreg run's first epoch is stage 1's first epoch: the same initialisation, order, augmentation, batch
         * and rate (a cosine starts at 0.1 whatever its horizon) on a fresh trainer's first stage. So it is taken
         * from stage 1's checkpoint after that epoch, with its statistics and seconds, rather than trained again.
         */
        private List<EpochStats> sharedFirstEpoch(String phase, NetworkTrainer trainer) {
            Path first = checkpoint(FIRST);
            var stage1 = rows.stream().filter(r -> r.phase().equals(Fear.STAGE1) && r.stats().epoch() == 0)
                    .findFirst();
            if (stage1.isEmpty() || !Files.isRegularFile(first) || trainer.restore(first) != 1) {
                return List.of();
            }
            EpochStats s = stage1.get().stats();
            Map<String, Double> values = phase.equals(ShortReg.phase(settings.proxyEpochs()))
                    ? proxies(trainer, trainer.params().manager()) : Map.of();
            rows.add(new ArchLog.Row(phase, s, stage1.get().heldOut(), values));
            log(dir.resolve("arch-" + index + ".partial.csv"), Map.of());
            trainer.save(checkpoint(phase), 1);
            epochs.epoch(index, phase, s);
            return List.of(s);
        }

        @Override
        public void finished(String phase, EpochStats stats, NetworkTrainer trainer) {
            double heldOut = stats.diverged() ? Double.NaN : trainer.accuracy(images, split.heldOut(), 500);
            Map<String, Double> values = !stats.diverged() && phase.equals(ShortReg.phase(settings.proxyEpochs()))
                    ? proxies(trainer, trainer.params().manager()) : Map.of();
            rows.add(new ArchLog.Row(phase, stats, heldOut, values));
            log(dir.resolve("arch-" + index + ".partial.csv"), Map.of());
            trainer.save(checkpoint(phase), stats.epoch() + 1);
            if (phase.equals(Fear.STAGE1) && stats.epoch() == 0 && shareFirstEpoch) {
                trainer.save(checkpoint(FIRST), 1);
            }
            epochs.epoch(index, phase, stats);
        }

        private Map<String, Double> proxies(NetworkTrainer trainer, NDManager parent) {
            var values = new LinkedHashMap<String, Double>();
            if (proxies.isEmpty()) {
                return values;
            }
            long seed = BatchSampler.seedFor(settings.seed(), index);
            try (NDManager m = parent.newSubManager()) {
                Batch batch = BatchSampler.training(images).sample(settings.proxyBatch(), seed, m);
                var context = ProxyContext.atWeights(net, trainer.params(), images.dataset(), m, batch, seed,
                        Proxy.Needs.of(proxies));
                for (Proxy p : proxies) {
                    values.put(p.name(), p.score(context));
                }
            }
            return values;
        }

        private Path checkpoint(String phase) {
            return dir.resolve("arch-" + index + "." + phase + ".ckpt");
        }

        private ArchLog log(Path file, Map<String, String> notes) {
            var all = new LinkedHashMap<String, String>();
            all.put("index", Integer.toString(index));
            all.put("arch", cell.toString());
            all.putAll(notes);
            var log = new ArchLog(index, cell.toString(), settings.proxies(), rows, all);
            log.write(file);
            return log;
        }
    }

    /** The process's resident memory, MiB (NaN where /proc is missing). */
    static double residentMib() {
        var kb = io.trainfree.model.ProcessMemory.residentKb();
        return kb.isPresent() ? kb.getAsLong() / 1024.0 : Double.NaN;
    }
}
