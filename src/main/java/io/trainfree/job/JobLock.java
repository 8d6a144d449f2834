package io.trainfree.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that keeps a second job off a journal: the operating system's lock on the journal itself (POSIX on Linux),
 * held through the channel the job reads and appends with. It keeps other processes out, and the job's own JVM
 * refuses a second job too; but POSIX drops a process's lock when any descriptor of the file is closed, so a job
 * reads its journal only through the locked channel, and a read of the journal from the job's own JVM (a table so
 * far) drops the lock.
 */
public final class JobLock {
    private JobLock() {
    }

    /** Another job holds the journal. */
    public static final class BusyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Path journal;

        BusyException(Path journal) {
            super("another job is writing the journal " + journal + " (it takes one job at a time): wait for that "
                    + "job to finish, or stop it, then run it again");
            this.journal = journal;
        }

        public Path journal() {
            return journal;
        }
    }

    /**
     * The file opened for reading and writing (created empty if missing), holding its lock.
     *
     * @throws BusyException if another job holds it
     * @throws UncheckedIOException if it cannot be opened
     */
    public static FileChannel open(Path file) {
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
            var busy = new BusyException(file);
            closeQuietly(ch, busy);
            throw busy;
        }
        return ch;
    }

    static void closeQuietly(FileChannel ch, Exception pending) {
        try {
            ch.close();
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }
}
