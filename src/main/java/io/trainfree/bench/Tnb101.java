package io.trainfree.bench;

import io.trainfree.data.CorruptDataException;
import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.space.Tnb101Arch;
import io.trainfree.space.Tnb101Space;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * TransNAS-Bench-101 as NASLib published it: for one space (micro or macro) and each of the seven tasks, every
 * architecture's validation score ({@link Metric#VAL_ACCURACY}; the task's own measure, higher is better) and the
 * released proxies ({@link Metric#ZEN}, {@link Metric#SYNFLOW}, {@link Metric#EPE_NAS}, {@link Metric#FISHER}) where
 * released. A proxy whose column is empty for a task is not released for it ({@link #metrics(Tnb101Task)} leaves it
 * out and {@link #query} refuses it); in the published files zen is released for every task, synflow and epe_nas are
 * not released for segmentsemantic, normal and autoencoder, and fisher only for class_object and jigsaw (micro) or
 * jigsaw alone (macro).
 *
 * <p>Architectures are listed in the files' {@code idx} order, the same for every task.
 *
 * {@snippet :
 * var micro = Tnb101.load(Tnb101Space.MICRO);
 * micro.query(Tnb101Arch.parse("64-41414-3_33_333"), Tnb101Task.JIGSAW, Metric.VAL_ACCURACY);
 * micro.table(Tnb101Task.CLASS_SCENE);   // idx | arch | arch_str | val_accuracy | epe_nas | synflow | zen
 * }
 */
public final class Tnb101 implements Benchmark<Tnb101Arch, Tnb101Task> {
    /** The published file of a space. */
    public static DataFile file(Tnb101Space space) {
        return switch (space) {
            case MICRO -> DataFile.TNB101_MICRO;
            case MACRO -> DataFile.TNB101_MACRO;
        };
    }

    private final Tnb101Space space;
    private final List<Tnb101Arch> archs;
    private final Map<Tnb101Arch, Integer> indexOf;
    private final Map<Tnb101Task, Map<Metric, double[]>> values;

    private Tnb101(Tnb101Space space, List<Tnb101Arch> archs, Map<Tnb101Task, Map<Metric, double[]>> values) {
        this.space = space;
        this.archs = List.copyOf(archs);
        this.indexOf = new HashMap<>();
        for (int i = 0; i < archs.size(); i++) {
            indexOf.put(archs.get(i), i);
        }
        this.values = values;
    }

    /** Loads one space through the standard resolver. */
    public static Tnb101 load(Tnb101Space space) {
        return load(space, DataResolver.standard());
    }

    /**
     * Loads one space's file ({@code transnas-bench-101/micro.csv} or {@code macro.csv}) in full.
     *
     * @throws io.trainfree.data.MissingDataException if it is absent
     * @throws CorruptDataException naming the line of a bad row
     */
    public static Tnb101 load(Tnb101Space space, DataResolver resolver) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(resolver, "resolver");
        Csv csv = Csv.read(resolver.resolve(file(space)));
        int cTask = csv.column("task");
        int cIdx = csv.column("idx");
        int cArch = csv.column("arch");
        var metricColumns = new EnumMap<Metric, Integer>(Metric.class);
        for (int c = 0; c < csv.header().size(); c++) {
            if (c == cTask || c == cIdx || c == cArch) {
                continue;
            }
            Metric m;
            try {
                m = Metric.of(csv.header().get(c));
            } catch (IllegalArgumentException e) {
                throw new CorruptDataException(csv.file(), "line 1: column '" + csv.header().get(c)
                        + "' is not a metric trainfree knows", e);
            }
            metricColumns.put(m, c);
        }
        if (!metricColumns.containsKey(Metric.VAL_ACCURACY)) {
            csv.column("val_accuracy"); // throws, listing the columns there are
        }

        var archs = new Tnb101Arch[space.size()];
        var archLine = new int[space.size()];
        var taskLines = new EnumMap<Tnb101Task, int[]>(Tnb101Task.class);
        var raw = new EnumMap<Tnb101Task, Map<Metric, double[]>>(Tnb101Task.class);
        for (int r = 0; r < csv.rowCount(); r++) {
            Tnb101Task task;
            try {
                task = Tnb101Task.parse(csv.text(r, cTask));
            } catch (IllegalArgumentException e) {
                throw csv.error(r, cTask, e.getMessage());
            }
            int idx = csv.integer(r, cIdx);
            if (idx < 0 || idx >= space.size()) {
                throw csv.error(r, cIdx, "idx " + idx + " is not in 0.." + (space.size() - 1)
                        + " (the " + space.id() + " space has " + space.size() + " architectures)");
            }
            Tnb101Arch arch;
            try {
                arch = Tnb101Arch.parseNaslib(space, csv.text(r, cArch));
            } catch (IllegalArgumentException e) {
                throw csv.error(r, cArch, e.getMessage());
            }
            if (archs[idx] == null) {
                archs[idx] = arch;
                archLine[idx] = csv.line(r);
            } else if (!archs[idx].equals(arch)) {
                throw csv.error(r, cArch, "idx " + idx + " is " + arch.naslibString() + " here but "
                        + archs[idx].naslibString() + " on line " + archLine[idx]);
            }
            int[] lines = taskLines.computeIfAbsent(task, t -> new int[space.size()]);
            if (lines[idx] != 0) {
                throw csv.error(r, cIdx, "idx " + idx + " of task " + task.id() + " appears again (first on line "
                        + lines[idx] + ")");
            }
            lines[idx] = csv.line(r);
            Map<Metric, double[]> columns = raw.computeIfAbsent(task, t -> new EnumMap<>(Metric.class));
            for (var e : metricColumns.entrySet()) {
                double[] v = columns.computeIfAbsent(e.getKey(), m -> nanArray(space.size()));
                v[idx] = csv.number(r, e.getValue());
            }
        }
        for (var e : taskLines.entrySet()) {
            int[] lines = e.getValue();
            for (int idx = 0; idx < lines.length; idx++) {
                if (lines[idx] == 0) {
                    throw new CorruptDataException(csv.file(), "task " + e.getKey().id() + " has no row for idx "
                            + idx + "; the " + space.id() + " space has " + space.size() + " architectures");
                }
            }
        }
        var firstIdx = new HashMap<Tnb101Arch, Integer>();
        for (int idx = 0; idx < archs.length; idx++) {
            Integer before = firstIdx.putIfAbsent(archs[idx], idx);
            if (before != null) {
                throw new CorruptDataException(csv.file(), "line " + archLine[idx] + ": " + archs[idx].naslibString()
                        + " is listed as idx " + before + " and again as idx " + idx);
            }
        }
        // a proxy column that is empty for a whole task is not released for it
        var values = new EnumMap<Tnb101Task, Map<Metric, double[]>>(Tnb101Task.class);
        for (var e : raw.entrySet()) {
            var released = new EnumMap<Metric, double[]>(Metric.class);
            e.getValue().forEach((m, v) -> {
                if (m == Metric.VAL_ACCURACY || Arrays.stream(v).anyMatch(x -> !Double.isNaN(x))) {
                    released.put(m, v);
                }
            });
            values.put(e.getKey(), Collections.unmodifiableMap(released));
        }
        return new Tnb101(space, Arrays.asList(archs), Collections.unmodifiableMap(values));
    }

    private static double[] nanArray(int n) {
        var a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    @Override
    public String name() {
        return "TransNAS-Bench-101 " + space.id();
    }

    public Tnb101Space space() {
        return space;
    }

    @Override
    public List<Tnb101Arch> archs() {
        return archs;
    }

    /** The architecture at this idx. */
    public Tnb101Arch arch(int idx) {
        if (idx < 0 || idx >= archs.size()) {
            throw new IllegalArgumentException(name() + " idx " + idx + " is not in 0.." + (archs.size() - 1));
        }
        return archs.get(idx);
    }

    /** The idx of an architecture of this space. */
    public int index(Tnb101Arch arch) {
        Objects.requireNonNull(arch, "arch");
        if (arch.space() != space) {
            throw new IllegalArgumentException(arch + " is a " + arch.space().id() + " architecture, not one of "
                    + name());
        }
        Integer idx = indexOf.get(arch);
        if (idx == null) {
            throw new IllegalArgumentException(arch + " (" + arch.naslibString() + ") is not among the " + archs.size()
                    + " architectures of " + name());
        }
        return idx;
    }

    /** An idx, a net code ({@code 64-41414-1_02_333}) or a NASLib tuple ({@code (1, 0, 2, 3, 3, 3)}), as typed. */
    public int lookup(String idxOrArch) {
        String s = idxOrArch.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int idx;
            try {
                idx = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                idx = -1;
            }
            arch(idx);
            return idx;
        }
        return index(s.startsWith("(") ? Tnb101Arch.parseNaslib(space, s) : Tnb101Arch.parse(s));
    }

    /** The tasks in the file, in {@link Tnb101Task} order. */
    @Override
    public List<Tnb101Task> tasks() {
        return List.copyOf(values.keySet());
    }

    @Override
    public Set<Metric> metrics(Tnb101Task task) {
        Objects.requireNonNull(task, "task");
        Map<Metric, double[]> m = values.get(task);
        return m == null ? EnumSet.noneOf(Metric.class) : EnumSet.copyOf(m.keySet());
    }

    @Override
    public double query(Tnb101Arch arch, Tnb101Task task, Metric metric) {
        return column(task, metric)[index(arch)];
    }

    /** {@link #query(Tnb101Arch, Tnb101Task, Metric)} by idx. */
    public double query(int idx, Tnb101Task task, Metric metric) {
        arch(idx);
        return column(task, metric)[idx];
    }

    @Override
    public double[] values(Tnb101Task task, Metric metric) {
        return column(task, metric).clone();
    }

    private double[] column(Tnb101Task task, Metric metric) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(metric, "metric");
        Map<Metric, double[]> m = values.get(task);
        if (m == null) {
            throw new IllegalArgumentException(name() + " has no rows for task " + task.id() + "; tasks: " + tasks());
        }
        double[] v = m.get(metric);
        if (v == null) {
            throw new IllegalArgumentException(name() + " has no " + metric.id() + " for " + task.id()
                    + "; released there: " + m.keySet());
        }
        return v;
    }

    /** {@code idx}, {@code arch} (NASLib tuple, as published), {@code arch_str} (net code), then the metrics. */
    @Override
    public Table table(Tnb101Task task) {
        int n = archs.size();
        var idx = IntColumn.create("idx", n);
        var arch = StringColumn.create("arch", n);
        var archStr = StringColumn.create("arch_str", n);
        for (int i = 0; i < n; i++) {
            idx.set(i, i);
            arch.set(i, archs.get(i).naslibString());
            archStr.set(i, archs.get(i).archString());
        }
        var table = Table.create(name() + " " + task.id(), idx, arch, archStr);
        for (Metric m : metrics(task)) {
            table.addColumns(DoubleColumn.create(m.id(), values(task, m)));
        }
        return table;
    }

    @Override
    public String toString() {
        return name() + " (" + archs.size() + " architectures, " + values.size() + " tasks)";
    }
}
