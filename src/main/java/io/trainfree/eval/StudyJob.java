package io.trainfree.eval;

import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The loop of every study job over its grid of runs: take what the journal already holds, compute the rest in the
 * computing order (each finished run is a journal row at once, so a killed job loses only the run in flight), report
 * progress, and, when every run is there, write the table in the reading order with a summary in the sidecar.
 */
final class StudyJob {
    private StudyJob() {
    }

    /**
     * What a session did.
     *
     * @param rows     every row there is, in the reading order
     * @param computed rows computed in this session
     * @param seconds  this session's wall time
     */
    record Outcome<R>(List<R> rows, int computed, double seconds) {
    }

    /** The sidecar's summary of a finished study. */
    record Summary(int runs, int sessions, double seconds) {
    }

    /**
     * Runs (or resumes) the study.
     *
     * @param what         what a run is, plural, for progress and the resume note ("DELE runs", "searches")
     * @param computeOrder every key, in the order to compute them (keys as {@link StudyCodec#key} gives them)
     * @param readOrder    every key, in the order of the table
     * @param compute      computes the row of a key
     */
    static <K, R> Outcome<R> run(String kind, Path target, Record settings, StudyCodec<R> codec,
            KeyedJob.Options options, JobListener listener, String what, List<K> computeOrder, List<K> readOrder,
            Function<K, R> compute) {
        var job = KeyedJob.of(kind, target, settings, codec, options);
        try (var session = job.start(listener)) {
            Map<Object, R> done = new HashMap<>();
            session.resumed().forEach(r -> done.put(codec.key(r), r));
            if (!done.isEmpty()) {
                session.note(String.format(Locale.ROOT, "resuming %s: %d of %d %s done", job.journal(), done.size(),
                        computeOrder.size(), what));
            }
            listener.started(what, (int) computeOrder.stream().filter(k -> !done.containsKey(k)).count());
            int computed = 0;
            try {
                for (K key : computeOrder) {
                    if (!done.containsKey(key)) {
                        R row = compute.apply(key);
                        session.append(row);
                        done.put(key, row);
                        computed++;
                        listener.computed();
                    }
                }
            } catch (RuntimeException e) {
                throw session.failed(e);
            } finally {
                listener.ended();
            }
            List<R> rows = new ArrayList<>();
            for (K key : readOrder) {
                rows.add(done.get(key));
            }
            session.finish(codec.tableText(rows), rows.size(), new Summary(rows.size(), session.sessions(),
                    session.seconds()));
            return new Outcome<>(rows, computed, session.seconds());
        }
    }
}
