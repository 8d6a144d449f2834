package io.trainfree.proxy;

import io.trainfree.space.Nb201Arch;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The proxies' values for one architecture, in the order they were asked for, with the seconds each took (a pass
 * shared by several proxies is charged to the first that needed it).
 *
 * @param arch    the architecture
 * @param index   its benchmark index (it seeds the batch and the weights)
 * @param values  proxy name to value (NaN where undefined)
 * @param seconds proxy name to seconds
 */
public record ProxyScores(Nb201Arch arch, int index, Map<String, Double> values, Map<String, Double> seconds) {
    public ProxyScores {
        Objects.requireNonNull(arch, "arch");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** One proxy's value; unknown names list the known ones. */
    public double value(String proxy) {
        Double v = values.get(proxy);
        if (v == null) {
            throw new IllegalArgumentException("no proxy '" + proxy + "' among " + values.keySet() + " for " + arch);
        }
        return v;
    }

    /** Seconds for all proxies together. */
    public double totalSeconds() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@code proxy | value | seconds}, one row per proxy in scoring order. */
    public Table toTable() {
        return Table.create("proxies of " + (index >= 0 ? "cell " + index + ", " : "") + arch.archString(),
                StringColumn.create("proxy", values.keySet()),
                DoubleColumn.create("value", values.values().stream().mapToDouble(Double::doubleValue).toArray()),
                DoubleColumn.create("seconds", values.keySet().stream()
                        .mapToDouble(p -> seconds.getOrDefault(p, Double.NaN)).toArray()));
    }
}
