package io.trainfree.job;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A long computation over keyed items (cells, training runs, architectures) into one file, resumable: each finished
 * row is appended at once to a {@link Journal} beside the target ({@code <target>.partial}), so an interruption
 * (Ctrl-C, a crash, a killed machine) loses at most the row in flight and a job with the same settings picks up where
 * it stopped. The journal records the settings (a record); a job with other settings is refused with a
 * {@link SettingsMismatchException} naming what differs, rather than mixing rows of two runs. At the end the target is
 * written atomically with a sidecar {@code <target>.json} (the settings and the job's summary, a record, through
 * {@link Json}), and the journal is removed; if the final write fails, the journal stays. A target that exists
 * without a journal is finished: it is only replaced with {@link Options#restart()}.
 *
 * {@snippet :
 * var options = new KeyedJob.Options(false, 20, Duration.ofSeconds(10), "");
 * var job = KeyedJob.of("proxies", target, settings, codec, options);
 * try (var session = job.start(listener)) {
 *     Set<Integer> done = ...; // keys of session.resumed()
 *     for (int key : keys) {
 *         if (!done.contains(key)) {
 *             session.append(compute(key)); // or throw session.failed(e)
 *         }
 *     }
 *     session.finish(csv, rows, summary);
 * }
 * }
 *
 * @param <R> a finished row
 */
public final class KeyedJob<R> {
    /**
     * How a job runs.
     *
     * @param restart      discard an existing journal and replace an existing target
     * @param syncRows     sync the journal to disk at least every so many rows ...
     * @param syncInterval ... and at least this often (rows are written to the file at once either way; syncing
     *                     guards against a machine crash, not a killed process)
     * @param command      the command line, recorded in the journal (not a setting)
     */
    public record Options(boolean restart, int syncRows, Duration syncInterval, String command) {
        public Options {
            Objects.requireNonNull(syncInterval, "syncInterval");
            Objects.requireNonNull(command, "command");
            if (syncRows < 1) {
                throw new IllegalArgumentException("syncRows must be >= 1, got " + syncRows);
            }
            if (syncInterval.isNegative()) {
                throw new IllegalArgumentException("syncInterval must not be negative, got " + syncInterval);
            }
        }
    }

    /** The target of a job exists already, finished (no journal beside it), and the job was not told to restart. */
    public static final class TargetExistsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Path target;
        private final transient Path sidecar;

        TargetExistsException(Path target, Path sidecar) {
            super(target + " exists already (finished; its settings are in " + sidecar + "): restart the job to "
                    + "compute it again and replace it, or write to another file");
            this.target = target;
            this.sidecar = sidecar;
        }

        public Path target() {
            return target;
        }

        public Path sidecar() {
            return sidecar;
        }
    }

    private final String kind;
    private final Path target;
    private final Record settings;
    private final RowCodec<R> codec;
    private final Options options;

    private KeyedJob(String kind, Path target, Record settings, RowCodec<R> codec, Options options) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.target = Objects.requireNonNull(target, "target");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * A job writing {@code target}.
     *
     * @param kind     what the job computes ({@code proxies}), in the journal's first line
     * @param settings everything that decides a row's value; a journal is resumed only under equal settings
     */
    public static <R> KeyedJob<R> of(String kind, Path target, Record settings, RowCodec<R> codec, Options options) {
        return new KeyedJob<>(kind, target, settings, codec, options);
    }

    /** The journal of a target: {@code <target>.partial}. */
    public static Path journalOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** The sidecar of a target: {@code <target>.json}. */
    public static Path sidecarOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".json");
    }

    public Path target() {
        return target;
    }

    public Path journal() {
        return journalOf(target);
    }

    public Path sidecar() {
        return sidecarOf(target);
    }

    /**
     * Starts a session: discards the journal on restart (or refuses a finished target), opens and locks the journal,
     * reads the rows it has, and tells the listener what it resumes. Close the session when done; an interrupted JVM
     * closes it (the journal keeps every appended row) and tells the listener.
     *
     * @throws TargetExistsException if the target is finished and {@link Options#restart()} is off
     * @throws JobLock.BusyException if another job is writing the journal
     * @throws SettingsMismatchException if the journal was started with other settings
     * @throws FileFormatException if the journal has a bad line
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public Session start(JobListener listener) {
        Objects.requireNonNull(listener, "listener");
        Path journalFile = journal();
        if (options.restart()) {
            Journal.discard(journalFile);
        } else if (!Files.exists(journalFile) && Files.exists(target)) {
            throw new TargetExistsException(target, sidecar());
        }
        return new Session(listener);
    }

    /** One run of the job, holding the journal. */
    public final class Session implements AutoCloseable {
        private final long start = System.nanoTime();
        private final JobListener listener;
        // synchronized: the shutdown hook's close may add a warning from its own thread
        private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        private final Journal<R> journal;
        private final Thread hook;
        private final List<R> appended = new ArrayList<>();

        private Session(JobListener listener) {
            this.listener = listener;
            this.journal = Journal.open(journal(), kind, settings, codec, options.command(), options.syncRows(),
                    options.syncInterval(), new JobListener() {
                        @Override
                        public void warning(String message) {
                            notes.add(message);
                            listener.warning(message);
                        }
                    });
            hook = new Thread(this::interrupted, "trainfree-journal-close");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** Tells the user something about the run (kept in {@link #notes()}). */
        public void note(String message) {
            notes.add(message);
            listener.note(message);
        }

        /** The rows the journal had, in file order. */
        public List<R> resumed() {
            return journal.rows();
        }

        /** The line number of the journal's cut last line dropped on opening, 0 if there was none. */
        public int tornLine() {
            return journal.tornLine();
        }

        /** Sessions of the journal including this one. */
        public int sessions() {
            return journal.sessions();
        }

        /** The rows appended in this session. */
        public List<R> appended() {
            return Collections.unmodifiableList(appended);
        }

        /** The rows resumed, then those appended. */
        public List<R> rows() {
            var all = new ArrayList<>(journal.rows());
            all.addAll(appended);
            return all;
        }

        /** Appends a finished row to the journal. */
        public void append(R row) {
            journal.append(row);
            appended.add(row);
        }

        /**
         * A computation's failure as the job reports it: its message, and where the finished rows are kept.
         */
        public IllegalStateException failed(RuntimeException cause) {
            return new IllegalStateException(cause.getMessage() + "; the " + (journal.rows().size() + appended.size())
                    + " finished rows are kept in " + journal.file() + ", run the same job again to resume", cause);
        }

        /**
         * Writes the target and the sidecar atomically ({@code {"file": <target's name>}}, the settings, then the
         * summary's components), then removes the journal; if a write fails, the journal stays.
         *
         * @param summary a record of what the job did, or null for none
         */
        public void finish(String targetText, int rows, Record summary) {
            var file = new JsonObject();
            file.add("file", new JsonPrimitive(target.getFileName().toString()));
            String sidecarText = Json.write(summary == null ? Json.merged(file, Json.tree(settings))
                    : Json.merged(file, Json.tree(settings), Json.tree(summary)));
            journal.finish(() -> {
                AtomicFiles.write(target, targetText);
                AtomicFiles.write(sidecar(), sidecarText);
            });
            listener.written(target, rows, sidecar());
        }

        /** Wall-clock seconds since the session started. */
        public double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        /** What the job told the user (notes and warnings). */
        public List<String> notes() {
            synchronized (notes) {
                return List.copyOf(notes);
            }
        }

        private void interrupted() {
            if (journal.closeIfOpen()) { // waits for a row being appended, or for the final write
                listener.interrupted(journal.file());
            }
        }

        /** Closes the journal (keeping its rows unless finished) and removes the shutdown hook. */
        @Override
        public void close() {
            try {
                journal.close();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook has run or is running
                }
            }
        }
    }
}
