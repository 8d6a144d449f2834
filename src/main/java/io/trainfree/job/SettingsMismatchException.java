package io.trainfree.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A journal was started with other settings than the job resuming it has: resuming would mix rows of two runs.
 * Names every differing setting with both values; the journal is left as it was.
 */
public final class SettingsMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * One setting that differs.
     *
     * @param key      the setting's name as recorded ({@code batch_size})
     * @param recorded its value in the journal, null if the journal lacks it
     * @param now      its value in this job
     */
    public record Difference(String key, String recorded, String now) {
        /** {@code batch_size was 2, now 3}, or {@code ... missing there, now 3}. */
        @Override
        public String toString() {
            return key + " " + (recorded == null ? "missing there" : "was " + recorded) + ", now " + now;
        }
    }

    /** The settings of {@code now} whose value differs from, or is missing in, {@code recorded}; in now's order. */
    public static List<Difference> between(Map<String, String> recorded, Map<String, String> now) {
        List<Difference> out = new ArrayList<>();
        now.forEach((k, v) -> {
            String there = recorded.get(k);
            if (!v.equals(there)) {
                out.add(new Difference(k, there, v));
            }
        });
        return out;
    }

    private final transient Path journal;
    private final long rows;
    private final List<Difference> differences;

    public SettingsMismatchException(Path journal, long rows, List<Difference> differences) {
        super(describe(journal, rows) + differences.stream().map(Difference::toString)
                .collect(Collectors.joining("; ")) + ". Resume it with the journal's settings, or restart the job to "
                + "discard it and start over");
        this.journal = journal;
        this.rows = rows;
        this.differences = List.copyOf(differences);
    }

    /** {@code the journal <file> (<n> finished rows) was started with other settings: }. */
    public static String describe(Path journal, long rows) {
        return "the journal " + journal + " (" + rows + " finished rows) was started with other settings: ";
    }

    public Path journal() {
        return journal;
    }

    /** The finished rows the journal holds. */
    public long rows() {
        return rows;
    }

    /** The differing settings, in the settings' order. */
    public List<Difference> differences() {
        return differences;
    }
}
