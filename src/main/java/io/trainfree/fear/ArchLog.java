package io.trainfree.fear;

import io.trainfree.job.AtomicFiles;
import io.trainfree.job.FileFormatException;
import io.trainfree.train.EpochStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One architecture's log in a FEAR study: every epoch of every phase (FEAR's two stages, each shortreg run) with its
 * held-out accuracy and, where computed, the zero-cost proxies of the network as the epoch left it; phase {@code init}
 * holds the proxies at initialisation. Rankings and searches are replayed from these logs without retraining.
 *
 * <p>The file is CSV under {@code # key=value} lines (the architecture, its index, the process's resident memory when
 * it finished): {@code phase,epoch,learning_rate,steps,loss,train_top1,held_out_top1,seconds,diverged,<proxies...>},
 * numbers as Java writes doubles (exact), NaN where there is none.
 *
 * @param index   the architecture's NAS-Bench-201 index
 * @param arch    its cell string
 * @param proxies the proxy columns, in order
 * @param rows    every epoch logged, in the order trained
 * @param notes   the {@code # key=value} lines
 */
public record ArchLog(int index, String arch, List<String> proxies, List<Row> rows, Map<String, String> notes) {
    /** The phase holding the proxies at initialisation. */
    public static final String INIT = "init";
    private static final String COLUMNS = "phase,epoch,learning_rate,steps,loss,train_top1,held_out_top1,seconds,"
            + "diverged";

    public ArchLog {
        proxies = List.copyOf(proxies);
        rows = List.copyOf(rows);
        notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    /**
     * One logged epoch.
     *
     * @param phase   {@code fear1}, {@code fear2}, {@code short<E>} or {@link #INIT}
     * @param stats   the epoch (for {@link #INIT}: epoch -1, no steps, NaN)
     * @param heldOut top-1 on the held-out images after the epoch (NaN if not measured)
     * @param proxies proxy values after the epoch, by name (empty if not computed)
     */
    public record Row(String phase, EpochStats stats, double heldOut, Map<String, Double> proxies) {
        public Row {
            proxies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(proxies));
        }
    }

    /** The rows of {@code phase}, in order. */
    public List<Row> phase(String phase) {
        return rows.stream().filter(r -> r.phase().equals(phase)).toList();
    }

    /** The epochs of {@code phase}, in order. */
    public List<EpochStats> epochs(String phase) {
        return phase(phase).stream().map(Row::stats).toList();
    }

    /** FEAR's result as the log has it, under {@code threshold} (the protocol's). */
    public FearScore fear(double threshold) {
        List<EpochStats> s1 = epochs(Fear.STAGE1);
        List<EpochStats> s2 = epochs(Fear.STAGE2);
        boolean reached = !s1.isEmpty() && !s1.getLast().diverged() && s1.getLast().trainTop1() >= threshold
                && !s2.isEmpty() && !s2.getLast().diverged();
        return new FearScore(s1, s2, reached, reached ? s2.getLast().trainTop1() : Double.NaN);
    }

    /** The shortreg run of {@code epochs} epochs as the log has it. */
    public ShortReg.Result shortReg(int epochs) {
        List<EpochStats> e = epochs(ShortReg.phase(epochs));
        if (e.isEmpty()) {
            throw new IllegalArgumentException("architecture " + index + " has no shortreg run of " + epochs
                    + " epochs in its log");
        }
        boolean diverged = e.getLast().diverged();
        return new ShortReg.Result(e, diverged ? Double.NaN
                : e.stream().mapToDouble(EpochStats::trainTop1).max().orElseThrow());
    }

    /** {@code proxy}'s value in {@code phase} after epoch {@code epoch} (-1 with {@link #INIT}), if logged. */
    public OptionalDouble proxy(String phase, int epoch, String proxy) {
        return rows.stream().filter(r -> r.phase().equals(phase) && r.stats().epoch() == epoch
                && r.proxies().containsKey(proxy)).mapToDouble(r -> r.proxies().get(proxy)).findFirst();
    }

    /** The log as CSV text. */
    public String text() {
        var b = new StringBuilder();
        b.append("# index=").append(index).append('\n');
        b.append("# arch=").append(arch).append('\n');
        notes.forEach((k, v) -> {
            if (!k.equals("index") && !k.equals("arch")) {
                b.append("# ").append(k).append('=').append(v).append('\n');
            }
        });
        b.append(COLUMNS);
        proxies.forEach(p -> b.append(',').append(p));
        b.append('\n');
        for (Row r : rows) {
            EpochStats s = r.stats();
            b.append(r.phase()).append(',').append(s.epoch()).append(',').append(s.learningRate()).append(',')
                    .append(s.steps()).append(',').append(s.loss()).append(',').append(s.trainTop1()).append(',')
                    .append(r.heldOut()).append(',').append(s.seconds()).append(',').append(s.diverged());
            for (String p : proxies) {
                b.append(',').append(r.proxies().getOrDefault(p, Double.NaN));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Writes the log to {@code file} atomically. */
    public void write(Path file) {
        AtomicFiles.write(file, text());
    }

    /**
     * Reads a log {@link #write} wrote.
     *
     * @throws FileFormatException naming the file and line of anything else
     */
    public static ArchLog read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        var notes = new LinkedHashMap<String, String>();
        int i = 0;
        for (; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            String note = lines.get(i).substring(1).strip();
            int eq = note.indexOf('=');
            if (eq < 1) {
                throw new FileFormatException(file, i + 1, "a note is '# key=value', got '" + lines.get(i) + "'");
            }
            notes.put(note.substring(0, eq), note.substring(eq + 1));
        }
        if (i == lines.size() || !lines.get(i).startsWith(COLUMNS)) {
            throw new FileFormatException(file, i + 1, "expected the header '" + COLUMNS + ",<proxies...>'");
        }
        String extra = lines.get(i).substring(COLUMNS.length());
        List<String> proxies = extra.isEmpty() ? List.of() : List.of(extra.substring(1).split(","));
        int columns = 9 + proxies.size();
        List<Row> rows = new ArrayList<>();
        for (i++; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != columns) {
                throw new FileFormatException(file, i + 1, "expected " + columns + " fields, got " + f.length);
            }
            try {
                var stats = new EpochStats(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[7]),
                        parseBoolean(f[8]));
                var values = new LinkedHashMap<String, Double>();
                for (int p = 0; p < proxies.size(); p++) {
                    double v = Double.parseDouble(f[9 + p]);
                    if (!Double.isNaN(v)) {
                        values.put(proxies.get(p), v);
                    }
                }
                rows.add(new Row(f[0], stats, Double.parseDouble(f[6]), values));
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, i + 1, e.getMessage(), e);
            }
        }
        String index = notes.get("index");
        String arch = notes.get("arch");
        if (index == null || arch == null) {
            throw new FileFormatException(file, 1, "the log names no architecture ('# index=' and '# arch=' lines)");
        }
        try {
            return new ArchLog(Integer.parseInt(index), arch, proxies, rows, notes);
        } catch (NumberFormatException e) {
            throw new FileFormatException(file, 1, "the index '" + index + "' is not a number", e);
        }
    }

    private static boolean parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("diverged is true or false, got '" + s + "'");
        };
    }
}
