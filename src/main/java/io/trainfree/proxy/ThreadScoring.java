package io.trainfree.proxy;

import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A job's cells scored on several threads of this process, each with a runner of its own: gradients are recorded per
 * thread ({@code TorchOps.recordGradients}), so N threads of one engine thread each keep N cores busy, and every cell
 * gets the values one thread gives it, bit for bit. The results reach the job's thread as they come, which merges
 * them in any order ({@link ProxyJob#run(io.trainfree.job.JobListener, ProxyJob.Scoring)}).
 */
public final class ThreadScoring implements ProxyJob.Scoring {
    private final int workers;
    private final Nb201Space space;
    private final Supplier<ProxyRunner> runners;

    /**
     * @param workers cells scored at once
     * @param space   where the indices point
     * @param runners makes one runner per worker thread, on the job's settings (closed when the scoring ends)
     */
    public ThreadScoring(int workers, Nb201Space space, Supplier<ProxyRunner> runners) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.workers = workers;
        this.space = Objects.requireNonNull(space, "space");
        this.runners = Objects.requireNonNull(runners, "runners");
    }

    /** What a worker gives back: a cell's scores, or why it failed. */
    private record Outcome(ProxyJob.Scored scored, Throwable failure) {
    }

    @Override
    public void score(int[] indices, Consumer<ProxyJob.Scored> sink) {
        var made = new ArrayList<ProxyRunner>();
        ThreadLocal<ProxyRunner> own = ThreadLocal.withInitial(() -> {
            ProxyRunner r = runners.get();
            synchronized (made) {
                made.add(r);
            }
            return r;
        });
        concurrently(indices, workers, "trainfree-scorer",
                index -> ProxyJob.Scored.of(own.get(), space.arch(index), index), sink, () -> closeAll(made));
    }

    /**
     * Scores {@code indices} with {@code scoreOne} on up to {@code threads} daemon threads (an interrupted job must
     * not keep the JVM alive) and hands each result to {@code sink} on the calling thread as it comes: the loop of
     * this class and of the Spark backend (one driver thread per Spark job in flight). The first failure, of a cell or
     * of the sink, or an interrupt, ends it early, and the failure is rethrown as it is (an {@link Error} wrapped); the
     * rows merged so far stay, and a rerun resumes after them. {@code afterStopped} runs once every thread has stopped
     * (a cell in flight finishes first), however it ended; not if a thread is still busy after 10 minutes, since what
     * it releases may still be in use.
     */
    public static void concurrently(int[] indices, int threads, String threadName,
            IntFunction<ProxyJob.Scored> scoreOne, Consumer<ProxyJob.Scored> sink, Runnable afterStopped) {
        if (indices.length == 0) {
            return;
        }
        int n = Math.min(threads, indices.length);
        var outcomes = new LinkedBlockingQueue<Outcome>();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            var t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int index : indices) {
                pool.execute(() -> {
                    try {
                        outcomes.add(new Outcome(scoreOne.apply(index), null));
                    } catch (RuntimeException | Error e) {
                        outcomes.add(new Outcome(null, e));
                    }
                });
            }
            for (int received = 0; received < indices.length; received++) {
                Outcome o = outcomes.take();
                if (o.failure() != null) {
                    throw o.failure() instanceof RuntimeException e ? e
                            : new IllegalStateException(o.failure().getMessage(), o.failure());
                }
                sink.accept(o.scored());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring on " + n + " threads", e);
        } finally {
            pool.shutdownNow();
            if (awaitQuietly(pool)) {
                afterStopped.run();
            }
        }
    }

    /** Whether the workers stopped (a cell in flight finishes its network first). */
    private static boolean awaitQuietly(ExecutorService pool) {
        try {
            return pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeAll(List<ProxyRunner> made) {
        synchronized (made) {
            made.forEach(ProxyRunner::close);
        }
    }
}
