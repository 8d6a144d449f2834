package io.trainfree.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a benchmark can be asked about an architecture. Each constant's {@link #id()} is its column name in
 * {@link Benchmark#table(Object)}; hardware metrics and proxies keep the published column names. Which metrics a
 * benchmark has for which task is {@link Benchmark#metrics(Object)}; asking for another one fails and says where the
 * metric is published.
 *
 * <p>Values are returned as published, including the benchmarks' own failure markers: NASLib's {@code -1e8} for a
 * proxy that could not be computed (e.g. zen on the 341 disconnected NAS-Bench-201 cells) and HW-NAS-Bench's
 * {@code -1} for an Edge TPU latency that was not measured. NaN means "not published for this architecture".
 */
public enum Metric {
    /** Test accuracy after full training: NAS-Bench-201 200 epochs, %; CIFAR-10 trained on train+valid. */
    TEST_ACCURACY("test_accuracy", Kind.ACCURACY,
            "test accuracy after 200 epochs (%; CIFAR-10 model trained on train+valid)"),
    /**
     * Validation accuracy after full training: NAS-Bench-201 200 epochs, % (CIFAR-10 from {@code cifar10-valid}, the
     * model trained on the train half; CIFAR-100 and ImageNet16-120 track their test accuracy closely);
     * TransNAS-Bench-101: the task's own score (accuracy, SSIM, negative loss...), higher is better.
     */
    VAL_ACCURACY("val_accuracy", Kind.ACCURACY,
            "validation accuracy after full training (NB201: %, 200 epochs, CIFAR-10 on cifar10-valid; "
                    + "TNB101: the task's score)"),
    /** Test accuracy after the 12-epoch schedule (NAS-Bench-201 hp=12), %. */
    TEST_ACCURACY_12("test_accuracy_12", Kind.ACCURACY, "test accuracy after 12 epochs (%)"),
    /** Validation accuracy after the 12-epoch schedule (NAS-Bench-201 hp=12), %; RoBoT's objective on CIFAR-10. */
    VAL_ACCURACY_12("val_accuracy_12", Kind.ACCURACY, "validation accuracy after 12 epochs (%)"),
    /** Seconds NAS-Bench-201 recorded for the 12-epoch CIFAR-10 training (RoBoT's {@code cost}); CIFAR-10 only. */
    TRAIN_COST_12("train_cost_12", Kind.COST, "seconds recorded for the 12-epoch training (CIFAR-10 only)"),
    /** Parameters in millions, official network, closed form. */
    PARAMS("params", Kind.SIZE, "parameters (millions; closed form)"),
    /** FLOPs in millions, official network, closed form. */
    FLOPS("flops", Kind.SIZE, "FLOPs (millions; closed form)"),

    EDGEGPU_LATENCY("edgegpu_latency", Kind.HARDWARE, "HW-NAS-Bench edge GPU latency (ms)"),
    EDGEGPU_ENERGY("edgegpu_energy", Kind.HARDWARE, "HW-NAS-Bench edge GPU energy (mJ)"),
    RASPI4_LATENCY("raspi4_latency", Kind.HARDWARE, "HW-NAS-Bench Raspberry Pi 4 latency (ms)"),
    EDGETPU_LATENCY("edgetpu_latency", Kind.HARDWARE, "HW-NAS-Bench Edge TPU latency (ms; -1 where not measured)"),
    PIXEL3_LATENCY("pixel3_latency", Kind.HARDWARE, "HW-NAS-Bench Pixel 3 latency (ms)"),
    EYERISS_LATENCY("eyeriss_latency", Kind.HARDWARE, "HW-NAS-Bench Eyeriss latency (ms)"),
    EYERISS_ENERGY("eyeriss_energy", Kind.HARDWARE, "HW-NAS-Bench Eyeriss energy (mJ)"),
    EYERISS_ARITHMETIC_INTENSITY("eyeriss_arithmetic_intensity", Kind.HARDWARE,
            "HW-NAS-Bench Eyeriss arithmetic intensity"),
    FPGA_LATENCY("fpga_latency", Kind.HARDWARE, "HW-NAS-Bench FPGA latency (ms)"),
    FPGA_ENERGY("fpga_energy", Kind.HARDWARE, "HW-NAS-Bench FPGA energy (mJ)"),

    EPE_NAS("epe_nas", Kind.PROXY, "published proxy epe_nas"),
    FISHER("fisher", Kind.PROXY, "published proxy fisher"),
    /** NAS-Bench-Suite-Zero's {@code flops} column: NASLib's own count, not {@link #FLOPS}. */
    ZC_FLOPS("zc_flops", "flops", Kind.PROXY, "published proxy flops (NAS-Bench-Suite-Zero's count)"),
    GRAD_NORM("grad_norm", Kind.PROXY, "published proxy grad_norm"),
    GRASP("grasp", Kind.PROXY, "published proxy grasp"),
    JACOV("jacov", Kind.PROXY, "published proxy jacov (jacob_cov)"),
    L2_NORM("l2_norm", Kind.PROXY, "published proxy l2_norm"),
    NWOT("nwot", Kind.PROXY, "published proxy nwot (NASWOT)"),
    /** NAS-Bench-Suite-Zero's {@code params} column (equal to {@link #PARAMS} on all 9,445 of its cells). */
    ZC_PARAMS("zc_params", "params", Kind.PROXY, "published proxy params (NAS-Bench-Suite-Zero's count)"),
    PLAIN("plain", Kind.PROXY, "published proxy plain"),
    SNIP("snip", Kind.PROXY, "published proxy snip"),
    SYNFLOW("synflow", Kind.PROXY, "published proxy synflow"),
    ZEN("zen", Kind.PROXY, "published proxy zen (Zen-score)");

    /** What a metric measures. */
    public enum Kind {
        /** Accuracy or the task's score after (some) training. */
        ACCURACY,
        /** Training cost in seconds. */
        COST,
        /** Model size: parameters, FLOPs. */
        SIZE,
        /** Latency or energy on a device (HW-NAS-Bench). */
        HARDWARE,
        /** A training-free proxy value computed and published by others. */
        PROXY
    }

    private final String id;
    private final String header;
    private final Kind kind;
    private final String description;

    Metric(String id, Kind kind, String description) {
        this(id, id, kind, description);
    }

    Metric(String id, String header, Kind kind, String description) {
        this.id = id;
        this.header = header;
        this.kind = kind;
        this.description = description;
    }

    /** The column name, e.g. {@code test_accuracy}, {@code synflow}, {@code edgegpu_latency}. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** One line: what, unit, provenance. */
    public String description() {
        return description;
    }

    /** The column header in the published file (hardware and proxies), e.g. {@code flops} for {@link #ZC_FLOPS}. */
    String header() {
        return header;
    }

    /** The metrics of one kind, in declaration order. */
    public static List<Metric> ofKind(Kind kind) {
        return Arrays.stream(values()).filter(m -> m.kind == kind).toList();
    }

    /**
     * The metric with this id (or constant name), case-insensitively; an unknown name lists the known ones.
     */
    public static Metric of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.id.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
                + Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
