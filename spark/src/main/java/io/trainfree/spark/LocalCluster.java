package io.trainfree.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code local-cluster[N,C,MB]} master needs to score cells in N executor JVMs on this machine, as a cluster's
 * executors would (where {@code local[N]} runs its tasks in the driver's JVM). Spark's workers start the executors
 * from {@code $SPARK_HOME/jars} ({@code spark/trainfree-spark} points {@code SPARK_HOME} at the module's build); the
 * executors also need this jar, trainfree's project directory (where the data resolver looks for {@code data/} and
 * {@code ../shared/data}), {@code TRAINFREE_DATA} if the driver has it, and DJL's offline switch, none of which an
 * executor JVM inherits.
 */
final class LocalCluster {
    private LocalCluster() {
    }

    /** Whether {@code master} starts executors as local JVMs. */
    static boolean is(String master) {
        return master != null && master.startsWith("local-cluster[");
    }

    /**
     * The Spark settings for the executors, to be set where the user has not set them.
     *
     * @param jar        this module's jar (the driver's copy: the executors run on the same machine)
     * @param properties the driver's system properties ({@code trainfree.home}, {@code ai.djl.offline})
     * @param data       the driver's {@code TRAINFREE_DATA}, if set
     */
    static Map<String, String> executorSettings(String jar, Map<String, String> properties, Optional<String> data) {
        var out = new LinkedHashMap<String, String>();
        out.put("spark.executor.extraClassPath", jar);
        var options = new StringBuilder("-Djava.awt.headless=true --enable-native-access=ALL-UNNAMED");
        for (String key : new String[] {"trainfree.home", "ai.djl.offline"}) {
            String value = properties.get(key);
            if (value != null) {
                if (value.chars().anyMatch(Character::isWhitespace)) {
                    // Spark splits these options on spaces, quotes honoured: keep a path with spaces whole
                    value = "\"" + value + "\"";
                }
                options.append(" -D").append(key).append('=').append(value);
            }
        }
        out.put("spark.executor.extraJavaOptions", options.toString());
        data.ifPresent(d -> out.put("spark.executorEnv.TRAINFREE_DATA", d));
        return out;
    }
}
