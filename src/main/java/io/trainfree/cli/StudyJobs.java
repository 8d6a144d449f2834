package io.trainfree.cli;

import io.trainfree.job.KeyedJob;
import io.trainfree.job.SettingsMismatchException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What the study commands ({@code dele}, {@code dele search}) say when their job cannot resume or start. */
final class StudyJobs {
    private StudyJobs() {
    }

    /** Runs {@code job}; a journal with other settings or a finished table becomes an error that says what to do. */
    static <T> T run(Supplier<T> job) {
        try {
            return job.get();
        } catch (SettingsMismatchException e) {
            throw new IllegalStateException(SettingsMismatchException.describe(e.journal(), e.rows())
                    + e.differences().stream().map(Object::toString).collect(Collectors.joining("; "))
                    + ". Rerun with the journal's settings to resume it, or add --restart to start over", e);
        } catch (KeyedJob.TargetExistsException e) {
            throw new IllegalStateException(e.getMessage() + " (--restart)", e);
        }
    }
}
