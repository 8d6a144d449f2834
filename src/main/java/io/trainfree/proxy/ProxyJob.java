package io.trainfree.proxy;

import ai.djl.Device;
import com.google.gson.annotations.SerializedName;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.Journal;
import io.trainfree.job.Json;
import io.trainfree.job.KeyedJob;
import io.trainfree.job.SettingsMismatchException;
import io.trainfree.model.Devices;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Isomorphism;
import io.trainfree.space.Nb201Space;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Computes proxies for a set of NAS-Bench-201 architectures into a CSV ({@link ProxyTable}, {@link ProxyTableCsv}),
 * resumably: a {@link KeyedJob} over the architectures' indices, each finished row appended at once to its journal
 * ({@code <target>.partial}, rows as {@link ProxyJournalRows}), so an interruption (Ctrl-C, a crash, a killed machine)
 * loses at most the architecture in flight and a run with the same settings picks up where it stopped. The journal
 * records the settings ({@link Settings}); a run with other settings is refused with a
 * {@link SettingsMismatchException} naming what differs, rather than mixing values of two runs. At the end the table
 * is written atomically (sorted by index), with a sidecar {@code <target>.json} recording the settings and the
 * {@link Summary} (the date, the seconds spent, the command), and the journal is removed. A target that already
 * exists without a journal is a finished table: it is only replaced with {@link Options#restart()}. Progress, notes
 * and warnings go to a {@link JobListener}.
 *
 * <p><b>Isomorphism classes.</b> With {@link Iso#NB201} or {@link Iso#FUNCTIONAL}, one architecture per class is
 * computed and its values copied to the other requested members. The representative is the class member with the
 * smallest benchmark index over the whole space (requested or not), and it is scored with its own seed
 * ({@code seed + representative}), so a row's values depend only on the settings and its index, never on which other
 * architectures were asked for. The table then has a {@code computed_from} column holding the representative. Copying
 * is exact for the function the cell computes, not for everything a proxy may read: {@link Iso#FUNCTIONAL} merges
 * cells where an op is fed only zeros with cells without that op, and in the reference network such an op still
 * has parameters (a conv bias, whose constant output batch-norm turns into gradients scaled by 1/sqrt(eps)), so
 * gradient proxies (fisher most) differ within a functional class, and within the benchmark's classes too; use
 * {@link Iso#GRADIENT_SAFE} for them and the functional rule for forward-only proxies (naswot, SWAP, zen). Also:
 * values a proxy knows from the cell alone ({@link Proxy#ofArchitecture}: {@code params}, {@code flops}) are computed
 * for each member, since they count dead edges; {@code l2_norm}, which also sees dead edges' weights, is copied; and
 * copied values stand for a fresh initialisation of the representative, not of the member.
 *
 * {@snippet :
 * try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list("grad_norm,snip,synflow"))) {
 *     var job = ProxyJob.of(runner, nb201.space(), ArchSelection.sample(200, 0, Nb201.SIZE),
 *             Path.of("data/proxies/nb201-cifar10.csv"), new ProxyJob.Options());
 *     ProxyTable table = job.run(JobListener.NONE).table();
 * }
 * }
 */
public final class ProxyJob {
    /** The space id recorded in the settings (the only space jobs run on so far). */
    public static final String SPACE = "nb201";

    /** The kind of job its journal names in its first line: {@code # trainfree proxies journal 1}. */
    public static final String JOURNAL_KIND = "proxies";

    /** Which architectures share a computation. */
    public enum Iso {
        /** Every architecture is computed. */
        @SerializedName("none")
        NONE,
        /** The benchmark's own rule, {@link Nb201Isomorphism#nb201()} (6,466 classes). */
        @SerializedName("nb201")
        NB201,
        /** Flattened sums, zero terms dropped, {@link Nb201Isomorphism#functional()} (4,930 classes). */
        @SerializedName("functional")
        FUNCTIONAL,
        /**
         * The benchmark's classes, except that a cell with a convolution fed only zeros
         * ({@link io.trainfree.space.Nb201Arch#hasZeroFedConv()}) is computed on its own (8,636 computations): the
         * rule for gradient proxies, whose values such a conv changes.
         */
        @SerializedName("gradient-safe")
        GRADIENT_SAFE;

        /** {@code none}, {@code nb201}, {@code functional} or {@code gradient-safe}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** By id, case-insensitively; unknown ids list the known. */
        public static Iso parse(String id) {
            for (Iso i : values()) {
                if (i.id().equalsIgnoreCase(id.strip())) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown isomorphism mode '" + id + "'; known: "
                    + Arrays.stream(values()).map(Iso::id).collect(Collectors.joining(", ")));
        }

        Nb201Isomorphism rule() {
            return switch (this) {
                case NONE -> null;
                case NB201, GRADIENT_SAFE -> Nb201Isomorphism.nb201();
                case FUNCTIONAL -> Nb201Isomorphism.functional();
            };
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * How a job runs.
     *
     * @param iso          which architectures share a computation
     * @param restart      discard an existing journal and replace an existing target
     * @param syncRows     sync the journal to disk at least every so many rows ...
     * @param syncInterval ... and at least this often (rows are written to the file at once either way; syncing
     *                     guards against a machine crash, not a killed process)
     * @param command      the command line, recorded in the journal and the sidecar
     */
    public record Options(Iso iso, boolean restart, int syncRows, Duration syncInterval, String command) {
        public Options {
            Objects.requireNonNull(iso, "iso");
            new KeyedJob.Options(restart, syncRows, syncInterval, command); // checks the rest
        }

        /** No isomorphism copying, resume, sync every 20 rows or 10 seconds. */
        public Options() {
            this(Iso.NONE, false, 20, Duration.ofSeconds(10), "");
        }

        public Options withIso(Iso i) {
            return new Options(i, restart, syncRows, syncInterval, command);
        }

        public Options withRestart(boolean r) {
            return new Options(iso, r, syncRows, syncInterval, command);
        }

        public Options withCommand(String c) {
            return new Options(iso, restart, syncRows, syncInterval, c);
        }

        KeyedJob.Options job() {
            return new KeyedJob.Options(restart, syncRows, syncInterval, command);
        }
    }

    /**
     * Everything that decides a row's values, as recorded in the journal and the sidecar (keys in {@code snake_case},
     * {@link Json}); a journal is resumed only under equal settings.
     *
     * @param space     {@value #SPACE}
     * @param dataset   dataset id
     * @param proxies   proxy names in column order
     * @param seed      base seed (architecture {@code i} uses {@code seed + i})
     * @param batchSize images per batch
     * @param augment   whether batches are augmented
     * @param iso       isomorphism mode
     * @param device    the device computed on ({@code cpu}, {@code gpu:0})
     * @param threads   the engine's intra-op CPU threads (they change the order of floating-point sums, hence the
     *                  last bits of some values)
     * @param trainfree the trainfree version
     * @param archs     how many architectures the job computes
     * @param archsSha256 {@link ArchSelection#fingerprint} of their indices
     */
    public record Settings(String space, String dataset, List<String> proxies, long seed, int batchSize,
            boolean augment, Iso iso, String device, int threads, String trainfree, int archs, String archsSha256) {
        public Settings {
            proxies = List.copyOf(proxies);
        }

        /** The settings as the journal writes them, in order ({@code proxies} comma-separated). */
        public Map<String, String> toMap() {
            return Json.text(this);
        }
    }

    /**
     * What a finished job did, as its sidecar records it after the settings.
     *
     * @param rows           rows of the table
     * @param computed       rows scored, over all sessions
     * @param copied         rows copied from their class representative
     * @param finished       when the table was written (ISO-8601)
     * @param sessions       how many runs it took
     * @param secondsTotal   seconds of scoring over all sessions, summed over cells (with several workers, more than
     *                       the time that passed)
     * @param secondsPerArch mean wall-clock seconds of scoring one architecture (batch, network, every proxy)
     * @param secondsMean    per proxy, mean seconds per computed architecture (a pass shared by several proxies is
     *                       charged to the first that needs it)
     * @param secondsNote    what the seconds mean, for a reader of the file
     * @param command        the command line
     */
    public record Summary(int rows, int computed, int copied, String finished, int sessions, double secondsTotal,
            double secondsPerArch, Map<String, Double> secondsMean, String secondsNote, String command) {
        static final String NOTE = "seconds_per_arch: wall clock of scoring one architecture (batch, network, all "
                + "proxies); seconds_mean: per proxy, a pass shared by several charged to the first that needs it";
    }

    /**
     * What a finished job did.
     *
     * @param table    the whole table written
     * @param csv      where
     * @param sidecar  the settings and timings beside it
     * @param resumed  rows found finished in the journal
     * @param computed architectures scored in this session
     * @param copied   rows copied from their class representative in this session
     * @param seconds  wall-clock seconds of this session
     * @param secondsPerArch mean wall-clock seconds of scoring one architecture (batch, network, every proxy), over
     *                 all sessions' computed rows
     * @param proxySeconds per proxy, mean seconds per computed architecture over all sessions (a pass shared by
     *                 several proxies is charged to the first that needs it)
     * @param notes    what the job told the user (resumed, a dropped torn line, a restored journal)
     */
    public record Result(ProxyTable table, Path csv, Path sidecar, int resumed, int computed, int copied,
            double seconds, double secondsPerArch, Map<String, Double> proxySeconds, List<String> notes) {
        public Result {
            proxySeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(proxySeconds));
            notes = List.copyOf(notes);
        }
    }

    /**
     * Scores a job's cells: {@link ProxyJob#run(JobListener, Scoring)} hands it the representatives to compute and
     * merges what it gives back.
     */
    @FunctionalInterface
    public interface Scoring {
        /**
         * Scores these benchmark indices (ascending), giving each cell's values to {@code sink} as soon as they are
         * known, in any order, from the calling thread (the sink appends to the journal, which is not shared).
         */
        void score(int[] indices, Consumer<Scored> sink);
    }

    /**
     * Scoring beyond this process, found by {@link java.util.ServiceLoader} (the trainfree-spark module provides
     * {@code spark}), so the library itself needs none of it.
     */
    public interface Backend {
        /** What {@code trainfree proxies compute --<name>} selects: {@code spark}. */
        String name();

        /**
         * Scoring for this job on {@code master} (for Spark a master URL: {@code local[2]},
         * {@code spark://host:7077}, {@code yarn}); close it when the job is done.
         */
        Session open(ProxyJob job, String master);

        /** A backend's scoring and what it holds (a Spark context). */
        interface Session extends Scoring, AutoCloseable {
            @Override
            void close();
        }
    }

    /**
     * One cell's scores: values and seconds in the job's proxy order. Serializable: a Spark task sends it back.
     *
     * @param index        the benchmark index scored (with the base seed it fixed the batch and the weights)
     * @param values       per proxy
     * @param archSeconds  wall clock of the whole cell (batch, network, every proxy)
     * @param proxySeconds per proxy
     * @param device       the device it was scored on ({@code cpu}, {@code gpu:1}): a Spark executor's may differ
     *                     from the driver's
     */
    public record Scored(int index, double[] values, double archSeconds, double[] proxySeconds, String device)
            implements java.io.Serializable {
        /** Scores a cell with a runner, as every job does, wherever it runs. */
        public static Scored of(ProxyRunner runner, Nb201Arch arch, int index) {
            long t0 = System.nanoTime();
            ProxyScores s = runner.score(arch, index);
            double archSeconds = (System.nanoTime() - t0) / 1e9;
            List<Proxy> proxies = runner.proxies();
            double[] values = new double[proxies.size()];
            double[] seconds = new double[proxies.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = s.value(proxies.get(k).name());
                seconds[k] = s.seconds().get(proxies.get(k).name());
            }
            return new Scored(index, values, archSeconds, seconds, deviceId(runner.device()));
        }
    }

    /** Seconds over all sessions' computed rows. */
    private record Timing(int computed, double total, Map<String, Double> perProxy) {
        static Timing of(List<String> names, List<ProxyJournalRows.Entry> entries) {
            int computed = 0;
            double total = 0;
            double[] sum = new double[names.size()];
            for (ProxyJournalRows.Entry e : entries) {
                if (e.computed()) { // a representative's cost is charged to the first row written from it
                    computed++;
                    total += e.archSeconds();
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += e.proxySeconds()[k];
                    }
                }
            }
            var mean = new LinkedHashMap<String, Double>();
            for (int k = 0; k < sum.length; k++) {
                mean.put(names.get(k), computed == 0 ? Double.NaN : sum[k] / computed);
            }
            return new Timing(computed, total, mean);
        }

        double perArch() {
            return computed == 0 ? Double.NaN : total / computed;
        }
    }

    private final ProxyRunner runner;
    private final Nb201Space space;
    private final int[] indices;
    private final Path target;
    private final Options options;
    private final Settings settings;

    private ProxyJob(ProxyRunner runner, Nb201Space space, int[] indices, Path target, Options options) {
        this.runner = runner;
        this.space = space;
        this.indices = indices;
        this.target = target;
        this.options = options;
        ProxyRunner.Options o = runner.options();
        this.settings = new Settings(SPACE, runner.dataset().id(),
                runner.proxies().stream().map(Proxy::name).toList(), o.seed(), o.batchSize(), o.augment(),
                options.iso(), deviceId(runner.device()), Devices.threads(), version(), indices.length,
                ArchSelection.fingerprint(indices));
    }

    /**
     * A job over these indices of the space.
     *
     * @param indices benchmark indices (any order; duplicates are merged)
     * @param target  the CSV to write; its journal is {@code target + ".partial"}, its sidecar
     *                {@code target + ".json"}
     * @throws IllegalArgumentException for an index outside the space or no index at all
     */
    public static ProxyJob of(ProxyRunner runner, Nb201Space space, int[] indices, Path target, Options options) {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        int[] sorted = Arrays.stream(indices).distinct().sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no architectures to compute");
        }
        if (sorted[0] < 0 || sorted[sorted.length - 1] >= space.size()) {
            int bad = sorted[0] < 0 ? sorted[0] : sorted[sorted.length - 1];
            throw new IllegalArgumentException("index " + bad + " is outside the space's indices 0.."
                    + (space.size() - 1));
        }
        return new ProxyJob(runner, space, sorted, target, options);
    }

    /** The trainfree version recorded with the results ({@code development build} when run from classes). */
    public static String version() {
        String v = ProxyJob.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /**
     * Refuses a cell scored on another kind of device than the settings record (a Spark executor with a GPU while the
     * driver has none): the table would claim the wrong device. GPUs are interchangeable: a backend hands each task
     * the GPU it was given.
     */
    private void checkDevice(Scored s) {
        String kind = settings.device().startsWith("gpu") ? "gpu" : settings.device();
        if (s.device() != null && !s.device().equals(kind) && !s.device().startsWith(kind + ":")) {
            throw new IllegalStateException("cell " + s.index() + " was scored on " + s.device() + ", but the job "
                    + "records " + settings.device() + " (its driver's device): give --device "
                    + (s.device().startsWith("gpu") ? "gpu, on a driver that has one," : "cpu")
                    + " so that the table says where it was computed");
        }
    }

    static String deviceId(Device d) {
        return d.isGpu() ? "gpu:" + d.getDeviceId() : d.getDeviceType();
    }

    public Settings settings() {
        return settings;
    }

    /** How the job's runner scores (a backend's tasks score with the same). */
    public ProxyRunner.Options runnerOptions() {
        return runner.options();
    }

    /** The space the indices are of. */
    public Nb201Space space() {
        return space;
    }

    public Path target() {
        return target;
    }

    /** {@code <target>.partial}. */
    public Path journal() {
        return journalOf(target);
    }

    /** {@code <target>.json}. */
    public Path sidecar() {
        return sidecarOf(target);
    }

    /** The journal of a target: {@code <target>.partial}. */
    public static Path journalOf(Path target) {
        return KeyedJob.journalOf(target);
    }

    /** The sidecar of a target: {@code <target>.json}. */
    public static Path sidecarOf(Path target) {
        return KeyedJob.sidecarOf(target);
    }

    /** The sorted indices the job computes. */
    public int[] indices() {
        return indices.clone();
    }

    /**
     * Runs the job: resumes the journal if there is one, computes what is missing, writes the table and the sidecar,
     * removes the journal. Tells {@code listener} what it resumes, its progress (one step per computation, copied
     * rows take none), the files written, and an interruption.
     *
     * @throws KeyedJob.TargetExistsException if the target exists already (without {@link Options#restart()})
     * @throws io.trainfree.job.JobLock.BusyException if another job is writing the journal
     * @throws SettingsMismatchException if the journal was started with other settings
     * @throws IllegalStateException if a proxy fails (the finished rows stay in the journal)
     * @throws FileFormatException if the journal has a bad line
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public Result run(JobListener listener) {
        return run(listener, inProcess());
    }

    /**
     * {@link #run(JobListener)} with the cells scored by {@code scoring}: in this process, or spread over machines
     * (the trainfree-spark module's {@link Backend}). Whatever scores them, each result is merged here, keyed by its
     * representative and appended to the journal at once, so an interruption keeps every merged row; a result for a
     * cell already merged, or not asked for (a retried or speculative task's), is dropped, so none is written twice.
     *
     * @throws IllegalStateException if scoring fails or leaves a cell without values (the finished rows stay in the
     *                               journal)
     */
    public Result run(JobListener listener, Scoring scoring) {
        Objects.requireNonNull(scoring, "scoring");
        var requested = new BitSet(space.size());
        Arrays.stream(indices).forEach(requested::set);
        List<String> names = settings.proxies();
        var job = KeyedJob.of(ProxyJournalRows.KIND, target, settings,
                ProxyJournalRows.of(names, space, requested), options.job());
        try (var session = job.start(listener)) {
            var done = new HashMap<Integer, ProxyJournalRows.Entry>();
            var byRepresentative = new HashMap<Integer, double[]>();
            for (ProxyJournalRows.Entry e : session.resumed()) {
                done.put(e.row().index(), e);
                byRepresentative.putIfAbsent(e.row().computedFrom(), e.row().values());
            }
            if (!done.isEmpty()) {
                session.note(String.format("resuming %s: %,d of %,d rows done", journal(), done.size(),
                        indices.length));
            }
            if (session.tornLine() > 0) {
                session.note("the journal's last line (line " + session.tornLine() + ") was cut by an interruption; "
                        + "dropped, its architecture is computed again");
            }
            int[] representative = representatives();
            int[] pending = Arrays.stream(indices).filter(i -> !done.containsKey(i)).toArray();
            int[] copied = {0};
            // the pending rows by the representative they wait for, in index order; those whose values a resumed
            // row already has are written at once
            var waiting = new LinkedHashMap<Integer, List<Integer>>();
            for (int i : pending) {
                int rep = representative == null ? i : representative[i];
                double[] values = byRepresentative.get(rep);
                if (values == null) {
                    waiting.computeIfAbsent(rep, r -> new ArrayList<>()).add(i);
                } else {
                    copied[0]++;
                    session.append(new ProxyJournalRows.Entry(new ProxyTable.Row(i, space.arch(i),
                            i == rep ? values : ownValues(values, i), rep), 0, new double[names.size()]));
                }
            }
            int[] toCompute = waiting.keySet().stream().mapToInt(Integer::intValue).toArray();
            // progress counts computations, not rows: copied rows take no time, so counting them would skew the ETA
            listener.started(label() + (representative == null ? "" : ", one computation per class"),
                    toCompute.length);
            try {
                scoring.score(toCompute, s -> {
                    if (!waiting.containsKey(s.index())) {
                        return; // merged already, or never asked for
                    }
                    checkDevice(s);
                    List<Integer> members = waiting.remove(s.index());
                    listener.computed();
                    byRepresentative.put(s.index(), s.values());
                    boolean first = true;
                    for (int i : members) {
                        // the first row written from a computation carries its cost; also when the representative
                        // was not asked for and is computed for this member
                        double[] own = i == s.index() ? s.values() : ownValues(s.values(), i);
                        session.append(new ProxyJournalRows.Entry(new ProxyTable.Row(i, space.arch(i), own,
                                s.index()), first ? s.archSeconds() : 0,
                                first ? s.proxySeconds() : new double[names.size()]));
                        copied[0] += first ? 0 : 1;
                        first = false;
                    }
                });
            } catch (RuntimeException e) {
                throw session.failed(e);
            } finally {
                listener.ended();
            }
            if (!waiting.isEmpty()) {
                throw session.failed(new IllegalStateException("scoring ended without values for "
                        + waiting.size() + " cells (the first: index " + waiting.keySet().iterator().next() + ")"));
            }
            int computed = toCompute.length;
            List<ProxyJournalRows.Entry> entries = session.rows();
            ProxyTable table = ProxyTable.of(names, entries.stream().map(ProxyJournalRows.Entry::row).toList(),
                    options.iso() != Iso.NONE);
            Timing timing = Timing.of(names, entries);
            var summary = new Summary(table.rowCount(), timing.computed(), table.rowCount() - timing.computed(),
                    Instant.now().toString(), session.sessions(), timing.total(), timing.perArch(), timing.perProxy(),
                    Summary.NOTE, options.command());
            session.finish(ProxyTableCsv.toCsv(table), table.rowCount(), summary);
            return new Result(table, target, sidecar(), done.size(), computed, copied[0], session.seconds(),
                    timing.perArch(), timing.perProxy(), session.notes());
        }
    }

    /** Scores the cells one after another with this job's runner, in this thread. */
    private Scoring inProcess() {
        return (cells, sink) -> {
            for (int i : cells) {
                sink.accept(Scored.of(runner, space.arch(i), i));
            }
        };
    }

    /** Runs the job telling no one ({@link #run(JobListener)}). */
    public Result run() {
        return run(JobListener.NONE);
    }

    /** A representative's values with those a proxy knows from the member's cell alone put in their place. */
    private double[] ownValues(double[] representative, int index) {
        double[] values = representative.clone();
        List<Proxy> proxies = runner.proxies();
        for (int k = 0; k < values.length; k++) {
            OptionalDouble own = proxies.get(k).ofArchitecture(space.arch(index), runner.dataset());
            if (own.isPresent()) {
                values[k] = own.getAsDouble();
            }
        }
        return values;
    }

    /** For each index, the smallest index of its class over the whole space; null without isomorphism copying. */
    private int[] representatives() {
        Nb201Isomorphism rule = options.iso().rule();
        if (rule == null) {
            return null;
        }
        int[] rep = new int[space.size()];
        var first = new HashMap<Integer, Integer>();
        for (int i = 0; i < space.size(); i++) { // ascending, so the first member seen is the smallest index
            int index = i;
            if (options.iso() == Iso.GRADIENT_SAFE && space.arch(i).hasZeroFedConv()) {
                rep[i] = i;
            } else {
                rep[i] = first.computeIfAbsent(rule.canonical(space.arch(i)).code(), c -> index);
            }
        }
        return rep;
    }

    private String label() {
        return settings.space() + " " + settings.dataset() + " (" + settings.proxies().size() + " proxies)";
    }

    /**
     * The sidecar of a table written by a job ({@code <target>.json}) as a map (JSON types: strings, numbers,
     * booleans, lists, maps), or empty if there is none.
     *
     * @throws FileFormatException if it is not a JSON object
     */
    public static java.util.Optional<Map<String, Object>> readSidecar(Path target) {
        Path file = sidecarOf(target);
        return Files.exists(file) ? java.util.Optional.of(Json.readMap(file)) : java.util.Optional.empty();
    }

    /** The settings of a table written by a job, read from its sidecar, or empty if there is none. */
    public static java.util.Optional<Settings> readSettings(Path target) {
        Path file = sidecarOf(target);
        return Files.exists(file) ? java.util.Optional.of(Json.read(file, Settings.class))
                : java.util.Optional.empty();
    }

    /** The summary of a table written by a job, read from its sidecar, or empty if there is none. */
    public static java.util.Optional<Summary> readSummary(Path target) {
        Path file = sidecarOf(target);
        return Files.exists(file) ? java.util.Optional.of(Json.read(file, Summary.class))
                : java.util.Optional.empty();
    }

    /**
     * What computing a table cost, from the sidecar of a finished table or the journal of an unfinished one:
     * {@code proxy | mean_s}, the mean seconds per computed cell of each proxy (a pass shared by several charged to
     * the first that needs it), then a row {@code (cell)} for the whole cell (batch, network, every proxy). The
     * table's name says over how many computed cells.
     *
     * @throws FileFormatException if there is neither file
     */
    public static Table timings(Path target) {
        Map<String, Double> perProxy;
        double perArch;
        long computed;
        var summary = readSummary(target);
        if (summary.isPresent()) {
            perProxy = summary.get().secondsMean();
            perArch = summary.get().secondsPerArch();
            computed = summary.get().computed();
        } else if (Files.exists(journalOf(target))) {
            Journal.Contents<ProxyJournalRows.Entry> c = Journal.read(journalOf(target), ProxyJournalRows.KIND,
                    ProxyJournalRows.reading());
            Timing t = Timing.of(ProxyTableCsv.Layout.parse(journalOf(target), 0, c.columns()).proxies, c.rows());
            perProxy = t.perProxy();
            perArch = t.perArch();
            computed = t.computed();
        } else {
            throw new FileFormatException(target, 0, "neither a sidecar " + sidecarOf(target) + " nor a journal "
                    + journalOf(target) + " to read timings from");
        }
        List<String> names = new ArrayList<>(perProxy.keySet());
        var proxy = StringColumn.create("proxy", names);
        var seconds = DoubleColumn.create("mean_s",
                names.stream().mapToDouble(perProxy::get).toArray());
        proxy.append("(cell)");
        seconds.append(perArch);
        return Table.create(String.format("seconds per computed cell, over %,d cells of %s", computed,
                target.getFileName()), proxy, seconds);
    }

    /**
     * The settings a target was computed with: its sidecar's, or, while its run is unfinished, those in its
     * journal's header; empty if neither file exists. Values as text ({@code proxies} comma-separated).
     */
    public static java.util.Optional<Map<String, String>> recordedSettings(Path target) {
        var sidecar = readSidecar(target);
        if (sidecar.isPresent()) {
            var m = new LinkedHashMap<String, String>();
            sidecar.get().forEach((k, v) -> m.put(k, v instanceof List<?> l
                    ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(v)));
            return java.util.Optional.of(m);
        }
        Path journal = journalOf(target);
        if (!Files.exists(journal)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Journal.header(journal, ProxyJournalRows.KIND).settings());
    }
}
