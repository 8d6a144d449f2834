package io.trainfree.proxy;

import io.trainfree.job.FileFormatException;
import io.trainfree.job.Journal;
import io.trainfree.job.RowCodec;
import io.trainfree.space.Nb201Space;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of a proxy job's journal: a table row ({@link ProxyTableCsv}'s columns, {@code computed_from} always) then
 * what computing it cost, {@code seconds:arch} and {@code seconds:<proxy>} per proxy:
 * <pre>
 * index,arch,grad_norm,...,computed_from,seconds:arch,seconds:grad_norm,...
 * 6111,|nor_conv_3x3~0|+|...|,12.5,...,6111,0.61,0.2,...
 * </pre>
 */
final class ProxyJournalRows implements RowCodec<ProxyJournalRows.Entry> {
    /** The kind in the journal's first line: {@code # trainfree proxies journal 1}. */
    static final String KIND = ProxyJob.JOURNAL_KIND;
    static final String SECONDS = "seconds:";

    /** A finished row and what computing it cost (zeros for a copied row). */
    record Entry(ProxyTable.Row row, double archSeconds, double[] proxySeconds) {
        /** Whether the row was scored (its cost charged to it) rather than copied from an earlier row's values. */
        boolean computed() {
            return archSeconds > 0;
        }
    }

    private final List<String> proxies;
    private final Nb201Space space;
    private final BitSet requested;

    private ProxyJournalRows(List<String> proxies, Nb201Space space, BitSet requested) {
        this.proxies = proxies;
        this.space = space;
        this.requested = requested;
    }

    /**
     * The rows of a job computing these proxies over the requested indices of the space: a row of another index, or
     * whose arch is not the space's at its index, is an error.
     */
    static ProxyJournalRows of(List<String> proxies, Nb201Space space, BitSet requested) {
        return new ProxyJournalRows(List.copyOf(proxies), space, requested);
    }

    /** For reading any proxy journal (its proxies from its header), as the table so far. */
    static ProxyJournalRows reading() {
        return new ProxyJournalRows(null, null, null);
    }

    /** The finished rows of a proxy journal, read-only, as a table. */
    static ProxyTable tableSoFar(Path journal) {
        Journal.Contents<Entry> c = Journal.read(journal, KIND, reading());
        ProxyTableCsv.Layout layout = ProxyTableCsv.Layout.parse(journal, 0, c.columns());
        return ProxyTable.of(layout.proxies, c.rows().stream().map(Entry::row).toList(), layout.computedFrom >= 0);
    }

    @Override
    public String header() {
        if (proxies == null) {
            throw new IllegalStateException("a journal read only has no header of its own");
        }
        var cols = new ArrayList<String>();
        cols.add(ProxyTable.INDEX);
        cols.add(ProxyTable.ARCH);
        cols.addAll(proxies);
        cols.add(ProxyTable.COMPUTED_FROM);
        cols.add(SECONDS + "arch");
        proxies.forEach(p -> cols.add(SECONDS + p));
        return String.join(",", cols);
    }

    @Override
    public String format(Entry e) {
        ProxyTable.Row r = e.row();
        var b = new StringBuilder(160);
        b.append(r.index()).append(',').append(r.arch().archString());
        for (double v : r.values()) {
            b.append(',').append(ProxyTableCsv.format(v));
        }
        b.append(',').append(r.computedFrom()).append(',').append(ProxyTableCsv.format(e.archSeconds()));
        for (double s : e.proxySeconds()) {
            b.append(',').append(ProxyTableCsv.format(s));
        }
        return b.toString();
    }

    @Override
    public Reader<Entry> reader(Path file, int headerLine, String header) {
        ProxyTableCsv.Layout layout = ProxyTableCsv.Layout.parse(file, headerLine, header);
        String[] names = header.split(",", -1);
        int archSeconds = Arrays.asList(names).indexOf(SECONDS + "arch");
        int[] proxySeconds = layout.proxies.stream().mapToInt(p -> Arrays.asList(names).indexOf(SECONDS + p))
                .toArray();
        if (archSeconds < 0 || Arrays.stream(proxySeconds).anyMatch(c -> c < 0)) {
            throw new FileFormatException(file, headerLine, "the journal's header lacks its seconds: columns");
        }
        return (n, line) -> {
            String[] f = layout.fields(file, n, line);
            ProxyTable.Row row = layout.row(file, n, f);
            if (requested != null && !requested.get(row.index())) {
                throw new FileFormatException(file, n, "index " + row.index() + " is not among the architectures "
                        + "this job computes");
            }
            if (space != null && !space.arch(row.index()).equals(row.arch())) {
                throw new FileFormatException(file, n, "index " + row.index() + " is " + space.arch(row.index())
                        + " in the space, the journal has " + row.arch());
            }
            double[] ps = new double[proxySeconds.length];
            for (int k = 0; k < ps.length; k++) {
                ps[k] = ProxyTableCsv.Layout.number(file, n, f[proxySeconds[k]], names[proxySeconds[k]]);
            }
            return new Entry(row, ProxyTableCsv.Layout.number(file, n, f[archSeconds], SECONDS + "arch"), ps);
        };
    }

    @Override
    public Object key(Entry e) {
        return e.row().index();
    }

    @Override
    public String describe(Object key) {
        return "index " + key;
    }
}
