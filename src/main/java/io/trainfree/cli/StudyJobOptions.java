package io.trainfree.cli;

import io.trainfree.job.KeyedJob;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every study command's resumable job shares: {@code --restart}, and the job's options with its command line. */
final class StudyJobOptions {
    @Option(names = "--restart", description = "discard an unfinished run's journal (or a finished table) and start "
            + "over")
    boolean restart;

    /**
     * The job's options: restart as asked, the journal synced every {@code syncRows} rows and at least every 10 s,
     * and the command line as the user typed it recorded in the journal.
     */
    KeyedJob.Options of(CommandSpec spec, int syncRows) {
        String command = "trainfree " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return new KeyedJob.Options(restart, syncRows, Duration.ofSeconds(10), command);
    }
}
