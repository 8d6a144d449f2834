package io.trainfree.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SymbolBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every call trainfree makes past DJL's engine-neutral API into its PyTorch engine ({@code ai.djl.pytorch}): the
 * one place that ties the library to libtorch, as DJL keeps its own engines at the edge. Each method says what the
 * engine-neutral API lacks. Arrays passed in must be PyTorch arrays (any array made by a PyTorch {@link NDManager}).
 */
public final class TorchOps {
    private TorchOps() {
    }

    /**
     * libtorch's {@code batch_norm} in one kernel, forward and backward (double backward included, which grasp
     * needs): {@code training} uses the batch's statistics and updates the running ones in place with {@code
     * momentum}, else normalises with the running ones. DJL's engine-neutral {@code BatchNorm.batchNorm} passes the
     * momentum as {@code 1 - (float) momentum}, which rounds PyTorch's 0.1 and changes the running statistics.
     *
     * @return the normalised array, in {@code x}'s manager
     */
    public static NDArray batchNorm(NDArray x, NDArray runningMean, NDArray runningVar, NDArray gamma, NDArray beta,
            boolean training, double momentum, double eps) {
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, momentum, eps);
    }

    /**
     * {@code a} cast to {@code type} in storage of its own. DJL 0.35.1's {@code toType(type, true)} ignores the copy
     * flag once it calls libtorch, whose {@code to()} returns the same tensor when the type already matches: the
     * "copy" then aliases {@code a}, and if {@code a} was made from a Java array, its memory is freed with {@code a}.
     */
    public static NDArray castCopy(NDArray a, DataType type) {
        return a.getDataType() == type ? a.duplicate() : a.toType(type, false);
    }

    /**
     * Records operations for autograd on this thread until closed, as DJL's {@code GradientCollector} does, without
     * its JVM-wide lock: DJL 0.35.1's {@code PtGradientCollector} refuses a second collector anywhere in the JVM while
     * one is open, so two threads could never score two networks at once. libtorch's grad mode is per thread, and
     * each network's graph is its own, so threads that share no arrays may record side by side. Closing restores the
     * thread's previous mode, so recordings nest. {@code zeroGradients} is refused: DJL's zeroes every array of the
     * engine, other threads' included; {@link #zeroGradient} zeroes one.
     */
    public static GradientCollector recordGradients() {
        return new ThreadGradients();
    }

    /** A change of this thread's grad mode, undone on close. */
    public interface GradMode extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Stops recording on this thread until closed (then the thread's previous mode is back). libtorch starts every
     * new thread recording, and DJL turns that off only on the thread that loads the engine, so work handed to a pool
     * thread (a Spark task, a worker of a job) would otherwise record every operation and refuse new leaves.
     */
    public static GradMode withoutGradients() {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return () -> JniUtils.setGradMode(before);
    }

    private static final class ThreadGradients implements GradientCollector {
        private final boolean before = JniUtils.isGradMode();
        private boolean closed;

        ThreadGradients() {
            JniUtils.setGradMode(true);
        }

        @Override
        public void backward(NDArray target) {
            TorchOps.backward(target, false);
        }

        @Override
        public void zeroGradients() {
            throw new UnsupportedOperationException("zero each array's gradient: TorchOps.zeroGradient");
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JniUtils.setGradMode(before);
            }
        }
    }

    /**
     * Whether autograd records operations on this thread (inside a {@code GradientCollector}). DJL offers no query
     * of it; a parameter transform checks it so that it never makes arrays that are not leaves.
     */
    public static boolean recordingGradients() {
        return JniUtils.isGradMode();
    }

    /**
     * Backward of a scalar {@code y} seeded with ones, accumulating into the leaves' gradients; with {@code keepGraph}
     * the graph stays for another backward from the same forward (ntk takes one backward per sample). DJL's {@code
     * GradientCollector.backward} always frees the graph.
     */
    public static void backward(NDArray y, boolean keepGraph) {
        JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), keepGraph, false);
    }

    /**
     * Zeroes the gradient stored in one array. DJL's {@code GradientCollector.zeroGradients} zeroes every array of
     * the engine's system manager instead, which would reach other architectures' arrays.
     */
    public static void zeroGradient(NDArray a) {
        JniUtils.zeroGrad((PtNDArray) a);
    }

    /** The engine's intra-op CPU threads (DJL's default: one per core). DJL has no engine-neutral call for it. */
    public static int threads() {
        Engine.getEngine("PyTorch"); // loads libtorch before asking it
        return JniUtils.getNumThreads();
    }

    /** The engine's inter-op CPU threads. */
    public static int interopThreads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumInteropThreads();
    }

    /** What the loaded libtorch was built with, as PyTorch names it ({@code CUDA}, {@code MKL}, {@code OPENMP}...). */
    public static Set<String> features() {
        Engine.getEngine("PyTorch");
        return new TreeSet<>(JniUtils.getFeatures());
    }

    /** The directory libtorch was loaded from. */
    public static String libtorchPath() {
        Engine.getEngine("PyTorch");
        return LibUtils.getLibtorchPath();
    }

    /** Sets the engine's intra-op CPU threads for this process. DJL has no engine-neutral call for it. */
    public static void setThreads(int threads) {
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
    }

    /**
     * Loads a TorchScript module from the bytes of its archive (what {@code torch.jit.save} writes), into a manager
     * of its own on the CPU that lives as long as the module. DJL loads modules only from a model directory through
     * its {@code Model} API, which wants a file and a translator.
     *
     * @throws IOException from libtorch if the archive cannot be read
     */
    public static SymbolBlock loadTorchScript(byte[] archive) throws IOException {
        Objects.requireNonNull(archive, "archive");
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive), true, false);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Runs a module loaded by {@link #loadTorchScript} in training mode (autograd on, which {@code aten::grad}
     * needs) and returns its outputs, in the manager of the first input. DJL passes lists of tensors by the arrays'
     * names ({@code "name[]"}) and picks the method by a marker array named {@code module_method:NAME}. The
     * engine-neutral {@code Block.forward} reaches the same call only through a {@code ParameterStore}, after fixing
     * the module's input description from its first call, while here each method takes other inputs.
     */
    public static NDList runTorchScript(SymbolBlock module, NDList inputs) {
        return IValueUtils.forward((PtSymbolBlock) module, inputs, true);
    }
}
