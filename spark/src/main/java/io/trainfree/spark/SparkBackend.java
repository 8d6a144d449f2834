package io.trainfree.spark;

import io.trainfree.proxy.ProxyJob;
import io.trainfree.proxy.ThreadScoring;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code trainfree proxies compute --spark MASTER}: the job's cells scored by Spark tasks, one cell per Spark job,
 * several jobs in flight so that every executor core stays busy. The driver merges each cell as its job ends, through
 * the job's journal ({@link ProxyJob#run(io.trainfree.job.JobListener, ProxyJob.Scoring)}), so progress and resuming
 * are the single-process job's. A task writes nothing: a retried or speculative attempt is harmless, Spark keeps one
 * result per job, and the merge drops a cell it has already.
 */
public final class SparkBackend implements ProxyJob.Backend {
    /** Spark jobs in flight per executor core: enough to keep cores busy while the driver merges. */
    static final int JOBS_PER_CORE = 2;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Session open(ProxyJob job, String master) {
        var conf = new SparkConf().setAppName("trainfree proxies " + job.target().getFileName())
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // the cells' jobs share the cluster in turn, not first come first served
                .setIfMissing("spark.scheduler.mode", "FAIR");
        if (master != null && !master.isBlank() && !master.equals("submit")) {
            conf.setMaster(master);
        }
        if (LocalCluster.is(conf.get("spark.master", ""))) {
            var properties = new HashMap<String, String>();
            for (String key : System.getProperties().stringPropertyNames()) {
                properties.put(key, System.getProperty(key));
            }
            LocalCluster.executorSettings(ownJar(), properties, Optional.ofNullable(System.getenv("TRAINFREE_DATA")))
                    .forEach(conf::setIfMissing);
        }
        return new SparkSession(job, new JavaSparkContext(conf));
    }

    private static String ownJar() {
        try {
            return Path.of(CellTask.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the trainfree-spark jar: " + e.getMessage(), e);
        }
    }

    /** A Spark context scoring one job's cells. */
    static final class SparkSession implements Session {
        private final ProxyJob job;
        private final CellTask task;
        private final JavaSparkContext spark;

        SparkSession(ProxyJob job, JavaSparkContext spark) {
            this.job = job;
            this.task = CellTask.of(job);
            this.spark = spark;
        }

        @Override
        public void score(int[] indices, Consumer<ProxyJob.Scored> sink) {
            int inFlight = Math.max(1, spark.defaultParallelism() * JOBS_PER_CORE);
            String group = "trainfree-" + System.nanoTime();
            CellTask t = task;
            // one driver thread per Spark job in flight: collect() blocks until the cell's task is done; once they
            // stop, the group's jobs still running (after a failure or an interrupt) are cancelled
            ThreadScoring.concurrently(indices, inFlight, "trainfree-spark-submit", index -> {
                var cell = new CellTask.Cell(index, job.space().arch(index).archString());
                try {
                    spark.setJobGroup(group, "trainfree cell " + index, true);
                    return spark.parallelize(List.of(cell), 1).map(t::score).collect().get(0);
                } catch (Exception | Error e) { // Spark's SparkException reaches Java code undeclared
                    throw new IllegalStateException("a Spark task failed: " + e.getMessage(), e);
                }
            }, sink, () -> spark.cancelJobGroup(group));
        }

        @Override
        public void close() {
            spark.close();
        }
    }
}
