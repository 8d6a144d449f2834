package io.trainfree.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The append-only file of a job's finished rows beside its target ({@code <target>.partial}). Its format, all lines
 * ending in {@code \n}:
 * <pre>
 * # trainfree proxies journal 1          the kind of job ("proxies") and the format's version
 * # space: nb201                         one "# key: value" line per setting (a record's components, lists
 * # ...                                  comma-separated), then "# started:" and "# command:"
 * index,arch,grad_norm,...               the row codec's header
 * 6111,|nor_conv_3x3~0|+|...|,12.5,...   one line per finished row
 * # resumed: 2026-11-23T17:02:11Z, 120 rows done     (a comment line per resumed session)
 * </pre>
 * Each row is appended with one write as soon as it is done, and the file is synced to disk every so many rows or
 * seconds. A last line without its line break was cut by an interruption: it is ignored, cut off the file, and its
 * row computed again. Any other unreadable line is an error naming the file and the line. This class is the only
 * reader of the format ({@link #read}, {@link #header}) besides the job appending to it.
 *
 * <p>A job holds its journal's {@link JobLock}, so a second job on the same journal is refused instead of interleaving
 * rows. If the path comes to name another file while the job runs (a git checkout of a committed journal), the job
 * writes what it has appended back there at its next sync or at its end.
 *
 * @param <R> a finished row
 */
public final class Journal<R> implements AutoCloseable {
    private static final String RESUMED = "# resumed:";

    private final Path file;
    private final RowCodec<R> codec;
    private final JobListener listener;
    private final List<R> rows;
    private final int sessions;
    private final int tornLine;
    private final int syncRows;
    private final long syncNanos;
    private int unsynced;
    private long lastSync = System.nanoTime();
    private boolean closed;
    /** The open journal; replaced when the file is restored after something replaced it under the job. */
    private FileChannel channel;
    /** The identity of the file the channel writes, to notice when the path names another file. */
    private Object key;

    private Journal(Path file, RowCodec<R> codec, FileChannel channel, Object key, List<R> rows, int sessions,
            int tornLine, int syncRows, Duration syncInterval, JobListener listener) {
        this.file = file;
        this.codec = codec;
        this.channel = channel;
        this.key = key;
        this.listener = listener;
        this.rows = rows;
        this.sessions = sessions;
        this.tornLine = tornLine;
        this.syncRows = syncRows;
        this.syncNanos = syncInterval.toNanos();
    }

    /** The first line of a journal of a kind of job: {@code # trainfree <kind> journal 1}. */
    public static String magic(String kind) {
        return "# trainfree " + kind + " journal 1";
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /**
     * A journal's lines as read: its recorded settings (and {@code started}, {@code command}), its row header and the
     * numbered row lines after it.
     */
    private record Scan(Map<String, String> settings, int headerLine, String header, List<Integer> rowLines,
            String[] lines, int sessions, int torn, int end) {
        boolean started() {
            return headerLine > 0;
        }

        long rows() {
            return rowLines.size();
        }
    }

    private static Scan scan(Path file, String kind, byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        String[] split = text.isEmpty() ? new String[0] : text.split("\n", -1);
        String[] lines = Arrays.copyOf(split, Math.max(split.length - 1, 0)); // "" after the last line break
        int torn = end < bytes.length ? lines.length + 1 : 0;
        var settings = new LinkedHashMap<String, String>();
        if (lines.length == 0) {
            return new Scan(settings, 0, null, List.of(), lines, 1, torn, end);
        }
        if (!lines[0].equals(magic(kind))) {
            throw new FileFormatException(file, 1, "not a trainfree " + kind + " journal (it should start with '"
                    + magic(kind) + "')");
        }
        int at = 1;
        for (; at < lines.length && lines[at].startsWith("#"); at++) {
            String l = lines[at].substring(1).strip();
            int colon = l.indexOf(':');
            if (colon > 0) {
                settings.putIfAbsent(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            }
        }
        if (at == lines.length) {
            return new Scan(settings, 0, null, List.of(), lines, 1, torn, end);
        }
        int sessions = 1;
        var rowLines = new ArrayList<Integer>();
        for (int i = at + 1; i < lines.length; i++) {
            if (lines[i].startsWith("#")) {
                sessions += lines[i].startsWith(RESUMED) ? 1 : 0;
            } else if (!lines[i].isEmpty()) {
                rowLines.add(i + 1);
            }
        }
        return new Scan(settings, at + 1, lines[at], rowLines, lines, sessions, torn, end);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + AtomicFiles.describe(e), e);
        }
    }

    /**
     * What a journal records without its rows read: its settings as text (and {@code started}, {@code command}), its
     * column header (null before the first row header is written) and how many finished rows it has.
     */
    public record Header(Map<String, String> settings, String columns, long rows, int sessions) {
        public Header {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * The header of a journal, read without opening it for writing (its job may still be appending).
     *
     * @throws FileFormatException if it is not a journal of that kind
     * @throws UncheckedIOException if it cannot be read
     */
    public static Header header(Path file, String kind) {
        Scan s = scan(file, kind, readAll(file));
        return new Header(s.settings(), s.header(), s.rows(), s.sessions());
    }

    /**
     * A journal's finished rows, read without opening it for writing (its job may still be appending): the rows so
     * far of an unfinished run. Comment lines are skipped and a cut last line is left out.
     *
     * @param <R> the rows, as {@code codec} reads them under the header found
     * @throws FileFormatException naming the file and line of a bad line, or if the journal has no rows yet
     * @throws UncheckedIOException if the file cannot be read
     */
    public static <R> Contents<R> read(Path file, String kind, RowCodec<R> codec) {
        Scan s = scan(file, kind, readAll(file));
        if (!s.started()) {
            throw new FileFormatException(file, s.lines().length, "the journal has no rows yet");
        }
        return new Contents<>(s.settings(), s.header(), rows(file, s, codec), s.sessions());
    }

    /** A journal's settings as text, its column header and its finished rows in file order. */
    public record Contents<R>(Map<String, String> settings, String columns, List<R> rows, int sessions) {
        public Contents {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            rows = List.copyOf(rows);
        }
    }

    private static <R> List<R> rows(Path file, Scan s, RowCodec<R> codec) {
        RowCodec.Reader<R> reader = codec.reader(file, s.headerLine(), s.header());
        var rows = new ArrayList<R>();
        var lineOf = new HashMap<Object, Integer>();
        for (int n : s.rowLines()) {
            R row = reader.read(n, s.lines()[n - 1]);
            Integer before = lineOf.putIfAbsent(codec.key(row), n);
            if (before != null) {
                throw new FileFormatException(file, n, codec.describe(codec.key(row)) + " appears again (first on "
                        + "line " + before + ")");
            }
            rows.add(row);
        }
        return rows;
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /**
     * Opens the journal for appending: a new one (written with the settings) if there is none or it holds no row
     * header yet, else the existing one, whose settings and header must equal these.
     *
     * @param kind     the kind of job ({@code proxies}), in the first line
     * @param settings what decides the rows' values, a record ({@link Json#text})
     * @param command  the command line recorded (not a setting)
     * @throws JobLock.BusyException if another job is writing the journal
     * @throws SettingsMismatchException if it was started with other settings
     * @throws FileFormatException for an unreadable line, another header, a row twice
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static <R> Journal<R> open(Path file, String kind, Record settings, RowCodec<R> codec, String command,
            int syncRows, Duration syncInterval, JobListener listener) {
        Objects.requireNonNull(listener, "listener");
        try {
            Files.createDirectories(AtomicFiles.directory(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + file + ": " + AtomicFiles.describe(e)
                    + " (choose another output file)", e);
        }
        // locked before it is read, so a second job on the same journal cannot interleave rows with this one
        FileChannel ch = JobLock.open(file);
        try {
            Scan s;
            try {
                // through the locked channel: closing any other descriptor of the file would drop the lock (POSIX)
                s = scan(file, kind, readAll(ch));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the journal " + file + ": " + AtomicFiles.describe(e), e);
            }
            Map<String, String> now = Json.text(settings);
            List<R> rows = new ArrayList<>();
            int sessions = 1;
            int torn = 0;
            long keep = 0;
            String append;
            if (!s.started()) { // new, or no row header yet: nothing finished, start the file again
                append = start(kind, now, command);
            } else {
                var differences = SettingsMismatchException.between(s.settings(), now);
                if (!differences.isEmpty()) {
                    throw new SettingsMismatchException(file, s.rows(), differences);
                }
                if (!s.header().equals(codec.header())) {
                    throw new FileFormatException(file, s.headerLine(), "the columns are not this job's: expected "
                            + codec.header() + ", found " + s.header());
                }
                rows = rows(file, s, codec);
                sessions = s.sessions() + 1;
                torn = s.torn();
                keep = s.end();
                append = RESUMED + " " + Instant.now() + ", " + rows.size() + " rows done"
                        + (torn > 0 ? ", unfinished line " + torn + " dropped" : "") + "\n";
            }
            try {
                ch.truncate(keep);
                ch.position(keep);
                write(ch, append + (keep == 0 ? codec.header() + "\n" : ""));
                ch.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal " + file + ": " + AtomicFiles.describe(e)
                        + " (choose a writable output directory)", e);
            }
            return new Journal<>(file, codec, ch, fileKey(file), rows, sessions, torn, syncRows, syncInterval,
                    listener);
        } catch (RuntimeException e) {
            JobLock.closeQuietly(ch, e);
            throw e;
        }
    }

    private static String start(String kind, Map<String, String> settings, String command) {
        var b = new StringBuilder(magic(kind)).append('\n');
        settings.forEach((k, v) -> b.append("# ").append(k).append(": ").append(v).append('\n'));
        b.append("# started: ").append(Instant.now()).append('\n');
        b.append("# command: ").append(command.replace('\n', ' ')).append('\n');
        return b.toString();
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        var bytes = ByteBuffer.allocate(Math.toIntExact(ch.size()));
        while (bytes.hasRemaining() && ch.read(bytes, bytes.position()) >= 0) {
            // until full: a read may return fewer bytes than asked
        }
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /**
     * Removes a journal to start over, refusing while a job is writing it.
     *
     * @throws JobLock.BusyException if a job holds it
     */
    public static void discard(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = JobLock.open(file)) {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the journal " + file + " to start over: "
                    + AtomicFiles.describe(e), e);
        }
    }

    /** The file system's identity of the file at {@code file} (device and inode on Linux), null if there is none. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(FileChannel ch, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    public Path file() {
        return file;
    }

    /** The rows finished before this session, in file order. */
    public List<R> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Sessions including this one (1 for a new journal). */
    public int sessions() {
        return sessions;
    }

    /** The line number of the unfinished last line dropped on opening, 0 if there was none. */
    public int tornLine() {
        return tornLine;
    }

    /**
     * Puts the journal back if its path no longer names the file being appended to. A git checkout, stash or pull of
     * a committed journal writes a new file there, and rows appended after that would go to the old, unlinked
     * file and be lost when the job ends. The job holds the journal while it runs, so the file it wrote wins.
     */
    private void restoreIfReplaced() throws IOException {
        Object now = fileKey(file);
        if (key == null || key.equals(now)) { // null: the file system gives no identity, nothing to compare
            return;
        }
        if (now != null) {
            try (FileChannel probe = JobLock.open(file)) { // throws if another job has started on the new file
                // only probing
            }
        }
        String text = new String(readAll(channel), StandardCharsets.UTF_8);
        AtomicFiles.write(file, text);
        FileChannel restored = JobLock.open(file);
        try {
            restored.position(restored.size());
        } catch (IOException e) {
            JobLock.closeQuietly(restored, e);
            throw e;
        }
        channel.close();
        channel = restored;
        key = fileKey(file);
        long rows = text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count() - 1;
        listener.warning("the journal " + file + " was " + (now == null ? "removed" : "replaced by another file")
                + " while the job ran (a git checkout, stash or pull does that to a committed journal); "
                + "restored it with the " + rows + " rows written so far");
    }

    /** Appends one finished row with one write; syncs to disk every {@code syncRows} rows or interval. */
    public synchronized void append(R row) {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed (the job was interrupted)");
        }
        try {
            write(channel, codec.format(row) + "\n");
            long now = System.nanoTime();
            if (++unsynced >= syncRows || now - lastSync >= syncNanos) {
                channel.force(false);
                restoreIfReplaced();
                unsynced = 0;
                lastSync = now;
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to the journal " + file + ": " + AtomicFiles.describe(ex),
                    ex);
        }
    }

    /**
     * Runs {@code finish} (the final write) holding the journal, so an interrupt's {@link #close()} waits for it,
     * then closes and deletes the journal. If {@code finish} throws, the journal stays.
     */
    public synchronized void finish(Runnable finish) {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed (the job was interrupted)");
        }
        finish.run();
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the final files are written, but the journal " + file + " cannot be "
                    + "removed: " + AtomicFiles.describe(e) + "; remove it by hand", e);
        }
    }

    /** Closes the journal unless it is closed already (or finished); says whether it did. */
    public synchronized boolean closeIfOpen() {
        if (closed) {
            return false;
        }
        close();
        return true;
    }

    /** Syncs and closes; waits for an append or the final write in progress. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            try {
                channel.force(false);
                restoreIfReplaced();
            } finally {
                channel.close(); // the restored file's if restoring replaced it (the old one is closed then)
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal " + file + ": " + AtomicFiles.describe(e), e);
        }
    }
}
