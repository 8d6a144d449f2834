package io.trainfree.cli;

import io.trainfree.model.Devices;
import picocli.CommandLine.Option;

/**
 * The engine options of the commands that run networks ({@code proxies compute}, {@code bench proxies}): the device,
 * and the CPU threads the engine may use, which a command applies with {@link #applyThreads()} before its first
 * network.
 */
final class EngineOptions {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu[:N] (default: auto)")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads of the engine (default: one per core); 1 keeps a long run steady beside other "
                    + "work, and two 1-thread jobs on two cores do as much as one 2-thread job")
    Integer threads;

    /** Sets the engine's thread count if {@code --threads} was given; the engine default otherwise. */
    void applyThreads() {
        if (threads != null) {
            Devices.setThreads(threads);
        }
    }
}
