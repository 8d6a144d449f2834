package io.trainfree.space;

import java.util.Locale;

/** The two TransNAS-Bench-101 search spaces. */
public enum Tnb101Space {
    /** 4,096 cells (4 ops on 6 edges) in a fixed skeleton. */
    MICRO("micro", 4_096),
    /** 3,256 macro skeletons of 4 to 6 ResNet modules. */
    MACRO("macro", 3_256);

    private final String id;
    private final int size;

    Tnb101Space(String id, int size) {
        this.id = id;
        this.size = size;
    }

    /** {@code micro} or {@code macro}. */
    public String id() {
        return id;
    }

    /** Number of architectures. */
    public int size() {
        return size;
    }

    /** {@code micro} or {@code macro}, case-insensitively; anything else lists both. */
    public static Tnb101Space parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Tnb101Space s : values()) {
            if (s.id.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TransNAS-Bench-101 space '" + name + "'; known: micro, macro");
    }

    @Override
    public String toString() {
        return id;
    }
}
