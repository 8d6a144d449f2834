package io.trainfree.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Jupyter kernelspec ({@code kernel.json}): the command that starts the kernel, its display name, language and
 * interrupt mode (messages, since a JVM cannot take SIGINT as an interrupt), and the environment it runs in.
 *
 * @param argv          the command; {@code {connection_file}} is replaced by Jupyter
 * @param displayName   the name shown in Jupyter's kernel menu
 * @param language      {@code java}, as for IJava
 * @param interruptMode {@code message}
 * @param env           environment variables added for the kernel
 */
public record KernelSpec(List<String> argv, String displayName, String language, String interruptMode,
                         Map<String, String> env) {
    public static final String DISPLAY_NAME = "Java (trainfree)";
    public static final String MAIN_CLASS = "io.trainfree.kernel.KernelMain";
    /** The native allocator settings the launcher exports for libtorch (see the trainfree launcher). */
    public static final Map<String, String> MALLOC_DEFAULTS = defaults();

    /** Paths keep their {@code < > & = '} as they are: Gson's HTML escaping is for JSON put inside web pages. */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public KernelSpec {
        argv = List.copyOf(argv);
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(interruptMode, "interruptMode");
        env = Map.copyOf(new LinkedHashMap<>(env));
        if (argv.isEmpty() || !argv.contains("{connection_file}")) {
            throw new IllegalArgumentException("a kernelspec's argv must contain {connection_file}; got " + argv);
        }
    }

    private static Map<String, String> defaults() {
        var m = new LinkedHashMap<String, String>();
        m.put("MALLOC_MMAP_THRESHOLD_", "33554432");
        m.put("MALLOC_TRIM_THRESHOLD_", "2147483647");
        m.put("MALLOC_TOP_PAD_", "268435456");
        return m;
    }

    /**
     * The spec for a built project: the JDK's {@code java}, {@code target/trainfree.jar} and {@code target/lib/*} on
     * the classpath, the launcher's JVM options and environment.
     *
     * @param home        the project directory (holds {@code target/trainfree.jar})
     * @param javaHome    the JDK to run (the one running this, as the launcher chose it)
     * @param javaFeature its feature version (23+ takes {@code --sun-misc-unsafe-memory-access=allow})
     * @param profile     the build profile, {@code cpu} or {@code cuda} (as in {@code target/.trainfree-profile})
     * @param environment the environment to take the allocator settings and extra options from
     */
    public static KernelSpec forProject(Path home, Path javaHome, int javaFeature, String profile,
                                        Map<String, String> environment) {
        Path root = home.toAbsolutePath().normalize();
        Path jar = root.resolve("target/trainfree.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build first (./trainfree builds it on any command, "
                    + "or run mvn package in " + root + ")");
        }
        return forClasspath(root, javaHome, javaFeature, profile,
                jar + File.pathSeparator + root.resolve("target/lib") + File.separator + "*", environment);
    }

    /**
     * The spec {@link #forProject} writes, with another classpath: the protocol test runs the kernel from the test
     * JVM's classpath (before the jar is packaged) with everything else as installed.
     */
    static KernelSpec forClasspath(Path home, Path javaHome, int javaFeature, String profile, String classpath,
                                   Map<String, String> environment) {
        Path root = home.toAbsolutePath().normalize();
        Path java = javaHome.resolve("bin/java");
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.add("-Djava.awt.headless=true");
        argv.add("--enable-native-access=ALL-UNNAMED");
        if (javaFeature >= 23) {
            argv.add("--sun-misc-unsafe-memory-access=allow");
        }
        argv.add("-Dtrainfree.home=" + root);
        var env = new LinkedHashMap<String, String>();
        MALLOC_DEFAULTS.forEach((k, v) -> env.put(k, environment.getOrDefault(k, v)));
        if ("cuda".equals(profile)) {
            env.put("PYTORCH_FLAVOR", environment.getOrDefault("PYTORCH_FLAVOR", "cu128"));
        } else {
            argv.add("-Dai.djl.offline=true");
        }
        String extra = environment.getOrDefault("TRAINFREE_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            argv.addAll(List.of(extra.split("\\s+")));
        }
        argv.add("-cp");
        argv.add(classpath);
        argv.add(MAIN_CLASS);
        argv.add("{connection_file}");
        return new KernelSpec(argv, DISPLAY_NAME, "java", "message", env);
    }

    /** Whether {@code name} is a valid kernel name for Jupyter (letters, digits, {@code . _ -}). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * {@code kernel.json}: argv, display name, language, interrupt mode, the environment (keys sorted) and
     * {@code "metadata": {"debugger": false}}, pretty-printed.
     */
    public String toJson() {
        var json = new JsonObject();
        var args = new JsonArray();
        argv.forEach(args::add);
        json.add("argv", args);
        json.addProperty("display_name", displayName);
        json.addProperty("language", language);
        json.addProperty("interrupt_mode", interruptMode);
        var environment = new JsonObject();
        new TreeMap<>(env).forEach(environment::addProperty);
        json.add("env", environment);
        var metadata = new JsonObject();
        metadata.addProperty("debugger", false);
        json.add("metadata", metadata);
        return GSON.toJson(json) + "\n";
    }
}
