package io.trainfree.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes a kernelspec where Jupyter looks for kernels: {@code <data dir>/kernels/<name>/kernel.json} plus the logos.
 * A second install replaces the first as a whole: the new directory is written beside it and moved in.
 */
public final class KernelInstaller {
    /** What an install did. */
    public record Result(Path directory, boolean replaced) {
    }

    private KernelInstaller() {
    }

    /**
     * Jupyter's per-user data directory, as jupyter_core computes it: {@code $JUPYTER_DATA_DIR}, else
     * {@code ~/Library/Jupyter} (macOS), {@code %APPDATA%\jupyter} (Windows), {@code $XDG_DATA_HOME/jupyter} or
     * {@code ~/.local/share/jupyter}.
     */
    public static Path userDataDir(Map<String, String> env, String osName, Path userHome) {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return userHome.resolve("Library/Jupyter");
        }
        if (os.contains("win") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share")).resolve("jupyter");
    }

    /** The data directory of a {@code --prefix} install, as {@code jupyter kernelspec install --prefix}. */
    public static Path prefixDataDir(Path prefix) {
        return prefix.resolve("share/jupyter");
    }

    /**
     * Installs {@code spec} as {@code <dataDir>/kernels/<name>}, with the {@code logo-*.png} files found in
     * {@code logos} (skipped if that directory does not exist), replacing a previous install of that name.
     */
    public static Result install(KernelSpec spec, Path dataDir, String name, Path logos) {
        Objects.requireNonNull(spec, "spec");
        if (!KernelSpec.validName(name)) {
            throw new IllegalArgumentException("kernel name '" + name + "' is not valid for Jupyter: use letters, "
                    + "digits, '.', '_' and '-'");
        }
        Path kernels = dataDir.resolve("kernels");
        Path target = kernels.resolve(name);
        Path staging = null;
        Path old = null;
        try {
            Files.createDirectories(kernels);
            staging = Files.createTempDirectory(kernels, "." + name + "-new-");
            if (staging.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(staging.resolve("kernel.json"), spec.toJson(), StandardCharsets.UTF_8);
            if (logos != null && Files.isDirectory(logos)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(logos, "logo-*.{png,svg}")) {
                    for (Path f : files) {
                        Files.copy(f, staging.resolve(f.getFileName().toString()));
                    }
                }
            }
            boolean replaced = Files.exists(target);
            if (replaced) {
                old = kernels.resolve("." + name + "-old-" + Long.toHexString(System.nanoTime()));
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) { // put the previous install back
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            staging = null;
            if (old != null) {
                deleteTree(old);
            }
            return new Result(target, replaced);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the kernelspec in " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                try {
                    deleteTree(staging);
                } catch (IOException ignored) {
                    // the failure that brought us here is the one to report
                }
            }
        }
    }

    /**
     * An installed kernelspec, as read back from its {@code kernel.json}.
     *
     * @param kernelJson  the file
     * @param java        the command it starts ({@code argv[0]})
     * @param classpath   its {@code -cp} value, empty if it has none
     * @param missing     the java command and classpath entries that do not exist (a {@code dir/*} entry counts
     *                    as missing if {@code dir} does not)
     */
    public record Installed(Path kernelJson, String java, String classpath, List<String> missing) {
        public Installed {
            missing = List.copyOf(missing);
        }
    }

    /**
     * The kernelspec installed as {@code <dataDir>/kernels/<name>}, or empty if there is none.
     *
     * @throws UncheckedIOException if its kernel.json cannot be read
     * @throws IllegalArgumentException if its kernel.json is not a kernelspec
     */
    public static Optional<Installed> inspect(Path dataDir, String name) {
        Path json = dataDir.resolve("kernels").resolve(name).resolve("kernel.json");
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseInstalled(json, Files.readString(json, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + json + ": " + e.getMessage(), e);
        }
    }

    /** {@link #inspect}'s reading of a kernel.json's text, checking the paths it names against this file system. */
    static Installed parseInstalled(Path json, String text) {
        JsonArray argv;
        try {
            argv = JsonParser.parseString(text).getAsJsonObject().getAsJsonArray("argv");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(json + " is not a kernelspec: " + e.getMessage(), e);
        }
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException(json + " has no argv");
        }
        List<String> args = new ArrayList<>();
        argv.forEach(a -> args.add(a.getAsString()));
        var missing = new ArrayList<String>();
        String java = args.get(0);
        if (java.contains(File.separator) && !Files.isExecutable(Path.of(java))) {
            missing.add(java);
        }
        int cp = args.indexOf("-cp");
        String classpath = cp >= 0 && cp + 1 < args.size() ? args.get(cp + 1) : "";
        for (String entry : classpath.isEmpty() ? new String[0] : classpath.split(File.pathSeparator)) {
            Path p = Path.of(entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry);
            if (!Files.exists(p)) {
                missing.add(entry);
            }
        }
        return new Installed(json, java, classpath, missing);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
