package io.trainfree.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shaded jar's entry point: trainfree's command line, with {@code --spark} filled in under spark-submit (which
 * names the master in {@code spark.master}), so that {@code spark-submit trainfree-spark.jar proxies compute ...}
 * takes the same arguments as {@code trainfree proxies compute ...}.
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        io.trainfree.cli.Main.main(withMaster(args, System.getProperty("spark.master")));
    }

    /** The arguments with {@code --spark submit} added to a {@code proxies compute} that lacks it under a master. */
    static String[] withMaster(String[] args, String master) {
        List<String> a = Arrays.asList(args);
        boolean compute = a.indexOf("proxies") >= 0 && a.indexOf("compute") == a.indexOf("proxies") + 1;
        if (master == null || !compute || a.stream().anyMatch(s -> s.equals("--spark") || s.startsWith("--spark="))) {
            return args;
        }
        var out = new ArrayList<>(a);
        out.add("--spark");
        out.add("submit"); // the master spark-submit set: SparkConf reads it
        return out.toArray(String[]::new);
    }
}
