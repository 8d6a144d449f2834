package io.trainfree.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds trainfree's data files. Every file is looked up, in order, under the directory named by the
 * {@code TRAINFREE_DATA} environment variable, under {@code data/} of the project, and under
 * {@code ../shared/data} beside the project; the first hit wins. The project directory is the system property
 * {@code trainfree.home} (the launcher and the notebook kernel set it), else the working directory. A missing file
 * fails with one message naming the file, every place looked in and where to download it.
 *
 * {@snippet :
 * Path hp12 = DataResolver.standard().resolve(DataFile.NB201_HP12_INFO);
 * }
 */
public final class DataResolver {
    /** Name of the environment variable that points at a data directory. */
    public static final String ENV = "TRAINFREE_DATA";

    private final List<Path> roots;

    private DataResolver(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** System property naming the project directory that {@code data/} and {@code ../shared/data} are relative to. */
    public static final String HOME_PROPERTY = "trainfree.home";

    /** The standard search order: {@code $TRAINFREE_DATA}, {@code <home>/data}, {@code <home>/../shared/data}. */
    public static DataResolver standard() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty(HOME_PROPERTY, "")));
    }

    /** The standard search order against a given environment and project directory (for tests and tools). */
    public static DataResolver fromEnvironment(Map<String, String> env, Path projectDir) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(projectDir, "projectDir");
        var roots = new ArrayList<Path>();
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            roots.add(Path.of(fromEnv));
        }
        Path wd = projectDir.toAbsolutePath().normalize();
        roots.add(wd.resolve("data"));
        roots.add(wd.resolve("../shared/data").normalize());
        return new DataResolver(roots);
    }

    /** A resolver over exactly these roots, in order. */
    public static DataResolver of(Path... roots) {
        return new DataResolver(List.of(roots));
    }

    /** The directories searched, in order. */
    public List<Path> roots() {
        return roots;
    }

    /** Where the file is, if any root has it. */
    public Optional<Path> find(DataFile file) {
        return find(file.path());
    }

    /** Where a relative path is, if any root has it. */
    public Optional<Path> find(String relativePath) {
        for (Path root : roots) {
            Path candidate = root.resolve(relativePath);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The file's path.
     *
     * @throws MissingDataException naming the file, the places looked in and the download source
     */
    public Path resolve(DataFile file) {
        return find(file).orElseThrow(() -> new MissingDataException(file, roots));
    }

    /** Whether every one of the files is present. */
    public boolean has(DataFile... files) {
        for (DataFile f : files) {
            if (find(f).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
