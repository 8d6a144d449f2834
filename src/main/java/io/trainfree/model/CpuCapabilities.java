package io.trainfree.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the CPU offers libtorch's vectorised kernels, from {@code /proc/cpuinfo}, and which kernels libtorch then
 * uses. libtorch (ATen) picks {@code avx512} where the CPU has AVX-512 VL, BW and DQ with FMA, else {@code avx2}
 * where it has AVX2 with FMA, else {@code default} (scalar and SSE); {@code $ATEN_CPU_CAPABILITY} can only lower
 * that choice.
 *
 * @param model the CPU's model name, empty if cpuinfo does not say
 * @param flags the flags of the first processor
 */
public record CpuCapabilities(String model, Set<String> flags) {
    /** The flags that matter to libtorch's kernels, in the order they are listed. */
    public static final List<String> VECTOR_FLAGS = List.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "avx512f",
            "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16", "amx_tile", "neon", "asimd", "sve");

    /** The environment variable that lowers libtorch's kernel choice. */
    public static final String ENV = "ATEN_CPU_CAPABILITY";

    public CpuCapabilities {
        flags = Set.copyOf(flags);
    }

    /** Reads {@code /proc/cpuinfo} (Linux only). */
    public static CpuCapabilities read() throws IOException {
        return parse(Files.readString(Path.of("/proc/cpuinfo")));
    }

    /** The model name and the flags ({@code flags} on x86, {@code Features} on ARM) of the first processor listed. */
    public static CpuCapabilities parse(String cpuinfo) {
        String model = "";
        Set<String> flags = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (model.isEmpty() && (key.equals("model name") || key.equals("cpu model"))) {
                model = value;
            } else if (flags == null && (key.equals("flags") || key.equals("features"))) {
                flags = new TreeSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                flags.remove("");
            }
        }
        return new CpuCapabilities(model, flags == null ? Set.of() : flags);
    }

    /** The vector flags this CPU has, of {@link #VECTOR_FLAGS}. */
    public List<String> vectorFlags() {
        return VECTOR_FLAGS.stream().filter(flags::contains).toList();
    }

    /** The best kernels libtorch can use on this CPU: {@code avx512}, {@code avx2} or {@code default}. */
    public String best() {
        if (flags.containsAll(List.of("avx512vl", "avx512bw", "avx512dq", "fma"))) {
            return "avx512";
        }
        if (flags.containsAll(List.of("avx2", "fma"))) {
            return "avx2";
        }
        return "default";
    }

    /**
     * The kernels libtorch uses given {@code $ATEN_CPU_CAPABILITY} ({@code null} if unset): the lower of the two,
     * the best if the variable is unset or unknown.
     */
    public String chosen(String env) {
        List<String> order = List.of("default", "avx2", "avx512");
        String best = best();
        if (env == null || !order.contains(env.strip().toLowerCase(Locale.ROOT))) {
            return best;
        }
        String asked = env.strip().toLowerCase(Locale.ROOT);
        return order.indexOf(asked) < order.indexOf(best) ? asked : best;
    }
}
