package io.trainfree.spark;

import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Images;
import io.trainfree.model.Devices;
import io.trainfree.proxy.Proxies;
import io.trainfree.proxy.ProxyJob;
import io.trainfree.proxy.ProxyRunner;
import io.trainfree.space.Nb201Arch;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * What a Spark task needs to score cells exactly as the job's own runner would: the dataset, the proxies, the runner's
 * options and the engine's threads, all from the driver's job. On the executor, the images are read once per JVM and
 * each task thread keeps one runner (a runner's managers are not shared between threads; the engine, PyTorch, is one
 * per JVM, and its intra-op threads are the job's {@code --threads} for every task thread).
 *
 * @param dataset the dataset id
 * @param proxies proxy names in the job's column order
 * @param batchSize images per batch
 * @param seed      the base seed
 * @param device    the job's device ({@code auto}, {@code cpu}, {@code gpu[:N]})
 * @param augment   whether batches are augmented
 * @param threads the engine's intra-op threads the job records: they change the last bits of some values
 */
record CellTask(String dataset, List<String> proxies, int batchSize, long seed, String device, boolean augment,
        int threads)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    CellTask {
        proxies = List.copyOf(proxies);
    }

    /** The task of a job, from its settings. */
    static CellTask of(ProxyJob job) {
        ProxyJob.Settings s = job.settings();
        ProxyRunner.Options o = job.runnerOptions();
        return new CellTask(s.dataset(), s.proxies(), o.batchSize(), o.seed(), o.device(), o.augment(), s.threads());
    }

    /** A cell to score: its index (which with the seed fixes batch and weights) and its cell string. */
    record Cell(int index, String arch) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Scores one cell on this task's thread, with the thread's own runner: trainfree records gradients per thread
     * ({@code TorchOps.recordGradients}), so an executor scores as many cells at once as it has task slots.
     */
    ProxyJob.Scored score(Cell cell) {
        return Executor.runner(this, gpuDevice()).score(cell);
    }

    /** With Spark's GPU scheduling, the GPU this task was given ({@code gpu:N}) rather than the job's device. */
    private String gpuDevice() {
        TaskContext context = TaskContext.get();
        if (context == null || device.equals("cpu")) {
            return device;
        }
        ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
        return gpu == null || gpu.addresses().length == 0 ? device : "gpu:" + gpu.addresses()[0];
    }

    /** What an executor JVM holds between tasks. */
    static final class Executor {
        private static final Map<String, ImageSet> IMAGES = new ConcurrentHashMap<>();
        // task threads are pooled by the executor, so a thread's runner serves many tasks
        private static final ThreadLocal<Map<String, Runner>> RUNNERS = ThreadLocal.withInitial(HashMap::new);

        private Executor() {
        }

        static Runner runner(CellTask task, String device) {
            setThreads(task.threads());
            String key = task + "@" + device;
            return RUNNERS.get().computeIfAbsent(key, k -> {
                Dataset dataset = Dataset.parse(task.dataset());
                ImageSet images = IMAGES.computeIfAbsent(task.dataset(), d -> Images.train(dataset));
                return new Runner(ProxyRunner.of(dataset, Proxies.list(task.proxies().toArray(String[]::new)),
                        images, new ProxyRunner.Options(task.batchSize(), task.seed(), device, task.augment())));
            });
        }

        /** The engine's threads are the JVM's: set once, before the first network. */
        private static synchronized void setThreads(int threads) {
            if (Devices.threads() != threads) {
                Devices.setThreads(threads);
            }
        }
    }

    /** A runner kept for the executor's life (its managers are freed with the JVM). */
    record Runner(ProxyRunner runner) {
        ProxyJob.Scored score(Cell cell) {
            return ProxyJob.Scored.of(runner, Nb201Arch.parse(cell.arch()), cell.index());
        }
    }
}
