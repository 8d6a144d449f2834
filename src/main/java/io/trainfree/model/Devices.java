package io.trainfree.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;

/**
 * The device a run uses, chosen once from a {@code --device} value. CPU is the default everywhere; a GPU needs the
 * CUDA build of libtorch ({@code TRAINFREE_PROFILE=cuda}, Maven profile {@code cuda}) and a visible NVIDIA GPU.
 *
 * {@snippet :
 * Device device = Devices.select("auto");                 // gpu(0) where PyTorch sees a GPU, else cpu()
 * try (NDManager root = NDManager.newBaseManager(device)) { ... }
 * }
 */
public final class Devices {
    /** The values {@link #select} accepts. */
    public static final String KNOWN = "auto, cpu, gpu, gpu:N (cuda and cuda:N also accepted)";

    private Devices() {
    }

    /**
     * {@code auto} (a GPU where PyTorch sees one, else the CPU), {@code cpu}, {@code gpu} (GPU 0) or {@code gpu:N};
     * case-insensitive, {@code cuda} for {@code gpu}.
     *
     * @throws IllegalArgumentException for an unknown value, or a GPU PyTorch cannot see, with the flag to use instead
     */
    public static Device select(String spec) {
        return select(spec, Engine.getInstance().getGpuCount());
    }

    /** {@link #select(String)} as if PyTorch saw {@code gpuCount} GPUs. */
    static Device select(String spec, int gpuCount) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip().toLowerCase(Locale.ROOT).replace("cuda", "gpu");
        if (s.equals("auto")) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int id;
        if (s.equals("gpu")) {
            id = 0;
        } else if (s.matches("gpu:\\d{1,4}")) {
            id = Integer.parseInt(s.substring(4));
        } else {
            throw new IllegalArgumentException("unknown device '" + spec + "'; known: " + KNOWN);
        }
        if (gpuCount == 0) {
            throw new IllegalArgumentException("device '" + spec + "': no CUDA GPU visible to PyTorch (this build's"
                    + " libtorch has no CUDA, or no NVIDIA driver/GPU is present); use --device cpu (or auto), or on a"
                    + " machine with an NVIDIA GPU build with TRAINFREE_PROFILE=cuda (Maven: -Pcuda)");
        }
        if (id >= gpuCount) {
            throw new IllegalArgumentException("device '" + spec + "': PyTorch sees " + gpuCount + " CUDA GPU"
                    + (gpuCount == 1 ? " (gpu:0)" : "s (gpu:0 to gpu:" + (gpuCount - 1) + ")"));
        }
        return Device.gpu(id);
    }

    /** DJL's version. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** The PyTorch engine's version, that of the libtorch it loads. */
    public static String libtorchVersion() {
        return Engine.getEngine("PyTorch").getVersion();
    }

    /** How many CUDA GPUs PyTorch sees. */
    public static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }

    /**
     * Why PyTorch sees no CUDA GPU, from what is known about this machine, or empty if it sees one.
     *
     * @param gpuCount           the GPUs PyTorch sees
     * @param libtorchHasCuda    whether the loaded libtorch was built with CUDA
     * @param nvidiaDevice       whether an NVIDIA device node ({@code /dev/nvidia0}) exists
     * @param cudaVisibleDevices {@code $CUDA_VISIBLE_DEVICES}, or null if unset
     */
    public static String cudaAbsence(int gpuCount, boolean libtorchHasCuda, boolean nvidiaDevice,
                                     String cudaVisibleDevices) {
        if (gpuCount > 0) {
            return "";
        }
        var why = new ArrayList<String>();
        if (!libtorchHasCuda) {
            why.add("the loaded libtorch is a CPU build (build with TRAINFREE_PROFILE=cuda for CUDA)");
        }
        if (!nvidiaDevice) {
            why.add("no NVIDIA device node (/dev/nvidia0): no NVIDIA driver or GPU");
        }
        if (cudaVisibleDevices != null && (cudaVisibleDevices.isBlank() || cudaVisibleDevices.strip().equals("-1"))) {
            why.add("CUDA_VISIBLE_DEVICES='" + cudaVisibleDevices + "' hides every GPU");
        }
        if (why.isEmpty()) {
            why.add("libtorch has CUDA and a device node exists, yet the CUDA runtime found no usable GPU "
                    + "(driver older than the CUDA build?)");
        }
        return String.join("; ", why);
    }

    /** The PyTorch engine's intra-op CPU threads (DJL's default: one per core). */
    public static int threads() {
        return TorchOps.threads();
    }

    /**
     * Sets the PyTorch engine's intra-op CPU threads for this process. One thread keeps a long job steady on a
     * machine shared with other work: with one thread per core, every competing process stalls libtorch's
     * synchronised threads (measured: 3.1 s per cell alone, 30-50 s beside a build on 2 cores; 4.3 s with one).
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        TorchOps.setThreads(threads);
    }
}
