package io.trainfree.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory, which is where leaked native (libtorch) memory shows: the JVM heap does not see it.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS in kB, empty where {@code /proc/self/status} is not available (not Linux). */
    public static OptionalLong residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
