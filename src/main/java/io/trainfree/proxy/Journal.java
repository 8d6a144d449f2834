package io.trainfree.proxy;

import io.trainfree.space.Nb201Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The append-only file of finished rows beside a job's target ({@code <target>.partial}). Its format, all lines
 * ending in {@code \n}:
 * <pre>
 * # trainfree proxies journal 1
 * # space: nb201                      one "# key: value" line per setting (ProxyJob.Settings), then
 * # ...                               "# started:" and "# command:"
 * index,arch,grad_norm,...,computed_from,seconds:arch,seconds:grad_norm,...
 * 6111,|nor_conv_3x3~0|+|...|,12.5,...,6111,0.61,0.2,...
 * # resumed: 2026-11-23T17:02:11Z, 120 rows done     (a comment line per resumed session)
 * </pre>
 * Each row is appended with one write as soon as its architecture is done, and the file is synced to disk every so
 * many rows or seconds. A last line without its line break was cut by an interruption: it is ignored, cut off the
 * file, and its architecture computed again. Any other unreadable line is an error naming the file and the line.
 *
 * <p>A job holds a lock on its journal, so a second job on the same journal is refused instead of interleaving rows.
 * The lock is the operating system's (POSIX on Linux): it keeps other processes out, and the job's own JVM refuses a
 * second job too, but a read of the journal from the job's own JVM (ProxyTable.load) drops it, as POSIX drops a
 * process's lock when any descriptor of the file is closed.
 * If the path comes to name another file while the job runs (a git checkout of the committed journal), the job
 * writes what it has appended back there at its next sync or at its end.
 */
final class Journal implements AutoCloseable {
    static final String MAGIC = "# trainfree proxies journal 1";
    static final String SECONDS = "seconds:";

    /** A finished row and what computing it cost (zeros for a copied row). */
    record Entry(ProxyTable.Row row, double archSeconds, double[] proxySeconds) {
        /** Whether the row was scored (its cost charged to it) rather than copied from an earlier row's values. */
        boolean computed() {
            return archSeconds > 0;
        }
    }

    private final Path file;
    private final Consumer<String> warnings;
    private final List<Entry> entries;
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

    private Journal(Path file, FileChannel channel, Object key, List<Entry> entries, int sessions, int tornLine,
            int syncRows, Duration syncInterval, Consumer<String> warnings) {
        this.file = file;
        this.channel = channel;
        this.key = key;
        this.warnings = warnings;
        this.entries = entries;
        this.sessions = sessions;
        this.tornLine = tornLine;
        this.syncRows = syncRows;
        this.syncNanos = syncInterval.toNanos();
    }

    /** The column header of a journal for these proxies. */
    static String header(List<String> proxies) {
        var cols = new ArrayList<String>();
        cols.add(ProxyTable.INDEX);
        cols.add(ProxyTable.ARCH);
        cols.addAll(proxies);
        cols.add(ProxyTable.COMPUTED_FROM);
        cols.add(SECONDS + "arch");
        proxies.forEach(p -> cols.add(SECONDS + p));
        return String.join(",", cols);
    }

    /**
     * Opens the journal for appending: a new one (written with the settings) if there is none or it holds no row
     * header yet, else the existing one, whose settings must equal these.
     *
     * @param requested the indices the job computes (a journal row outside them is an error)
     * @throws IllegalStateException if another job is writing the journal, or it was started with other settings
     *         (saying which and how to start over)
     * @throws ProxyFileException for an unreadable line
     * @throws UncheckedIOException if the file cannot be read or written
     */
    static Journal open(Path file, ProxyJob.Settings settings, Nb201Space space, java.util.BitSet requested,
            String command, int syncRows, Duration syncInterval, Consumer<String> warnings) {
        try {
            Files.createDirectories(AtomicFiles.directory(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + file + ": " + AtomicFiles.describe(e)
                    + " (choose another output file)", e);
        }
        // locked before it is read, so a second job on the same journal cannot interleave rows with this one
        FileChannel ch = lockedChannel(file);
        try {
            String header = header(settings.proxies());
            List<Entry> entries = new ArrayList<>();
            int sessions = 1;
            int torn = 0;
            long keep = 0;
            String append;
            Complete c;
            try {
                // through the locked channel: closing any other descriptor of the file would drop the lock (POSIX)
                c = completeLines(readAll(ch));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the journal " + file + ": " + AtomicFiles.describe(e), e);
            }
            String[] lines = c.lines();
            int complete = lines.length;
            if (c.torn()) {
                torn = complete + 1;
            }
            Parsed p = parse(file, lines, complete, settings, header, space, requested);
            if (p == null) { // new, or no row header yet: nothing finished, start the file again
                torn = 0;
                append = start(settings, command);
            } else {
                entries = p.entries;
                sessions = p.sessions + 1;
                keep = c.end();
                append = "# resumed: " + Instant.now() + ", " + entries.size() + " rows done"
                        + (torn > 0 ? ", unfinished line " + torn + " dropped" : "") + "\n";
            }
            try {
                ch.truncate(keep);
                ch.position(keep);
                write(ch, append + (keep == 0 ? header + "\n" : ""));
                ch.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal " + file + ": " + AtomicFiles.describe(e)
                        + " (choose a writable output directory)", e);
            }
            return new Journal(file, ch, fileKey(file), entries, sessions, torn, syncRows, syncInterval, warnings);
        } catch (RuntimeException e) {
            closeQuietly(ch, e);
            throw e;
        }
    }

    /** The journal opened for reading and appending, holding its lock (created empty if missing). */
    private static FileChannel lockedChannel(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + AtomicFiles.describe(e)
                    + " (choose a writable output directory)", e);
        }
        boolean locked;
        try {
            locked = ch.tryLock() != null;
        } catch (OverlappingFileLockException e) { // a job in this JVM holds it
            locked = false;
        } catch (IOException e) {
            // file systems without locks (some network mounts): run unguarded rather than not at all
            locked = true;
        }
        if (!locked) {
            IllegalStateException busy = new IllegalStateException("another job is writing the journal " + file
                    + " (it takes one job at a time): wait for that job to finish, or stop it, then run this "
                    + "command again");
            closeQuietly(ch, busy);
            throw busy;
        }
        return ch;
    }

    private static void closeQuietly(FileChannel ch, Exception pending) {
        try {
            ch.close();
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        var bytes = ByteBuffer.allocate(Math.toIntExact(ch.size()));
        while (bytes.hasRemaining() && ch.read(bytes, bytes.position()) >= 0) {
            // until full: a read may return fewer bytes than asked
        }
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** Removes a journal to start over, refusing while a job is writing it. */
    static void discard(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = lockedChannel(file)) {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the journal " + file + " for --restart: "
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

    /**
     * The finished rows of a journal, read without opening it for writing (its job may still be appending): the
     * table so far of an unfinished run. Comment lines are skipped and a cut last line is left out.
     *
     * @throws ProxyFileException naming the file and line of a bad line
     * @throws UncheckedIOException if the file cannot be read
     */
    static ProxyTable rowsSoFar(Path file) {
        SoFar s = readSoFar(file);
        return ProxyTable.of(s.proxies(), s.entries().stream().map(Entry::row).toList(), s.withComputedFrom());
    }

    /** A journal's finished entries, read-only, with its proxies in column order. */
    record SoFar(List<String> proxies, List<Entry> entries, boolean withComputedFrom) {
    }

    /**
     * A journal's complete lines (those ending in a line break), how many bytes they take, and whether a cut line
     * follows them (an interruption mid-write).
     */
    private record Complete(String[] lines, int end, boolean torn) {
    }

    private static Complete completeLines(Path file) {
        try {
            return completeLines(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + AtomicFiles.describe(e), e);
        }
    }

    private static Complete completeLines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        String[] split = text.isEmpty() ? new String[0] : text.split("\n", -1);
        // the split leaves "" after the last line break
        return new Complete(Arrays.copyOf(split, Math.max(split.length - 1, 0)), end, end < bytes.length);
    }

    static SoFar readSoFar(Path file) {
        String[] lines = completeLines(file).lines();
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new ProxyFileException(file, 1, "not a trainfree proxies journal (it should start with '" + MAGIC
                    + "')");
        }
        int at = 1;
        while (at < lines.length && lines[at].startsWith("#")) {
            at++;
        }
        if (at == lines.length) {
            throw new ProxyFileException(file, at, "the journal has no rows yet");
        }
        ProxyTable.Layout layout = ProxyTable.Layout.parse(file, at + 1, lines[at]);
        String[] names = lines[at].split(",", -1);
        int archSeconds = Arrays.asList(names).indexOf(SECONDS + "arch");
        int[] proxySeconds = layout.proxies.stream().mapToInt(p -> Arrays.asList(names).indexOf(SECONDS + p))
                .toArray();
        if (archSeconds < 0 || Arrays.stream(proxySeconds).anyMatch(c -> c < 0)) {
            throw new ProxyFileException(file, at + 1, "the journal's header lacks its seconds: columns");
        }
        var entries = new ArrayList<Entry>();
        for (int i = at + 1; i < lines.length; i++) {
            if (lines[i].startsWith("#") || lines[i].isEmpty()) {
                continue;
            }
            String[] f = layout.fields(file, i + 1, lines[i]);
            double[] ps = new double[proxySeconds.length];
            for (int k = 0; k < ps.length; k++) {
                ps[k] = ProxyTable.Layout.number(file, i + 1, f[proxySeconds[k]], names[proxySeconds[k]]);
            }
            entries.add(new Entry(layout.row(file, i + 1, f), ProxyTable.Layout.number(file, i + 1, f[archSeconds],
                    SECONDS + "arch"), ps));
        }
        return new SoFar(layout.proxies, entries, layout.computedFrom >= 0);
    }

    private static String start(ProxyJob.Settings settings, String command) {
        var b = new StringBuilder(MAGIC).append('\n');
        settings.toMap().forEach((k, v) -> b.append("# ").append(k).append(": ").append(v).append('\n'));
        b.append("# started: ").append(Instant.now()).append('\n');
        b.append("# command: ").append(command.replace('\n', ' ')).append('\n');
        return b.toString();
    }

    private record Parsed(List<Entry> entries, int sessions) {
    }

    private static Parsed parse(Path file, String[] lines, int complete, ProxyJob.Settings settings, String header,
            Nb201Space space, java.util.BitSet requested) {
        if (complete == 0) {
            return null;
        }
        if (!lines[0].equals(MAGIC)) {
            throw new ProxyFileException(file, 1, "not a trainfree proxies journal (it should start with '" + MAGIC
                    + "'); move it away, or pass --restart to replace it");
        }
        Map<String, String> found = new LinkedHashMap<>();
        int sessions = 1;
        int at = 1;
        for (; at < complete && lines[at].startsWith("#"); at++) {
            String l = lines[at].substring(1).strip();
            int colon = l.indexOf(':');
            if (colon > 0) {
                found.putIfAbsent(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            }
        }
        if (at == complete) {
            return null;
        }
        String differences = settings.differences(found);
        if (!differences.isEmpty()) {
            long rows = 0;
            for (int i = at + 1; i < complete; i++) {
                rows += lines[i].startsWith("#") || lines[i].isEmpty() ? 0 : 1;
            }
            throw new IllegalStateException("the journal " + file + " (" + rows + " finished rows) was started with "
                    + "other settings: " + differences + ". Rerun with the journal's settings to resume it, or add "
                    + "--restart to discard it and start over");
        }
        if (!lines[at].equals(header)) {
            throw new ProxyFileException(file, at + 1, "the columns are not this job's: expected " + header
                    + ", found " + lines[at]);
        }
        ProxyTable.Layout layout = ProxyTable.Layout.parse(file, at + 1, lines[at]);
        String[] names = lines[at].split(",", -1);
        int archSeconds = -1;
        var proxySeconds = new int[settings.proxies().size()];
        for (int c = 0; c < names.length; c++) {
            if (names[c].equals(SECONDS + "arch")) {
                archSeconds = c;
            } else if (names[c].startsWith(SECONDS)) {
                proxySeconds[settings.proxies().indexOf(names[c].substring(SECONDS.length()))] = c;
            }
        }
        var entries = new ArrayList<Entry>();
        var lineOf = new HashMap<Integer, Integer>();
        for (int i = at + 1; i < complete; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.startsWith("#")) {
                sessions += line.startsWith("# resumed:") ? 1 : 0;
                continue;
            }
            String[] f = layout.fields(file, n, line);
            ProxyTable.Row row = layout.row(file, n, f);
            Integer before = lineOf.putIfAbsent(row.index(), n);
            if (before != null) {
                throw new ProxyFileException(file, n, "index " + row.index() + " appears again (first on line "
                        + before + "); move the journal away or pass --restart");
            }
            if (!requested.get(row.index())) {
                throw new ProxyFileException(file, n, "index " + row.index() + " is not among the architectures "
                        + "this job computes");
            }
            if (!space.arch(row.index()).equals(row.arch())) {
                throw new ProxyFileException(file, n, "index " + row.index() + " is " + space.arch(row.index())
                        + " in the space, the journal has " + row.arch());
            }
            double[] ps = new double[proxySeconds.length];
            for (int k = 0; k < ps.length; k++) {
                ps[k] = ProxyTable.Layout.number(file, n, f[proxySeconds[k]], names[proxySeconds[k]]);
            }
            entries.add(new Entry(row, ProxyTable.Layout.number(file, n, f[archSeconds], SECONDS + "arch"), ps));
        }
        return new Parsed(entries, sessions);
    }

    private static void write(FileChannel ch, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    Path file() {
        return file;
    }

    /** The rows finished before this session. */
    List<Entry> entries() {
        return entries;
    }

    /** Sessions including this one (1 for a new journal). */
    int sessions() {
        return sessions;
    }

    /** The line number of the unfinished last line dropped on opening, 0 if there was none. */
    int tornLine() {
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
            try (FileChannel probe = lockedChannel(file)) { // throws if another job has started on the new file
                // only probing
            }
        }
        String text = new String(readAll(channel), StandardCharsets.UTF_8);
        AtomicFiles.write(file, text);
        FileChannel restored = lockedChannel(file);
        try {
            restored.position(restored.size());
        } catch (IOException e) {
            closeQuietly(restored, e);
            throw e;
        }
        channel.close();
        channel = restored;
        key = fileKey(file);
        long rows = text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count() - 1;
        warnings.accept("the journal " + file + " was " + (now == null ? "removed" : "replaced by another file")
                + " while the job ran (a git checkout, stash or pull does that to a committed journal); "
                + "restored it with the " + rows + " rows written so far");
    }

    /** Appends one finished row with one write; syncs to disk every {@code syncRows} rows or interval. */
    synchronized void append(Entry e) {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed (the job was interrupted)");
        }
        ProxyTable.Row r = e.row();
        var b = new StringBuilder(160);
        b.append(r.index()).append(',').append(r.arch().archString());
        for (double v : r.values()) {
            b.append(',').append(ProxyTable.format(v));
        }
        b.append(',').append(r.computedFrom()).append(',').append(ProxyTable.format(e.archSeconds()));
        for (double s : e.proxySeconds()) {
            b.append(',').append(ProxyTable.format(s));
        }
        b.append('\n');
        try {
            write(channel, b.toString());
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
     * then closes and deletes the journal.
     */
    synchronized void finish(Runnable finish) {
        if (closed) {
            throw new IllegalStateException("the journal " + file + " is closed (the job was interrupted)");
        }
        finish.run();
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the table is written, but the journal " + file + " cannot be removed: "
                    + AtomicFiles.describe(e) + "; remove it by hand", e);
        }
    }

    /** Closes the journal unless it is closed already (or finished); says whether it did. */
    synchronized boolean closeIfOpen() {
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
