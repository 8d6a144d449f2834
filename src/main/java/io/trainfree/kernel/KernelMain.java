package io.trainfree.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java ... io.trainfree.kernel.KernelMain <connection-file>}: what Jupyter runs (the kernelspec that
 * {@code trainfree kernel install} writes says how). Serves one kernel until Jupyter shuts it down.
 */
public final class KernelMain {
    /** Kept so that the level set here is not lost when the logger is garbage collected. */
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: io.trainfree.kernel.KernelMain <connection-file>\n"
                    + "Jupyter runs this with its connection file; "
                    + "install the kernel with `trainfree kernel install`.");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("trainfree.home") == null) { // the kernelspec passes it; without it, guess from the jar
            projectDir().ifPresent(home -> System.setProperty("trainfree.home", home.toString()));
        }
        quietLogging();
        Path file = Path.of(args[0]);
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            System.err.println("trainfree kernel: cannot read the connection file " + file.toAbsolutePath() + ": " + e);
            System.exit(1);
            return;
        }
        KernelConnectionProperties connection = KernelConnectionProperties.parse(json);
        var kernel = new TrainfreeKernel();
        var jupyter = new JupyterConnection(connection);
        kernel.becomeHandlerForConnection(jupyter);
        jupyter.connect();
        jupyter.waitUntilClose();
        kernel.close();
        System.exit(0); // threads a cell started must not keep a shut-down kernel alive
    }

    /** The project directory when the kernel runs from its {@code target/trainfree.jar} or {@code target/classes}. */
    static Optional<Path> projectDir() {
        var source = KernelMain.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path target = Path.of(source.getLocation().toURI()).getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return Optional.ofNullable(target.getParent());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file location: leave trainfree.home unset (the working directory is used)
        }
        return Optional.empty();
    }

    /** basekernel logs at INFO through java.util.logging; SLF4J (Tablesaw's) is bound to its no-op provider. */
    static void quietLogging() {
        ROOT_LOGGER.setLevel(Level.WARNING);
        for (var h : ROOT_LOGGER.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        LoggerFactory.getILoggerFactory(); // initialise SLF4J now, not in the middle of a cell's output
    }
}
