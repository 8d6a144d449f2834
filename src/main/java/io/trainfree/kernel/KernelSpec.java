package io.trainfree.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** {@code kernel.json}. */
    public String toJson() {
        var j = new StringBuilder("{\n  \"argv\": [");
        for (int i = 0; i < argv.size(); i++) {
            j.append(i == 0 ? "\n    " : ",\n    ").append(quote(argv.get(i)));
        }
        j.append("\n  ],\n");
        j.append("  \"display_name\": ").append(quote(displayName)).append(",\n");
        j.append("  \"language\": ").append(quote(language)).append(",\n");
        j.append("  \"interrupt_mode\": ").append(quote(interruptMode)).append(",\n");
        j.append("  \"env\": {");
        var keys = env.keySet().stream().sorted().toList();
        for (int i = 0; i < keys.size(); i++) {
            j.append(i == 0 ? "\n    " : ",\n    ").append(quote(keys.get(i))).append(": ")
                    .append(quote(env.get(keys.get(i))));
        }
        j.append(keys.isEmpty() ? "},\n" : "\n  },\n");
        j.append("  \"metadata\": {\"debugger\": false}\n}\n");
        return j.toString();
    }

    static String quote(String s) {
        var b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
