package io.trainfree.notebook;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Facts about the session a notebook runs in. CI executes every notebook with {@code TRAINFREE_QUICK=1}; a notebook
 * reads {@link #quick()} to run a smaller version of a long cell (fewer architectures, fewer seeds).
 *
 * {@snippet :
 * int archs = Notebook.quick() ? 200 : 15_625;
 * }
 */
public final class Notebook {
    /** The environment variable that asks for quick runs ({@code 1}, {@code true} or {@code yes}). */
    public static final String QUICK_ENV = "TRAINFREE_QUICK";

    private Notebook() {
    }

    /** Whether {@code TRAINFREE_QUICK} (or the system property {@code trainfree.quick}) asks for a quick run. */
    public static boolean quick() {
        String v = System.getProperty("trainfree.quick", System.getenv(QUICK_ENV));
        return truthy(v);
    }

    static boolean truthy(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    /** The project directory: the system property {@code trainfree.home} (the kernel sets it), else the working one. */
    public static Path home() {
        return Path.of(System.getProperty("trainfree.home", "")).toAbsolutePath().normalize();
    }
}
